package dev.conduit.channel;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static dev.conduit.channel.Threads.PATIENCE;
import static dev.conduit.channel.Threads.start;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Many real threads, platform and virtual, with invariants checked at the end: every item
 * delivered exactly once (a bit per item), and under cancel the ledger
 * {@code taken + returned == sent} with no item in both.
 */
class ChannelConcurrencyTest {
    private static final String KINDS = "dev.conduit.channel.ChannelKinds#multiParty";
    private static final int PRODUCERS = 4, CONSUMERS = 4;
    /** Items per run (raise it with -Dconduit.test.items=N for a longer run). */
    private static final int ITEMS = Integer.getInteger("conduit.test.items", 1_000_000);

    /** With room for at most one item every hand-off costs a context switch, so those kinds move fewer. */
    private static int itemsFor(ChannelKind kind) {
        return kind.capacity() <= 1 ? ITEMS / 10 : ITEMS;
    }

    /** What the consumers saw: one bit per item, and how many times any item was seen twice. */
    private static final class Ledger {
        final BitSet seen = new BitSet();
        long duplicates;
        long count;

        synchronized void addAll(BitSet mine, long n) {
            BitSet overlap = (BitSet) mine.clone();
            overlap.and(seen);
            duplicates += overlap.cardinality();
            seen.or(mine);
            count += n;
        }
    }

