package dev.conduit.channel;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static dev.conduit.channel.Threads.awaitBlocked;
import static dev.conduit.channel.Threads.start;
import static dev.conduit.channel.Threads.syncList;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The outcomes of a direct hand-off (issue 15): an item sent while a receiver waits is that
 * receiver's and the buffer keeps its room; a receive from a full channel moves the first waiting
 * sender's item into the buffer before it returns; a drop policy never drops an item promised to
 * a waiter; waiters are served in the order they began waiting. Each of these failed on the
 * channels before the waiter queue, which went through the buffer and woke everyone.
 */
class DirectHandOffTest {

    record Kind(String name, Supplier<Channel<Integer>> make) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** Capacity-1 channels that block when full: the ring and each lock-based ordering. */
    static Stream<Kind> capacityOne() {
        return Stream.of(
                new Kind("ring", () -> Channel.bounded(1)),
                new Kind("ring-blocking", () -> Channel.<Integer>builder().capacity(1).waitStrategy(WaitStrategy.BLOCKING).build()),
                new Kind("lifo", () -> Channel.<Integer>builder().capacity(1).lifo().build()),
                new Kind("priority", () -> Channel.<Integer>builder().capacity(1).priority(Integer::compare).build()));
    }

    /** Every blocking kind, for the order in which waiters are served. */
    static Stream<Kind> blocking() {
        return Stream.concat(capacityOne(), Stream.of(
                new Kind("ring-16", () -> Channel.bounded(16)),
                new Kind("unbounded", Channel::unbounded),
                new Kind("rendezvous", Channel::rendezvous)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("capacityOne")
    void anItemSentToAWaitingReceiverLeavesTheBufferItsRoom(Kind kind) throws Exception {
        Channel<Integer> c = kind.make.get();
        Threads.Running<Integer> receiver = start("receiver", c::take);
        awaitBlocked(receiver.thread());

        assertThat(c.offer(2)).as("offer(2) goes to the waiting receiver").isTrue();
        assertThat(c.offer(3)).as("offer(3) finds the buffer's room still free").isTrue();
        assertThat(c.offer(4)).as("now the buffer is full").isFalse();

        assertThat(receiver.join()).isEqualTo(2);
        assertThat(c.poll()).isEqualTo(3);
        assertThat(c.poll()).isNull();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("capacityOne")
    void aReceiveFromAFullChannelRefillsItFromTheWaitingSender(Kind kind) throws Exception {
        Channel<Integer> c = kind.make.get();
        c.put(1);
        Threads.Running<Void> sender = start("sender", () -> {
            c.put(2);
            return null;
        });
        awaitBlocked(sender.thread());

        assertThat(c.take()).isEqualTo(1);
        // The sender's item was moved in by the take itself, whether or not the sender has run since.
        assertThat(c.size()).isEqualTo(1);
        assertThat(c.isFull()).isTrue();
        assertThat(c.poll()).isEqualTo(2);
        sender.join();
        assertThat(c.stats().sent()).isEqualTo(2);
        assertThat(c.stats().received()).isEqualTo(2);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dropPolicies")
    void aDropPolicyNeverDropsAnItemPromisedToAWaiter(Overflow overflow, List<Integer> expected, List<Integer> dropped)
            throws Exception {
        List<Integer> undelivered = syncList();
        Channel<Integer> c = Channel.<Integer>builder().capacity(1).onFull(overflow).onUndelivered(undelivered::add).build();
        Threads.Running<Integer> first = start("first", c::take);
        awaitBlocked(first.thread());
        Threads.Running<Integer> second = start("second", c::take);
        awaitBlocked(second.thread());

        for (int i = 2; i <= 6; i++) {
            c.put(i);
        }
        List<Integer> delivered = new ArrayList<>(List.of(first.join(), second.join()));
        delivered.add(c.poll());
        assertThat(delivered).isEqualTo(expected);
        assertThat(undelivered).isEqualTo(dropped);
        assertThat(c.stats().dropped()).isEqualTo(dropped.size());
    }

    static Stream<org.junit.jupiter.params.provider.Arguments> dropPolicies() {
        return Stream.of(
                org.junit.jupiter.params.provider.Arguments.of(Overflow.DROP_OLDEST, List.of(2, 3, 6), List.of(4, 5)),
                org.junit.jupiter.params.provider.Arguments.of(Overflow.DROP_NEWEST, List.of(2, 3, 4), List.of(5, 6)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("blocking")
    void waitingReceiversAreServedInTheOrderTheyBeganWaiting(Kind kind) throws Exception {
        Channel<Integer> c = kind.make.get();
        List<Threads.Running<Integer>> receivers = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            Threads.Running<Integer> r = start("receiver-" + i, i % 2 == 0, c::take);
            awaitBlocked(r.thread());
            receivers.add(r);
        }
        for (int i = 0; i < 6; i++) {
            c.put(i);
        }
        for (int i = 0; i < 6; i++) {
            assertThat(receivers.get(i).join()).as("receiver %d", i).isEqualTo(i);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("blocking")
    void waitingSendersAreServedInTheOrderTheyBeganWaiting(Kind kind) throws Exception {
        Channel<Integer> c = kind.make.get();
        int capacity = c.capacity() == Integer.MAX_VALUE ? -1 : c.capacity();
        if (capacity < 0) {
            return; // an unbounded channel never makes a sender wait; the receivers' test covers it
        }
        for (int i = 0; i < capacity; i++) {
            c.put(-1);
        }
        List<Threads.Running<Void>> senders = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            int item = i;
            Threads.Running<Void> s = start("sender-" + i, i % 2 == 1, () -> {
                c.put(item);
                return null;
            });
            awaitBlocked(s.thread());
            senders.add(s);
        }
        List<Integer> taken = new ArrayList<>();
        for (int i = 0; i < capacity + 6; i++) {
            taken.add(c.take());
        }
        for (Threads.Running<Void> s : senders) {
            s.join();
        }
        // Each take refills the buffer from the first waiting sender, so even LIFO and priority
        // kinds (all of capacity 1 here) hand the waiting senders' items out in waiting order.
        assertThat(taken.subList(0, capacity)).allMatch(x -> x == -1);
        assertThat(taken.subList(capacity, taken.size())).containsExactly(0, 1, 2, 3, 4, 5);
    }
}
