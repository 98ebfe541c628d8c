package dev.conduit.channel;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static dev.conduit.channel.Threads.awaitBlocked;
import static dev.conduit.channel.Threads.start;
import static dev.conduit.channel.Threads.syncList;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link Broadcast}: every subscriber gets exactly the items sent after it joined, in one order
 * shared by all, under concurrent senders, joins and leaves; drop policies drop for their
 * subscriber only and hand each dropped item to its {@code onUndelivered}; closes propagate both
 * ways; subscriptions and the inlet work in a select.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BroadcastTest {

    @Test
    void aSubscriberGetsExactlyTheItemsSentAfterItJoinedInOrder() throws Exception {
        int items = 5_000, joiners = 6;
        Broadcast<Integer> b = Broadcast.create("numbers");
        AtomicLong lastSent = new AtomicLong(-1); // the last item whose put has returned
        CountDownLatch someJoined = new CountDownLatch(1);
        Threads.Running<Void> sender = start("sender", () -> {
            someJoined.await();
            for (int i = 0; i < items; i++) {
                b.put(i);
                lastSent.set(i);
            }
            b.close();
            return null;
        });
        List<Threads.Running<long[]>> subscribers = new ArrayList<>();
        for (int k = 0; k < joiners; k++) {
            subscribers.add(start("subscriber-" + k, () -> {
                long before = lastSent.get();
                Channel<Integer> sub = b.subscribe(8);
                long after = lastSent.get();
                someJoined.countDown();
                long first = -1, expected = -1, count = 0;
                for (Integer i : sub) {
                    if (first < 0) {
                        first = expected = i;
                    }
                    assertThat(i).as("in order, none missing").isEqualTo((int) expected);
                    expected++;
                    count++;
                }
                return new long[] {before, after, first, expected, count};
            }));
        }
        sender.join();
        for (Threads.Running<long[]> s : subscribers) {
            long[] r = s.join();
            long before = r[0], after = r[1], first = r[2], end = r[3];
            if (first < 0) { // joined so late that nothing was left: possible only after the last send began
                assertThat(after).isGreaterThanOrEqualTo(items - 2);
                continue;
            }
            assertThat(first).as("nothing sent before it joined").isGreaterThan(before);
            assertThat(first).as("everything sent after it joined").isLessThanOrEqualTo(after + 2);
            assertThat(end).as("up to the last item").isEqualTo(items);
        }
        assertThat(b.subscriberCount()).isZero();
    }

    @Test
    void concurrentSendersJoinsAndLeavesKeepOneOrderForAll() throws Exception {
        int senders = 3, each = 1_500;
        Broadcast<Integer> b = Broadcast.create();
        Channel<Integer> early = b.subscribe(4);
        List<Integer> earlyGot = syncList();
        Threads.Running<Void> earlyReader = start("early", () -> {
            early.forEach(earlyGot::add);
            return null;
        });
        CountDownLatch halfway = new CountDownLatch(1);
        List<Threads.Running<Void>> sending = new ArrayList<>();
        for (int s = 0; s < senders; s++) {
            int base = s * each;
            sending.add(start("sender-" + s, () -> {
                for (int i = 0; i < each; i++) {
                    b.put(base + i);
                    if (i == each / 2) {
                        halfway.countDown();
                    }
                }
                return null;
            }));
        }
        halfway.await();
        Channel<Integer> late = b.subscribe(2);
        List<Integer> lateGot = syncList();
        Threads.Running<Void> lateReader = start("late", () -> {
            late.forEach(lateGot::add);
            return null;
        });
        Channel<Integer> leaver = b.subscribe(2);
        List<Integer> leaverGot = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            leaverGot.add(leaver.take());
        }
        leaver.close(); // leaves; what it had buffered is still there for it
        for (Threads.Running<Void> s : sending) {
            s.join();
        }
        b.close();
        earlyReader.join();
        lateReader.join();

        assertThat(earlyGot).hasSize(senders * each).doesNotHaveDuplicates();
        for (int s = 0; s < senders; s++) { // each sender's items in its own order
            int base = s * each;
            List<Integer> mine = earlyGot.stream().filter(i -> i >= base && i < base + each).toList();
            assertThat(mine).isSorted();
        }
        // The late joiner saw a suffix of the one order; the leaver a contiguous run of it.
        assertThat(lateGot).isNotEmpty();
        assertThat(earlyGot.subList(earlyGot.size() - lateGot.size(), earlyGot.size())).isEqualTo(lateGot);
        int at = earlyGot.indexOf(leaverGot.getFirst());
        assertThat(earlyGot.subList(at, at + leaverGot.size())).isEqualTo(leaverGot);
        assertThat(b.subscriberCount()).isZero();
    }

    @Test
    void dropPoliciesDropForTheirSubscriberOnlyAndReportEachDrop() throws Exception {
        int items = 1_000;
        Broadcast<Integer> b = Broadcast.create("ticks");
        AtomicInteger newestDropped = new AtomicInteger(), oldestDropped = new AtomicInteger();
        Channel<Integer> keepsFirst = b.subscribe(4, Overflow.DROP_NEWEST, i -> newestDropped.incrementAndGet());
        Channel<Integer> keepsLast = b.subscribe(4, Overflow.DROP_OLDEST, i -> oldestDropped.incrementAndGet());
        Channel<Integer> all = b.subscribe(Channel.<Integer>builder().unbounded());
        for (int i = 0; i < items; i++) {
            b.put(i); // never waits: nobody reads yet, and nobody blocks
        }
        b.close();
        assertThat(drain(keepsFirst)).containsExactly(0, 1, 2, 3);
        assertThat(drain(keepsLast)).containsExactly(items - 4, items - 3, items - 2, items - 1);
        assertThat(drain(all)).hasSize(items);
        assertThat(newestDropped.get()).isEqualTo(items - 4).isEqualTo((int) keepsFirst.stats().dropped());
        assertThat(oldestDropped.get()).isEqualTo(items - 4).isEqualTo((int) keepsLast.stats().dropped());
        assertThat(all.stats().dropped()).isZero();
    }

    private static List<Integer> drain(Channel<Integer> c) {
        List<Integer> out = new ArrayList<>();
        c.forEach(out::add);
        return out;
    }

    @Test
    void aFullBlockingSubscriberMakesTheSenderWaitAndLeavingReleasesIt() throws Exception {
        Broadcast<Integer> b = Broadcast.create();
        Channel<Integer> slow = b.subscribe(1);
        Channel<Integer> other = b.subscribe(8);
        b.put(1);
        Threads.Running<Void> sender = start("sender", () -> {
            b.put(2);
            b.put(3);
            return null;
        });
        awaitBlocked(sender.thread());
        assertThat(slow.take()).isEqualTo(1); // room: put(2) goes on and waits again at put(3)
        awaitBlocked(sender.thread());
        slow.cancel(); // leaves: the sender passes it by
        sender.join();
        assertThat(b.subscriberCount()).as("the slow one left").isEqualTo(1);
        assertThat(drain(closeAnd(other))).containsExactly(1, 2, 3);
        assertThat(b.subscriberCount()).isZero();
    }

    private static Channel<Integer> closeAnd(Channel<Integer> c) {
        c.close();
        return c;
    }

    @Test
    void anInterruptedSendThrowsAndTheBroadcastGoesOn() throws Exception {
        Broadcast<Integer> b = Broadcast.create();
        Channel<Integer> full = b.subscribe(1);
        b.put(1);
        Threads.Running<Void> sender = start("sender", () -> {
            b.put(2);
            return null;
        });
        awaitBlocked(sender.thread());
        sender.thread().interrupt();
        assertThat(sender.failure()).isInstanceOf(InterruptedException.class);
        assertThat(full.take()).isEqualTo(1);
        b.put(3);
        assertThat(full.take()).isEqualTo(3);
    }

    @Test
    void closesPropagateToSubscriptionsWithTheirCause() throws Exception {
        Broadcast<String> b = Broadcast.create("news");
        Channel<String> sub = b.subscribe(4);
        b.put("a");
        IOException why = new IOException("feed lost");
        b.close(why);
        assertThat(b.isClosed()).isTrue();
        assertThat(sub.take()).isEqualTo("a");
        assertThatThrownBy(sub::take).isInstanceOf(ChannelClosedException.class).hasCause(why);
        assertThatThrownBy(() -> b.put("b")).isInstanceOf(ChannelClosedException.class).hasMessageContaining("news");
        Channel<String> afterwards = b.subscribe(4);
        assertThat(afterwards.isClosedForReceive()).isTrue();
        assertThatThrownBy(afterwards::take).hasCause(why);
        assertThat(b.toString()).contains("news", "closed");
    }

    @Test
    void cancelHandsBackWhatSubscribersHadBuffered() throws Exception {
        Broadcast<Integer> b = Broadcast.create();
        List<Integer> undelivered = syncList();
        Channel<Integer> sub = b.subscribe(4, Overflow.BLOCK, undelivered::add);
        b.put(1);
        b.put(2);
        b.cancel();
        assertThat(undelivered).containsExactly(1, 2);
        assertThatThrownBy(sub::take).isInstanceOf(ChannelClosedException.class)
                .satisfies(e -> assertThat(((ChannelClosedException) e).wasCancelled()).isTrue());
    }

    @Test
    void subscriptionsAndTheInletWorkInASelect() throws Exception {
        Broadcast<Integer> evens = Broadcast.create("evens");
        Broadcast<Integer> odds = Broadcast.create("odds");
        Channel<Integer> e = evens.subscribe(4);
        Channel<Integer> o = odds.subscribe(4);
        List<Integer> got = syncList();
        List<Throwable> ends = syncList();
        Threads.Running<Void> reader = start("reader", () -> {
            Select<Void> loop = Select.<Void>create().dropFinished()
                    .onTake(e, i -> { got.add(i); return null; })
                    .onTake(o, i -> { got.add(i); return null; });
            while (!loop.isFinished()) {
                try {
                    loop.await();
                } catch (ChannelClosedException failed) { // dropped all the same: the loop goes on
                    ends.add(failed);
                }
            }
            return null;
        });
        Channel<Integer> evensIn = evens.inlet();
        Channel<Integer> oddsIn = odds.inlet();
        assertThat(evens.inlet()).isSameAs(evensIn);
        for (int i = 0; i < 200; i++) {
            int item = i;
            Select.<Void>create() // one send clause into each broadcast; the matching one fires
                    .onPut(item % 2 == 0 ? evensIn : oddsIn, item, () -> null)
                    .await();
        }
        evensIn.close(); // closing an inlet closes its broadcast, after what it forwarded
        oddsIn.close(new IOException("odd source gone")); // with the same cause
        reader.join();
        assertThat(got).hasSize(200).doesNotHaveDuplicates();
        assertThat(got.stream().filter(i -> i % 2 == 0).toList()).isSorted();
        assertThat(got.stream().filter(i -> i % 2 == 1).toList()).isSorted();
        assertThat(ends).singleElement().satisfies(x -> assertThat(x).hasCauseInstanceOf(IOException.class));
        assertThat(evens.isClosed()).isTrue();
        assertThat(odds.isClosed()).isTrue();

        Broadcast<Integer> third = Broadcast.create();
        Channel<Integer> thirdIn = third.inlet();
        third.close(); // closing a broadcast closes its inlet
        assertThat(thirdIn.isClosedForSend()).isTrue();
        assertThat(third.inlet()).isSameAs(thirdIn);
    }

    @Test
    void badArgumentsAreRefusedNamingTheBroadcast() {
        Broadcast<Integer> b = Broadcast.create("prices");
        assertThatThrownBy(() -> b.subscribe(0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("prices");
        assertThatThrownBy(() -> b.subscribe(Channel.<Integer>builder().capacity(0)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rendezvous");
        assertThatThrownBy(() -> b.put(null)).isInstanceOf(NullPointerException.class).hasMessageContaining("prices");
        assertThatThrownBy(() -> Broadcast.create(" ")).isInstanceOf(IllegalArgumentException.class);
        assertThat(b.subscribe(2).name()).startsWith("prices-subscriber-");
    }
}
