package dev.conduit.sync;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class EventTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @Test
    void setClearAndTheStateTheyLeave() throws Exception {
        Event e = new Event();
        assertThat(e.isSet()).isFalse();
        assertThat(e.await(Duration.ZERO)).isFalse();
        assertThat(e.await(Duration.ofMillis(5))).isFalse();
        e.set();
        e.set(); // idempotent
        assertThat(e.isSet()).isTrue();
        e.await(); // returns at once
        assertThat(e.await(Duration.ZERO)).isTrue();
        assertThat(e).hasToString("Event[set]");
        e.clear();
        assertThat(e.isSet()).isFalse();
        assertThat(e.await(Duration.ofMillis(5))).isFalse();
        assertThat(new Event(true).isSet()).isTrue();
    }

    @Test
    void oneSetReleasesEveryWaiterPlatformAndVirtual() throws Exception {
        Event go = new Event();
        int n = 1000;
        CountDownLatch released = new CountDownLatch(n);
        AtomicInteger sawItSet = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Thread.Builder b = i % 100 == 0 ? Thread.ofPlatform() : Thread.ofVirtual();
            threads.add(b.start(() -> {
                try {
                    go.await();
                    if (go.isSet()) {
                        sawItSet.incrementAndGet();
                    }
                    released.countDown();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
        }
        assertThat(released.getCount()).isEqualTo(n); // nobody passes before the set
        go.set();
        assertThat(released.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(sawItSet).hasValue(n);
        for (Thread t : threads) {
            t.join();
        }
    }

    @Test
    void aSetIsNotLostToAQuickClear() throws Exception {
        Event pulse = new Event();
        int n = 20;
        CountDownLatch released = new CountDownLatch(n);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            threads.add(Thread.ofVirtual().start(() -> {
                try {
                    if (pulse.await(PATIENCE)) {
                        released.countDown();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
        }
        await().atMost(PATIENCE).until(() -> threads.stream().allMatch(t -> t.getState() == Thread.State.TIMED_WAITING));
        pulse.set();
        pulse.clear();
        assertThat(released.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(pulse.isSet()).isFalse();
    }

    @Test
    void aWaiterCanBeInterruptedAndATimedWaiterSeesALaterSet() throws Exception {
        Event never = new Event();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread waiter = Thread.ofVirtual().start(() -> {
            try {
                never.await();
            } catch (Throwable t) {
                thrown.set(t);
            }
        });
        await().atMost(PATIENCE).until(() -> waiter.getState() == Thread.State.WAITING);
        waiter.interrupt();
        waiter.join();
        assertThat(thrown.get()).isInstanceOf(InterruptedException.class);

        Event later = new Event();
        AtomicReference<Boolean> result = new AtomicReference<>();
        Thread timed = Thread.ofPlatform().start(() -> {
            try {
                result.set(later.await(PATIENCE));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        await().atMost(PATIENCE).until(() -> timed.getState() == Thread.State.TIMED_WAITING);
        later.set();
        timed.join();
        assertThat(result.get()).isTrue();
    }

    @Test
    void anEventStopsWorkersThatShareAList() throws Exception {
        // seed 001: a worker appends to a list while main reads it, until an event tells it to stop
        Event stop = new Event();
        Guarded<List<Integer>> shared = new Guarded<>(List.of());
        CountDownLatch enough = new CountDownLatch(1000);
        Thread worker = Thread.ofPlatform().start(() -> {
            int i = 0;
            while (!stop.isSet()) {
                int next = i++;
                shared.update(l -> {
                    List<Integer> copy = new ArrayList<>(l);
                    copy.add(next);
                    return List.copyOf(copy);
                });
                enough.countDown();
            }
        });
        enough.await();
        stop.set();
        worker.join();
        List<Integer> seen = shared.get();
        assertThat(seen).hasSizeGreaterThanOrEqualTo(1000);
        for (int i = 0; i < seen.size(); i++) {
            assertThat(seen.get(i)).isEqualTo(i);
        }
    }
}
