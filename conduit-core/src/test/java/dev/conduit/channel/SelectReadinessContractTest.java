package dev.conduit.channel;

import dev.conduit.channel.internal.AbstractChannel;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.conduit.channel.Threads.awaitBlocked;
import static dev.conduit.channel.Threads.start;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The readiness hook select relies on, part of the internal contract of every channel kind in
 * {@link ChannelKinds}: listeners run after every change that may let a receive, send or
 * close-observer proceed, and never for an attempt that changed nothing (or waiting selects would
 * wake each other for ever).
 */
class SelectReadinessContractTest {
    private static final String KINDS = "dev.conduit.channel.ChannelKinds#kinds";

    /** Counts listener runs on one channel. */
    private static AtomicInteger listen(Channel<Integer> ch) {
        AtomicInteger runs = new AtomicInteger();
        ((AbstractChannel<Integer>) ch).addReadinessListener(runs::incrementAndGet);
        return runs;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(KINDS)
    void firesWhenAnItemBecomesAvailable(ChannelKind kind) throws Exception {
        Channel<Integer> ch = kind.create();
        AtomicInteger runs = listen(ch);
        if (kind.rendezvous()) {
            // the item becomes available when a sender starts waiting with it
            var sender = start("sender", () -> {
                ch.put(1);
                return null;
            });
            awaitBlocked(sender.thread());
            assertThat(runs.get()).isPositive();
            assertThat(ch.poll()).isEqualTo(1);
            sender.join();
        } else {
            assertThat(ch.offer(1)).isTrue();
            assertThat(runs.get()).isPositive();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(KINDS)
    void firesWhenRoomAppears(ChannelKind kind) throws Exception {
        assumeTrue(kind.blocksWhenFull());
        Channel<Integer> ch = kind.create();
        AtomicInteger runs = listen(ch);
        if (kind.rendezvous()) {
            // room appears when a receiver starts waiting
            var receiver = start("receiver", ch::take);
            awaitBlocked(receiver.thread());
            assertThat(runs.get()).isPositive();
            assertThat(ch.offer(7)).isTrue();
            assertThat(receiver.join()).isEqualTo(7);
            return;
        }
        for (int i = 0; i < kind.capacity(); i++) {
            ch.put(i);
        }
        assertThat(ch.offer(-1)).isFalse();
        int before = runs.get();
        assertThat(ch.poll()).isNotNull();
        assertThat(runs.get()).isGreaterThan(before);
        assertThat(ch.offer(-2)).isTrue(); // full again
        before = runs.get();
        assertThat(ch.drainTo(new ArrayList<>(), 1)).isEqualTo(1);
        assertThat(runs.get()).isGreaterThan(before);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(KINDS)
    void firesOnCloseAndOnCancel(ChannelKind kind) {
        Channel<Integer> closed = kind.create();
        AtomicInteger closeRuns = listen(closed);
        closed.close();
        assertThat(closeRuns.get()).isPositive();

        Channel<Integer> cancelled = kind.create();
        AtomicInteger cancelRuns = listen(cancelled);
        cancelled.cancel();
        assertThat(cancelRuns.get()).isPositive();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(KINDS)
    void neverFiresForAnAttemptThatChangedNothing(ChannelKind kind) throws Exception {
        Channel<Integer> ch = kind.create();
        if (kind.blocksWhenFull() && !kind.rendezvous()) {
            for (int i = 0; i < kind.capacity(); i++) {
                ch.put(i);
            }
        }
        AtomicInteger runs = listen(ch);
        if (kind.blocksWhenFull()) {
            assertThat(ch.offer(-1)).isFalse();
            if (!kind.rendezvous()) { // a rendezvous sender that waits announces itself: a change
                assertThat(ch.offer(-1, Duration.ofMillis(5))).isFalse();
            }
        }
        if (kind.rendezvous() || !kind.blocksWhenFull()) {
            assertThat(ch.poll()).isNull();
            assertThat(ch.poll(Duration.ZERO)).isNull();
            assertThat(ch.drainTo(new ArrayList<>(), 5)).isZero();
        }
        if (!kind.rendezvous()) {
            // a timed poll on an empty channel
            Channel<Integer> empty = kind.create();
            AtomicInteger emptyRuns = listen(empty);
            assertThat(empty.poll(Duration.ofMillis(5))).isNull();
            assertThat(emptyRuns).hasValue(0);
        }
        assertThat(runs).as("listener runs for failed attempts on %s", kind).hasValue(0);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(KINDS)
    void aRemovedListenerIsNotRun(ChannelKind kind) throws Exception {
        Channel<Integer> ch = kind.create();
        AtomicInteger runs = new AtomicInteger();
        Runnable listener = runs::incrementAndGet;
        AbstractChannel<Integer> ac = (AbstractChannel<Integer>) ch;
        ac.addReadinessListener(listener);
        ac.removeReadinessListener(listener);
        ac.removeReadinessListener(listener); // absent: no effect
        ch.close();
        assertThat(runs).hasValue(0);
    }
}