    private static void runExactlyOnce(ChannelKind kind, boolean virtual) throws Exception {
        Channel<Integer> ch = kind.create();
        int items = itemsFor(kind);
        Ledger ledger = new Ledger();
        AtomicLong dupWithinConsumer = new AtomicLong();
        List<Threads.Running<Boolean>> consumers = new ArrayList<>();
        for (int c = 0; c < CONSUMERS; c++) {
            consumers.add(start("consumer-" + c, virtual, () -> {
                BitSet mine = new BitSet(items);
                long n = 0;
                for (int item : ch) {
                    if (mine.get(item)) {
                        dupWithinConsumer.incrementAndGet();
                    }
                    mine.set(item);
                    n++;
                }
                ledger.addAll(mine, n);
                return true;
            }));
        }
        List<Threads.Running<Boolean>> producers = new ArrayList<>();
        for (int p = 0; p < PRODUCERS; p++) {
            int first = p;
            producers.add(start("producer-" + p, virtual, () -> {
                for (int i = first; i < items; i += PRODUCERS) { // interleaved ranges
                    ch.put(i);
                }
                return true;
            }));
        }
        for (var p : producers) {
            p.join();
        }
        ch.close();
        for (var c : consumers) {
            c.join();
        }
        assertThat(dupWithinConsumer.get()).as("duplicates within a consumer").isZero();
        assertThat(ledger.duplicates).as("duplicates across consumers").isZero();
        assertThat(ledger.count).as("items received").isEqualTo(items);
        assertThat(ledger.seen.cardinality()).as("distinct items received").isEqualTo(items);
        assertThat(ch.stats().sent()).isEqualTo(items);
        assertThat(ch.stats().received()).isEqualTo(items);
        assertThat(ch.isClosedForReceive()).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(KINDS)
    void fourProducersFourConsumersDeliverEveryItemExactlyOnce(ChannelKind kind) throws Exception {
        assumeTrue(!kind.drops());
        runExactlyOnce(kind, false);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(KINDS)
    void theSameOnVirtualThreads(ChannelKind kind) throws Exception {
        assumeTrue(!kind.drops());
        runExactlyOnce(kind, true);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(KINDS)
    void dropPoliciesAccountForEveryItem(ChannelKind kind) throws Exception {
        assumeTrue(kind.drops());
        AtomicLong dropped = new AtomicLong();
        AtomicLong droppedSum = new AtomicLong();
        Channel<Integer> ch = kind.create(item -> {
            dropped.incrementAndGet();
            droppedSum.addAndGet(item);
        });
        int items = ITEMS / 4;
        AtomicLong received = new AtomicLong();
        AtomicLong receivedSum = new AtomicLong();
        List<Threads.Running<Boolean>> consumers = new ArrayList<>();
        for (int c = 0; c < CONSUMERS; c++) {
            consumers.add(start("consumer-" + c, () -> {
                for (int item : ch) {
                    received.incrementAndGet();
                    receivedSum.addAndGet(item);
                    ch.taskDone();
                }
                return true;
            }));
        }
        List<Threads.Running<Boolean>> producers = new ArrayList<>();
        for (int p = 0; p < PRODUCERS; p++) {
            int first = p;
            producers.add(start("producer-" + p, () -> {
                for (int i = first; i < items; i += PRODUCERS) {
                    ch.put(i);
                }
                return true;
            }));
        }
        for (var p : producers) {
            p.join();
        }
        ch.close();
        for (var c : consumers) {
            c.join();
        }
        long expectedSum = (long) items * (items - 1) / 2;
        assertThat(received.get() + dropped.get()).isEqualTo(items);
        assertThat(receivedSum.get() + droppedSum.get()).isEqualTo(expectedSum);
        assertThat(ch.stats().dropped()).isEqualTo(dropped.get());
        assertThat(ch.unfinishedTasks()).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(KINDS)
    void cancelUnderLoadLosesAndDuplicatesNothing(ChannelKind kind) throws Exception {
        assumeTrue(!kind.drops());
        for (int round = 0; round < 5; round++) {
            Channel<Integer> ch = kind.create();
            BitSet sent = new BitSet();
            Ledger taken = new Ledger();
            CountDownLatch flowing = new CountDownLatch(1);
            List<Threads.Running<Boolean>> producers = new ArrayList<>();
            for (int p = 0; p < PRODUCERS; p++) {
                int first = p;
                producers.add(start("producer-" + p, () -> {
                    BitSet mine = new BitSet();
                    try {
                        for (int i = first; ; i += PRODUCERS) {
                            ch.put(i);
                            mine.set(i); // only items whose put returned count as sent
                        }
                    } catch (ChannelClosedException expected) {
                        synchronized (sent) {
                            sent.or(mine);
                        }
                    }
                    return true;
                }));
            }
            List<Threads.Running<Boolean>> consumers = new ArrayList<>();
            for (int c = 0; c < CONSUMERS; c++) {
                consumers.add(start("consumer-" + c, () -> {
                    BitSet mine = new BitSet();
                    long n = 0;
                    try {
                        for (;;) {
                            mine.set(ch.take());
                            if (++n == 1000) {
                                flowing.countDown();
                            }
                        }
                    } catch (ChannelClosedException expected) {
                        taken.addAll(mine, n);
                    }
                    return true;
                }));
            }
            assertThat(flowing.await(PATIENCE.toSeconds(), java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            int pause = ThreadLocalRandom.current().nextInt(1000);
            for (int i = 0; i < pause; i++) {
                Thread.onSpinWait(); // cancel at a random point, not as synchronization
            }
            List<Integer> returned = ch.cancel();
            for (var p : producers) {
                p.join();
            }
            for (var c : consumers) {
                c.join();
            }
            BitSet returnedBits = new BitSet();
            returned.forEach(returnedBits::set);
            assertThat(returnedBits.cardinality()).as("returned items are distinct").isEqualTo(returned.size());
            BitSet both = (BitSet) returnedBits.clone();
            both.and(taken.seen);
            assertThat(both.cardinality()).as("items both taken and returned").isZero();
            assertThat(taken.duplicates).as("items taken twice").isZero();
            BitSet accounted = (BitSet) taken.seen.clone();
            accounted.or(returnedBits);
            assertThat(accounted).as("taken + returned == sent").isEqualTo(sent);
            assertThat(ch.unfinishedTasks()).isEqualTo(taken.count);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(KINDS)
    void timeoutsAndInterruptsUnderLoadKeepTheLedger(ChannelKind kind) throws Exception {
        assumeTrue(!kind.drops());
        Channel<Integer> ch = kind.create();
        int items = itemsFor(kind) / 10;
        Ledger taken = new Ledger();
        AtomicInteger next = new AtomicInteger();
        BitSet sent = new BitSet();
        List<Threads.Running<Boolean>> producers = new ArrayList<>();
        for (int p = 0; p < PRODUCERS; p++) {
            producers.add(start("producer-" + p, () -> {
                BitSet mine = new BitSet();
                ThreadLocalRandom r = ThreadLocalRandom.current();
                int i = next.getAndIncrement();
                while (i < items) {
                    try {
                        boolean ok = r.nextBoolean() ? ch.offer(i, java.time.Duration.ofNanos(r.nextInt(50_000)))
                                : put(ch, i);
                        if (ok) {
                            mine.set(i);
                            i = next.getAndIncrement();
                        }
                    } catch (InterruptedException e) {
                        // the same item is tried again: an interrupted send left nothing behind
                    }
                }
                synchronized (sent) {
                    sent.or(mine);
                }
                return true;
            }));
        }
        List<Threads.Running<Boolean>> consumers = new ArrayList<>();
        for (int c = 0; c < CONSUMERS; c++) {
            consumers.add(start("consumer-" + c, () -> {
                BitSet mine = new BitSet();
                long n = 0;
                ThreadLocalRandom r = ThreadLocalRandom.current();
                for (;;) {
                    try {
                        Integer item = r.nextBoolean() ? ch.poll(java.time.Duration.ofNanos(r.nextInt(50_000))) : ch.take();
                        if (item != null) {
                            mine.set(item);
                            n++;
                        }
                    } catch (InterruptedException e) {
                        // nothing was removed; go on
                    } catch (ChannelClosedException end) {
                        break;
                    }
                }
                taken.addAll(mine, n);
                return true;
            }));
        }
        Thread interrupter = Thread.ofPlatform().name("interrupter").start(() -> {
            ThreadLocalRandom r = ThreadLocalRandom.current();
            while (!Thread.currentThread().isInterrupted()) {
                var victims = r.nextBoolean() ? producers : consumers;
                victims.get(r.nextInt(victims.size())).thread().interrupt();
                Thread.yield();
            }
        });
        for (var p : producers) {
            p.join();
        }
        interrupter.interrupt();
        interrupter.join();
        ch.close();
        for (var c : consumers) {
            try {
                c.join();
            } catch (InterruptedException straggler) {
                // a consumer may see one last interrupt from the interrupter; outcome still counts
            }
        }
        await().atMost(PATIENCE).until(() -> consumers.stream().noneMatch(c -> c.thread().isAlive()));
        assertThat(taken.duplicates).isZero();
        assertThat(taken.seen).isEqualTo(sent);
        assertThat(taken.count).isEqualTo(items);
    }

    private static boolean put(Channel<Integer> ch, int item) throws InterruptedException {
        ch.put(item);
        return true;
    }

    @Test
    void tenThousandVirtualTakersBlockedOnOneChannelAllWakeOnClose() throws Exception {
        Channel<Integer> ch = Channel.bounded(8);
        int takers = 10_000;
        AtomicInteger closedSeen = new AtomicInteger();
        AtomicInteger received = new AtomicInteger();
        List<Thread> threads = new ArrayList<>(takers);
        for (int i = 0; i < takers; i++) {
            threads.add(Thread.ofVirtual().start(() -> {
                try {
                    ch.take();
                    received.incrementAndGet();
                } catch (ChannelClosedException e) {
                    closedSeen.incrementAndGet();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
        }
        await().atMost(PATIENCE).until(() -> threads.stream().allMatch(t -> t.getState() == Thread.State.WAITING));
        for (int i = 0; i < 100; i++) {
            ch.put(i);
        }
        ch.close();
        for (Thread t : threads) {
            t.join(PATIENCE.toMillis());
        }
        assertThat(threads).noneMatch(Thread::isAlive);
        assertThat(received.get()).isEqualTo(100);
        assertThat(closedSeen.get()).isEqualTo(takers - 100);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(KINDS)
    void awaitTasksReturnsOnlyAfterEveryConsumerFinishedEveryItem(ChannelKind kind) throws Exception {
        assumeTrue(!kind.drops());
        Channel<Integer> ch = kind.create();
        int items = itemsFor(kind) / 20;
        AtomicLong finished = new AtomicLong();
        List<Threads.Running<Boolean>> consumers = new ArrayList<>();
        for (int c = 0; c < 8; c++) {
            consumers.add(start("consumer-" + c, c % 2 == 0, () -> {
                for (int ignored : ch) {
                    finished.incrementAndGet(); // the work, then
                    ch.taskDone();
                }
                return true;
            }));
        }
        var producer = start("producer", () -> {
            for (int i = 0; i < items; i++) {
                ch.put(i);
            }
            return true;
        });
        producer.join();
        ch.awaitTasks();
        assertThat(finished.get()).isEqualTo(items);
        assertThat(ch.unfinishedTasks()).isZero();
        ch.close();
        for (var c : consumers) {
            c.join();
        }
    }
}
