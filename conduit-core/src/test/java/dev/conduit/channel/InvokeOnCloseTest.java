package dev.conduit.channel;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;

import static dev.conduit.channel.Threads.start;
import static dev.conduit.channel.Threads.syncList;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link Channel#invokeOnClose}: each callback runs exactly once, with the cause of the first
 * close, on the closing thread (or at once if already closed), in registration order, also for a
 * cancel, and a failing callback stops neither the others nor the close.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class InvokeOnCloseTest {

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.conduit.channel.ChannelKinds#kinds")
    void runsOnceOnTheClosingThreadWithNoCauseAfterClose(ChannelKind kind) {
        Channel<Integer> c = kind.create();
        List<String> calls = new ArrayList<>();
        Thread me = Thread.currentThread();
        c.invokeOnClose(cause -> calls.add("first " + cause + " " + (Thread.currentThread() == me)));
        c.invokeOnClose(cause -> calls.add("second " + c.isClosedForSend()));
        assertThat(calls).isEmpty();
        c.close();
        assertThat(calls).containsExactly("first null true", "second true");
        c.close(new IOException("late"));
        c.cancel();
        assertThat(calls).as("later closes run nothing").hasSize(2);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.conduit.channel.ChannelKinds#kinds")
    void passesTheCauseOfCloseAndACancellationForCancel(ChannelKind kind) {
        Channel<Integer> failed = kind.create();
        AtomicReference<Throwable> seen = new AtomicReference<>();
        failed.invokeOnClose(seen::set);
        IOException why = new IOException("disk gone");
        failed.close(why);
        assertThat(seen.get()).isSameAs(why);

        Channel<Integer> cancelled = kind.create();
        cancelled.invokeOnClose(seen::set);
        cancelled.cancel();
        assertThat(seen.get()).isInstanceOf(CancellationException.class).hasMessageContaining(cancelled.name());
    }

    @Test
    void aCancelRunsTheCallbacksAfterHandingBackTheItems() throws Exception {
        List<String> events = syncList();
        Channel<Integer> c = Channel.<Integer>builder().capacity(4).onUndelivered(i -> events.add("undelivered " + i)).build();
        c.put(1);
        c.put(2);
        c.invokeOnClose(cause -> events.add("closed, " + c.size() + " left"));
        assertThat(c.cancel()).containsExactly(1, 2);
        assertThat(events).containsExactly("undelivered 1", "undelivered 2", "closed, 0 left");
    }

    @Test
    void onAClosedChannelItRunsAtOnceWithTheFirstClosesCause() {
        Channel<Integer> c = Channel.bounded(2);
        IOException why = new IOException("first");
        c.close(why);
        c.cancel();
        AtomicReference<Throwable> seen = new AtomicReference<>();
        Thread[] on = new Thread[1];
        c.invokeOnClose(cause -> {
            seen.set(cause);
            on[0] = Thread.currentThread();
        });
        assertThat(seen.get()).isSameAs(why);
        assertThat(on[0]).isSameAs(Thread.currentThread());
    }

    @Test
    void aCallbackMayUseTheChannel() throws Exception {
        Channel<Integer> c = Channel.bounded(4);
        c.put(1);
        c.put(2);
        List<Integer> drained = new ArrayList<>();
        c.invokeOnClose(cause -> c.drainTo(drained, 10));
        c.close();
        assertThat(drained).containsExactly(1, 2);
        assertThat(c.isClosedForReceive()).isTrue();
    }

    @Test
    void everyCallbackRunsEvenIfOneThrowsAndTheFirstFailureIsThrown() {
        Channel<Integer> c = Channel.unbounded();
        List<Integer> ran = new ArrayList<>();
        c.invokeOnClose(cause -> {
            ran.add(1);
            throw new IllegalStateException("one");
        });
        c.invokeOnClose(cause -> ran.add(2));
        c.invokeOnClose(cause -> {
            ran.add(3);
            throw new AssertionError("three");
        });
        assertThatThrownBy(c::close).isInstanceOf(IllegalStateException.class).hasMessage("one")
                .satisfies(e -> assertThat(e.getSuppressed()).hasSize(1));
        assertThat(ran).containsExactly(1, 2, 3);
        assertThat(c.isClosedForSend()).isTrue();
    }

    @Test
    void aNullCallbackIsRefusedNamingTheChannel() {
        Channel<Integer> c = Channel.<Integer>builder().name("orders").build();
        assertThatThrownBy(() -> c.invokeOnClose(null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("orders");
    }

    @Test
    void callbacksRegisteredWhileAnotherThreadClosesRunExactlyOnce() throws Exception {
        int rounds = 200, registrars = 3, each = 50;
        for (int round = 0; round < rounds; round++) {
            Channel<Integer> c = Channel.bounded(1);
            AtomicIntegerArray runs = new AtomicIntegerArray(registrars * each);
            CyclicBarrier go = new CyclicBarrier(registrars + 1);
            List<Threads.Running<Void>> threads = new ArrayList<>();
            for (int r = 0; r < registrars; r++) {
                int base = r * each;
                threads.add(start("registrar-" + r, () -> {
                    go.await();
                    for (int i = 0; i < each; i++) {
                        int id = base + i;
                        c.invokeOnClose(cause -> runs.incrementAndGet(id));
                    }
                    return null;
                }));
            }
            go.await();
            if (round % 2 == 0) {
                c.close();
            } else {
                c.cancel();
            }
            for (Threads.Running<Void> t : threads) {
                t.join();
            }
            for (int i = 0; i < runs.length(); i++) {
                assertThat(runs.get(i)).as("round %d, callback %d", round, i).isEqualTo(1);
            }
        }
    }
}
