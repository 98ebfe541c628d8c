package dev.conduit.channel.internal;

import dev.conduit.channel.Channel;
import dev.conduit.channel.Select;
import dev.conduit.channel.WaitStrategy;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A send wakes at most one waiting receiver and a receive at most one waiting sender (issue 15):
 * counted by the channel's own wake-up counter, for every implementation, with receivers and
 * selects waiting. Before the waiter queue, one send to a channel with 200 parked receivers woke
 * all 200, and a parked select was woken by every change on every channel it watched.
 */
class WakeUpCountTest {
    private static final int WAITERS = 200;
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    record Kind(String name, Supplier<Channel<Integer>> make) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Kind> kinds() {
        return Stream.of(
                new Kind("ring", () -> Channel.bounded(4)),
                new Kind("ring-blocking", () -> Channel.<Integer>builder().capacity(4).waitStrategy(WaitStrategy.BLOCKING).build()),
                new Kind("lifo", () -> Channel.<Integer>builder().capacity(4).lifo().build()),
                new Kind("unbounded", Channel::unbounded),
                new Kind("rendezvous", Channel::rendezvous));
    }

    private static AbstractChannel<?> internals(Channel<?> c) {
        return (AbstractChannel<?>) c;
    }

    private static List<Thread> parked(AbstractChannel<?> c, byte kind, int n, Runnable body) {
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            threads.add(Thread.ofVirtual().start(body));
        }
        await().atMost(PATIENCE).until(() -> c.liveWaiters(kind) == n);
        return threads;
    }

    private static void joinAll(List<Thread> threads) throws InterruptedException {
        for (Thread t : threads) {
            t.join(PATIENCE.toMillis());
            assertThat(t.isAlive()).as(t + " finished").isFalse();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void eachSendWakesOneWaitingReceiver(Kind kind) throws Exception {
        Channel<Integer> c = kind.make.get();
        AbstractChannel<?> in = internals(c);
        AtomicLong sum = new AtomicLong();
        List<Thread> receivers = parked(in, Waiter.RECEIVE, WAITERS, () -> {
            try {
                sum.addAndGet(c.take());
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        });
        long before = in.wakeups();
        for (int i = 1; i <= WAITERS; i++) {
            c.put(i);
            assertThat(in.wakeups() - before).as("wake-ups after %d sends", i).isEqualTo(i);
        }
        joinAll(receivers);
        assertThat(sum.get()).isEqualTo((long) WAITERS * (WAITERS + 1) / 2);
        assertThat(in.wakeups() - before).isEqualTo(WAITERS);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void eachReceiveWakesOneWaitingSender(Kind kind) throws Exception {
        Channel<Integer> c = kind.make.get();
        if (c.capacity() == Integer.MAX_VALUE) {
            return; // senders never wait on an unbounded channel
        }
        AbstractChannel<?> in = internals(c);
        for (int i = 0; i < c.capacity(); i++) {
            c.put(0);
        }
        List<Thread> senders = parked(in, Waiter.SEND, WAITERS, () -> {
            try {
                c.put(1);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        });
        long before = in.wakeups();
        long sum = 0;
        for (int i = 1; i <= WAITERS; i++) {
            sum += c.take();
            assertThat(in.wakeups() - before).as("wake-ups after %d receives", i).isEqualTo(i);
        }
        joinAll(senders);
        while (!c.isEmpty()) {
            sum += c.take();
        }
        assertThat(sum).isEqualTo(WAITERS);
        assertThat(in.wakeups() - before).isEqualTo(WAITERS);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void aSendWakesOneOfManyWaitingSelectsAndTheOthersStayQueued(Kind kind) throws Exception {
        Channel<Integer> c = kind.make.get();
        Channel<Integer> other = Channel.bounded(1);
        AbstractChannel<?> in = internals(c);
        AbstractChannel<?> otherIn = internals(other);
        AtomicLong sum = new AtomicLong();
        List<Thread> selects = parked(in, Waiter.RECEIVE, WAITERS, () -> {
            try {
                sum.addAndGet(Select.<Integer>create().onTake(c, x -> x).onTake(other, x -> -x).await());
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        });
        long before = in.wakeups();
        long otherBefore = otherIn.wakeups();
        for (int i = 1; i <= WAITERS; i++) {
            c.put(i);
            assertThat(in.wakeups() - before).as("wake-ups after %d sends", i).isEqualTo(i);
        }
        joinAll(selects);
        assertThat(sum.get()).isEqualTo((long) WAITERS * (WAITERS + 1) / 2);
        assertThat(otherIn.wakeups() - otherBefore).as("the other channel woke no one").isZero();
        assertThat(otherIn.liveWaiters(Waiter.RECEIVE)).as("finished selects left no live node behind").isZero();
    }
}
