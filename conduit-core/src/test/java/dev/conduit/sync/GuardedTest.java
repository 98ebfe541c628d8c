package dev.conduit.sync;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class GuardedTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @Test
    void getSetAndUpdate() throws Exception {
        Guarded<String> g = new Guarded<>(null);
        assertThat(g.get()).isNull();
        g.set("a");
        assertThat(g.update(s -> s + "b")).isEqualTo("ab");
        assertThat(g.get()).isEqualTo("ab");
        assertThatThrownBy(() -> g.update(s -> {
            throw new IllegalStateException("no");
        })).hasMessage("no");
        assertThat(g.get()).isEqualTo("ab"); // a failed update changes nothing
        assertThat(g.awaitUntil(s -> s.startsWith("a"))).isEqualTo("ab");
        assertThat(g.awaitUntil(s -> s.isEmpty(), Duration.ofMillis(5))).isFalse();
        assertThat(g.awaitAndUpdate(s -> s.isEmpty(), s -> "x", Duration.ZERO)).isFalse();
        assertThat(g.get()).isEqualTo("ab");
        assertThat(g).hasToString("Guarded[ab]");
        assertThatThrownBy(() -> g.update(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void bankAccountWithDepositorsAndWithdrawers() throws Exception {
        // seed 003: withdrawals wait until the balance covers them; the balance never goes negative
        long initial = 1_000;
        Guarded<Long> balance = new Guarded<>(initial);
        int depositors = 6;
        int withdrawers = 6;
        int opsEach = 2_000;
        AtomicLong deposited = new AtomicLong();
        AtomicLong withdrawn = new AtomicLong();
        AtomicLong lowest = new AtomicLong(Long.MAX_VALUE);
        List<Thread> threads = new ArrayList<>();
        // Withdrawers ask for at most what depositors bring in, so every withdrawal eventually succeeds.
        long[][] withdrawals = new long[withdrawers][opsEach];
        long[][] deposits = new long[depositors][opsEach];
        for (int w = 0; w < withdrawers; w++) {
            for (int i = 0; i < opsEach; i++) {
                withdrawals[w][i] = 1 + ThreadLocalRandom.current().nextInt(150);
                deposits[w][i] = withdrawals[w][i] + ThreadLocalRandom.current().nextInt(3);
            }
        }
        for (int d = 0; d < depositors; d++) {
            long[] mine = deposits[d];
            threads.add((d % 2 == 0 ? Thread.ofVirtual() : Thread.ofPlatform()).start(() -> {
                for (long amount : mine) {
                    balance.update(b -> b + amount);
                    deposited.addAndGet(amount);
                }
            }));
        }
        for (int w = 0; w < withdrawers; w++) {
            long[] mine = withdrawals[w];
            threads.add((w % 2 == 0 ? Thread.ofPlatform() : Thread.ofVirtual()).start(() -> {
                try {
                    for (long amount : mine) {
                        long after = balance.awaitAndUpdate(b -> b >= amount, b -> b - amount);
                        lowest.accumulateAndGet(after, Math::min);
                        withdrawn.addAndGet(amount);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        assertThat(balance.get()).isEqualTo(initial + deposited.get() - withdrawn.get());
        assertThat(lowest.get()).isNotNegative();
        long expectedWithdrawn = 0;
        for (long[] row : withdrawals) {
            for (long a : row) {
                expectedWithdrawn += a;
            }
        }
        assertThat(withdrawn.get()).isEqualTo(expectedWithdrawn);
    }

    @Test
    void aChangeThatHelpsNobodyWakesNobody() throws Exception {
        Guarded<Integer> level = new Guarded<>(0);
        AtomicReference<Thread> waiterThread = new AtomicReference<>();
        AtomicInteger checksInWaiter = new AtomicInteger();
        AtomicInteger checksElsewhere = new AtomicInteger();
        Thread waiter = Thread.ofVirtual().unstarted(() -> {
            try {
                level.awaitUntil(v -> {
                    if (Thread.currentThread() == waiterThread.get()) {
                        checksInWaiter.incrementAndGet();
                    } else {
                        checksElsewhere.incrementAndGet();
                    }
                    return v >= 10;
                });
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        waiterThread.set(waiter);
        waiter.start();
        await().atMost(PATIENCE).until(() -> waiter.getState() == Thread.State.WAITING);
        for (int v = 1; v < 10; v++) {
            level.set(v);
        }
        assertThat(waiter.getState()).isEqualTo(Thread.State.WAITING);
        level.set(10);
        waiter.join();
        // once before parking, once after the one change that satisfied it: never for 1..9
        assertThat(checksInWaiter).hasValue(2);
        assertThat(checksElsewhere).hasValue(10);
    }

    @Test
    void manyWaitersWithDifferentThresholdsWakeInTurn() throws Exception {
        Guarded<Integer> counter = new Guarded<>(0);
        int n = 200;
        CountDownLatch done = new CountDownLatch(n);
        AtomicInteger wrongValue = new AtomicInteger();
        for (int i = 1; i <= n; i++) {
            int threshold = i;
            Thread.ofVirtual().start(() -> {
                try {
                    int seen = counter.awaitUntil(v -> v >= threshold);
                    if (seen < threshold) {
                        wrongValue.incrementAndGet();
                    }
                    done.countDown();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
        for (int i = 0; i < n; i++) {
            counter.update(v -> v + 1);
        }
        assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(wrongValue).hasValue(0);
    }

    @Test
    void aPredicateThatThrowsFailsInItsOwnWaiter() throws Exception {
        Guarded<Integer> g = new Guarded<>(0);
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread waiter = Thread.ofPlatform().start(() -> {
            try {
                g.awaitUntil(v -> {
                    if (v == 13) {
                        throw new IllegalArgumentException("unlucky");
                    }
                    return false;
                });
            } catch (Throwable t) {
                thrown.set(t);
            }
        });
        await().atMost(PATIENCE).until(() -> waiter.getState() == Thread.State.WAITING);
        g.set(13); // the setter is not hurt by the waiter's predicate
        waiter.join();
        assertThat(thrown.get()).isInstanceOf(IllegalArgumentException.class).hasMessage("unlucky");
        assertThat(g.get()).isEqualTo(13);
    }

    @Test
    void anInterruptedWaiterChangesNothing() throws Exception {
        Guarded<Integer> g = new Guarded<>(5);
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread waiter = Thread.ofVirtual().start(() -> {
            try {
                g.awaitAndUpdate(v -> v > 100, v -> -1);
            } catch (Throwable t) {
                thrown.set(t);
            }
        });
        await().atMost(PATIENCE).until(() -> waiter.getState() == Thread.State.WAITING);
        waiter.interrupt();
        waiter.join();
        assertThat(thrown.get()).isInstanceOf(InterruptedException.class);
        g.set(1000);
        assertThat(g.get()).isEqualTo(1000);
    }
}
