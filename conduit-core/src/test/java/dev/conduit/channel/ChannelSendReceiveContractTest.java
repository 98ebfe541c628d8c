package dev.conduit.channel;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import static dev.conduit.channel.Threads.awaitBlocked;
import static dev.conduit.channel.Threads.start;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Sending, receiving, ordering, overflow and state queries: the contract of every channel kind. */
class ChannelSendReceiveContractTest {
    private static final String KINDS = "dev.conduit.channel.ChannelKinds#kinds";

    /** The order {@code kind} hands out {@code sent} (distinct items, all buffered, nothing dropped). */
    static List<Integer> expectedOrder(ChannelKind kind, List<Integer> sent) {
        List<Integer> order = new ArrayList<>(sent);
        switch (kind.ordering()) {
            case FIFO -> { }
            case LIFO -> java.util.Collections.reverse(order);
            case PRIORITY -> order.sort(Comparator.naturalOrder());
        }
        return order;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(KINDS)
    void itemsComeOutInTheKindsOrder(ChannelKind kind) throws Exception {
        assumeTrue(!kind.rendezvous() && kind.capacity() >= 3);
        Channel<Integer> ch = kind.create();
        List<Integer> sent = List.of(3, 1, 2);
        for (int i : sent) {
            ch.put(i);
        }
        assertThat(ch.size()).isEqualTo(3);
        List<Integer> got = List.of(ch.take(), ch.poll(), ch.poll(Duration.ofSeconds(5)));
        assertThat(got).isEqualTo(expectedOrder(kind, sent));
        assertThat(ch.isEmpty()).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(KINDS)
    void pollOnEmptyReturnsNullAndTimedPollTimesOut(ChannelKind kind) throws Exception {
        Channel<Integer> ch = kind.create();
        assertThat(ch.poll()).isNull();
        assertThat(ch.poll(Duration.ofMillis(20))).isNull();
        assertThat(ch.poll(Duration.ZERO)).isNull();
        assertThat(ch.poll(Duration.ofMillis(-5))).isNull();
        assertThat(ch.drainTo(new ArrayList<>(), 10)).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(KINDS)
    void nullItemsAreRejectedNamingTheChannel(ChannelKind kind) {
        Channel<Integer> ch = kind.create();
        assertThatThrownBy(() -> ch.put(null)).isInstanceOf(NullPointerException.class).hasMessageContaining(ch.name());
        assertThatThrownBy(() -> ch.offer(null)).isInstanceOf(NullPointerException.class).hasMessageContaining(ch.name());
        assertThatThrownBy(() -> ch.offer(null, Duration.ofSeconds(1)))
                .isInstanceOf(NullPointerException.class).hasMessageContaining(ch.name());
        assertThat(ch.size()).isZero();
        assertThat(ch.unfinishedTasks()).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(KINDS)
    void aFullBlockingChannelRefusesOffersAndTimesOutTimedOffers(ChannelKind kind) throws Exception {
        assumeTrue(kind.blocksWhenFull());
        Channel<Integer> ch = kind.create();
        for (int i = 0; i < kind.capacity(); i++) {
            assertThat(ch.offer(i)).isTrue();
        }
        assertThat(ch.isFull()).isTrue();
        assertThat(ch.offer(-1)).isFalse();
        assertThat(ch.offer(-2, Duration.ofMillis(20))).isFalse();
        assertThat(ch.size()).isEqualTo(kind.capacity());
        List<Integer> all = new ArrayList<>();
        ch.drainTo(all, Integer.MAX_VALUE);
        assertThat(all).doesNotContain(-1, -2).hasSize(kind.capacity());
        assertThat(ch.unfinishedTasks()).isEqualTo(kind.capacity());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(KINDS)
    void putWaitsForRoomAndCompletesWhenAReceiverTakes(ChannelKind kind) throws Exception {
        assumeTrue(kind.blocksWhenFull());
        Channel<Integer> ch = kind.create();
        for (int i = 0; i < kind.capacity(); i++) {
            ch.put(i);
        }
        var putter = start("putter", () -> {
            ch.put(100);
            return true;
        });
        awaitBlocked(putter.thread());
        assertThat(putter.outcome()).isNotDone();
        Integer first = ch.take();
        assertThat(putter.join()).isTrue();
        List<Integer> rest = new ArrayList<>();
        ch.drainTo(rest, Integer.MAX_VALUE);
        rest.add(first);
        assertThat(rest).contains(100).hasSize(kind.capacity() + 1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(KINDS)
    void takeWaitsForAnItem(ChannelKind kind) throws Exception {
        Channel<Integer> ch = kind.create();
        var taker = start("taker", ch::take);
        awaitBlocked(taker.thread());
        ch.put(7);
        assertThat(taker.join()).isEqualTo(7);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(KINDS)
    void timedPollReceivesAnItemSentWhileWaiting(ChannelKind kind) throws Exception {
        Channel<Integer> ch = kind.create();
        var taker = start("taker", () -> ch.poll(Threads.PATIENCE));
        awaitBlocked(taker.thread());
        assertThat(ch.offer(8, Threads.PATIENCE)).isTrue();
        assertThat(taker.join()).isEqualTo(8);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(KINDS)
    void rendezvousHandsOffOnlyWhenBothSidesAreThere(ChannelKind kind) throws Exception {
        assumeTrue(kind.rendezvous());
        Channel<Integer> ch = kind.create();
        assertThat(ch.offer(1)).as("offer with no receiver waiting").isFalse();
        assertThat(ch.isFull()).isTrue();
        assertThat(ch.poll()).as("poll with no sender waiting").isNull();
        var putter = start("putter", () -> {
            ch.put(2);
            return true;
        });
        awaitBlocked(putter.thread());
        assertThat(ch.size()).isEqualTo(1);
        assertThat(ch.poll()).isEqualTo(2);
        assertThat(putter.join()).isTrue();
        var taker = start("taker", ch::take);
        awaitBlocked(taker.thread());
        assertThat(ch.offer(3)).as("offer while a receiver waits").isTrue();
        assertThat(taker.join()).isEqualTo(3);
        assertThat(ch.unfinishedTasks()).isEqualTo(2);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(KINDS)
    void dropOldestEvictsTheLongestWaitingItemAndHandsItBack(ChannelKind kind) throws Exception {
        assumeTrue(kind.overflow() == Overflow.DROP_OLDEST);
        List<Integer> undelivered = Threads.syncList();
        Channel<Integer> ch = kind.create(undelivered::add);
        int n = kind.capacity() + 3;
        for (int i = 0; i < n; i++) {
            assertThat(ch.offer(i)).isTrue();
        }
        ch.put(n); // never blocks
        assertThat(undelivered).containsExactly(0, 1, 2, 3);
        List<Integer> kept = new ArrayList<>();
        ch.drainTo(kept, Integer.MAX_VALUE);
        List<Integer> expectedKept = new ArrayList<>();
        for (int i = 4; i <= n; i++) {
            expectedKept.add(i);
        }
        assertThat(kept).isEqualTo(expectedOrder(kind, expectedKept));
        assertThat(ch.stats().dropped()).isEqualTo(4);
        assertThat(ch.unfinishedTasks()).isEqualTo(kept.size());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(KINDS)
    void dropNewestRefusesTheIncomingItemAndHandsItBack(ChannelKind kind) throws Exception {
        assumeTrue(kind.overflow() == Overflow.DROP_NEWEST);
        List<Integer> undelivered = Threads.syncList();
        Channel<Integer> ch = kind.create(undelivered::add);
        for (int i = 0; i < kind.capacity(); i++) {
            ch.put(i);
        }
        assertThat(ch.offer(100)).isTrue();
        ch.put(101);
        assertThat(ch.offer(102, Duration.ofSeconds(1))).isTrue();
        assertThat(undelivered).containsExactly(100, 101, 102);
        List<Integer> kept = new ArrayList<>();
        ch.drainTo(kept, Integer.MAX_VALUE);
        assertThat(kept).containsExactlyInAnyOrderElementsOf(
                java.util.stream.IntStream.range(0, kind.capacity()).boxed().toList());
        assertThat(ch.unfinishedTasks()).isEqualTo(kind.capacity());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(KINDS)
    void drainToMovesAtMostMaxInReceivingOrder(ChannelKind kind) throws Exception {
        assumeTrue(!kind.rendezvous() && kind.capacity() >= 5);
        Channel<Integer> ch = kind.create();
        List<Integer> sent = List.of(5, 3, 9, 1, 7);
        for (int i : sent) {
            ch.put(i);
        }
        List<Integer> sink = new ArrayList<>();
        assertThat(ch.drainTo(sink, 0)).isZero();
        assertThat(ch.drainTo(sink, 3)).isEqualTo(3);
        assertThat(ch.drainTo(sink, 10)).isEqualTo(2);
        assertThat(sink).isEqualTo(expectedOrder(kind, sent));
        assertThat(ch.stats().received()).isEqualTo(5);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(KINDS)
    void stateQueriesDescribeTheChannel(ChannelKind kind) throws Exception {
        Channel<Integer> ch = kind.create();
        assertThat(ch.name()).isEqualTo("test-" + kind.name());
        assertThat(ch.capacity()).isEqualTo(kind.capacity());
        assertThat(ch.isEmpty()).isTrue();
        assertThat(ch.size()).isZero();
        assertThat(ch.isFull()).isEqualTo(kind.rendezvous());
        assertThat(ch.toString()).contains(ch.name(), "open",
                kind.unbounded() ? "unbounded" : String.valueOf(kind.capacity()));
        if (!kind.rendezvous()) {
            ch.put(1);
            assertThat(ch.isEmpty()).isFalse();
            assertThat(ch.size()).isEqualTo(1);
            assertThat(ch.isFull()).isEqualTo(kind.capacity() == 1);
            assertThat(ch.toString()).contains("size=1");
        }
        ch.close();
        assertThat(ch.toString()).contains("closed");
        ch.cancel();
        assertThat(ch.toString()).contains("cancelled");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(KINDS)
    void statsCountWhatWasSentReceivedAndWaitedFor(ChannelKind kind) throws Exception {
        Channel<Integer> ch = kind.create();
        var taker = start("taker", ch::take);
        awaitBlocked(taker.thread());
        ch.put(1);
        taker.join();
        ChannelStats s = ch.stats();
        assertThat(s.name()).isEqualTo(ch.name());
        assertThat(s.sent()).isEqualTo(1);
        assertThat(s.received()).isEqualTo(1);
        assertThat(s.takeStarvedNanos()).isPositive();
        assertThat(s.peakSize()).isBetween(0, 1);
    }

    /**
     * The first waits of a fresh channel finish together and create its wait totals in a race:
     * every wait must still land, and in its own side's total. Timed waits read the clock, so each
     * timed-out one adds at least its timeout.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource(KINDS)
    void concurrentTimedOutWaitsAllCountAndOnlyOnTheirSide(ChannelKind kind) throws Exception {
        Duration timeout = Duration.ofMillis(20);
        int receivers = kind.singleConsumer() ? 1 : 4;
        Channel<Integer> ch = kind.create();
        CountDownLatch go = new CountDownLatch(1);
        List<Threads.Running<Integer>> polls = new ArrayList<>();
        for (int i = 0; i < receivers; i++) {
            polls.add(start("poll-" + i, i % 2 == 0, () -> {
                go.await();
                return ch.poll(timeout) == null ? 1 : 0;
            }));
        }
        go.countDown();
        for (Threads.Running<Integer> p : polls) {
            assertThat(p.join()).as("an empty channel's timed poll times out").isEqualTo(1);
        }
        assertThat(ch.stats().takeStarvedNanos()).as("every timed-out poll counts as starved")
                .isGreaterThanOrEqualTo(receivers * timeout.toNanos());
        assertThat(ch.stats().putBlockedNanos()).as("no sender waited").isZero();
        if (!kind.blocksWhenFull()) {
            return;
        }
        for (int i = 0; i < kind.capacity(); i++) {
            ch.put(i);
        }
        long starved = ch.stats().takeStarvedNanos();
        int senders = kind.singleProducer() ? 1 : 4;
        CountDownLatch go2 = new CountDownLatch(1);
        List<Threads.Running<Integer>> offers = new ArrayList<>();
        for (int i = 0; i < senders; i++) {
            int item = 100 + i;
            offers.add(start("offer-" + i, i % 2 == 1, () -> {
                go2.await();
                return ch.offer(item, timeout) ? 0 : 1;
            }));
        }
        go2.countDown();
        for (Threads.Running<Integer> o : offers) {
            assertThat(o.join()).as("a full channel's timed offer times out").isEqualTo(1);
        }
        assertThat(ch.stats().putBlockedNanos()).as("every timed-out offer counts as blocked")
                .isGreaterThanOrEqualTo(senders * timeout.toNanos());
        assertThat(ch.stats().takeStarvedNanos()).as("no receiver waited since").isEqualTo(starved);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(KINDS)
    void itemsThatCompareEqualLeaveAPriorityChannelInSendingOrder(ChannelKind kind) throws Exception {
        assumeTrue(kind.ordering() == dev.conduit.channel.internal.Ordering.PRIORITY && kind.blocksWhenFull());
        record Job(int priority, String name) { }
        Channel<Job> ch = Channel.<Job>builder().capacity(kind.capacity())
                .priority(Comparator.comparingInt(Job::priority)).build();
        ch.put(new Job(2, "a"));
        ch.put(new Job(1, "b"));
        ch.put(new Job(2, "c"));
        ch.put(new Job(1, "d"));
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            names.add(ch.take().name());
        }
        assertThat(names).containsExactly("b", "d", "a", "c");
    }
}
