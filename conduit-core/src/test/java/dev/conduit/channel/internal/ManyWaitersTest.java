package dev.conduit.channel.internal;

import dev.conduit.channel.Channel;
import dev.conduit.channel.ChannelClosedException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.LongAdder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A hundred thousand virtual threads parked in {@code take()} on one channel (issue 15): every item
 * reaches exactly one of them, and {@code close()} wakes every one still waiting. With the old
 * wake-everyone stack one send cost as much as all waiters; here it costs one hand-off.
 */
class ManyWaitersTest {
    private static final Duration PATIENCE = Duration.ofSeconds(120);

    private static Channel<Integer> make(String kind) {
        return switch (kind) {
            case "ring" -> Channel.bounded(16);
            case "unbounded" -> Channel.unbounded();
            case "rendezvous" -> Channel.rendezvous();
            default -> throw new IllegalArgumentException(kind);
        };
    }

    @ParameterizedTest(name = "{0}, {1} waiters")
    @CsvSource({"ring, 100000", "unbounded, 10000", "rendezvous, 10000"})
    void everyParkedReceiverIsServedOnceAndTheRestAreWokenByClose(String kind, int waiters) throws Exception {
        Channel<Integer> c = make(kind);
        AbstractChannel<?> in = (AbstractChannel<?>) c;
        AtomicIntegerArray seen = new AtomicIntegerArray(waiters / 2);
        LongAdder served = new LongAdder(), closed = new LongAdder(), other = new LongAdder();
        Thread[] threads = new Thread[waiters];
        for (int i = 0; i < waiters; i++) {
            threads[i] = Thread.ofVirtual().start(() -> {
                try {
                    seen.incrementAndGet(c.take());
                    served.increment();
                } catch (ChannelClosedException e) {
                    closed.increment();
                } catch (Throwable t) {
                    other.increment();
                }
            });
        }
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(50)).until(() -> in.liveWaiters(Waiter.RECEIVE) == waiters);

        long before = in.wakeups();
        for (int i = 0; i < waiters / 2; i++) {
            c.put(i);
        }
        await().atMost(PATIENCE).until(() -> served.sum() == waiters / 2);
        assertThat(in.wakeups() - before).as("one wake-up per item").isEqualTo(waiters / 2);
        assertThat(in.liveWaiters(Waiter.RECEIVE)).isEqualTo(waiters / 2);

        c.close();
        for (Thread t : threads) {
            t.join(PATIENCE.toMillis());
            assertThat(t.isAlive()).isFalse();
        }
        for (int i = 0; i < waiters / 2; i++) {
            assertThat(seen.get(i)).as("item %d", i).isEqualTo(1);
        }
        assertThat(served.sum()).isEqualTo(waiters / 2);
        assertThat(closed.sum()).isEqualTo(waiters / 2);
        assertThat(other.sum()).isZero();
        assertThat(in.wakeups() - before).as("close woke each remaining waiter once").isEqualTo(waiters);
        assertThat(c.stats().received()).isEqualTo(waiters / 2);
    }
}
