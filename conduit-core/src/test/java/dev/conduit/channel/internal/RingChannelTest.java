package dev.conduit.channel.internal;

import dev.conduit.channel.Channel;
import dev.conduit.channel.ChannelBuilder;
import dev.conduit.channel.ChannelClosedException;
import dev.conduit.channel.WaitStrategy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The lock-free ring under load: every item exactly once with several senders and receivers, each
 * wait strategy, platform and virtual threads; close and cancel racing with in-flight sends; wake-ups
 * of parked parties. The contract suite covers the API method by method; this covers the races.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RingChannelTest {

    private static <T> Channel<T> ring(int capacity, WaitStrategy strategy) {
        Channel<T> ch = Channel.<T>builder().capacity(capacity).waitStrategy(strategy).build();
        assertThat(ch).isInstanceOf(RingChannel.class);
        return ch;
    }

    @Test
    void factoryPicksTheRingOnlyForBoundedFifoBlock() {
        assertThat(Channel.bounded(1)).isInstanceOf(RingChannel.class);
        assertThat(Channel.bounded(1000)).isInstanceOf(RingChannel.class);
        assertThat(Channel.<String>builder().singleProducer().singleConsumer().build()).isInstanceOf(RingChannel.class);
        assertThat(Channel.unbounded()).isInstanceOf(LockedChannel.class);
        assertThat(Channel.<String>builder().lifo().build()).isInstanceOf(LockedChannel.class);
        assertThat(Channel.<String>builder().capacity(ChannelFactory.MAX_RING_CAPACITY + 1).build())
                .isInstanceOf(LockedChannel.class);
    }

    @ParameterizedTest
    @EnumSource(WaitStrategy.class)
    void holdsExactlyItsCapacityEvenWhenNotAPowerOfTwo(WaitStrategy strategy) throws InterruptedException {
        Channel<Integer> ch = ring(3, strategy);
        for (int lap = 0; lap < 5; lap++) {
            assertThat(ch.offer(1)).isTrue();
            assertThat(ch.offer(2)).isTrue();
            assertThat(ch.offer(3)).isTrue();
            assertThat(ch.offer(4)).isFalse();
            assertThat(ch.offer(4, Duration.ofMillis(1))).isFalse();
            assertThat(ch.isFull()).isTrue();
            assertThat(ch.take()).isEqualTo(1);
            assertThat(ch.poll()).isEqualTo(2);
            assertThat(ch.poll(Duration.ofMillis(1))).isEqualTo(3);
            assertThat(ch.poll()).isNull();
            assertThat(ch.isEmpty()).isTrue();
        }
        assertThat(ch.stats().peakSize()).isEqualTo(3);
        assertThat(ch.stats().sent()).isEqualTo(15);
        assertThat(ch.stats().received()).isEqualTo(15);
    }

    /** 4 senders x 4 receivers, every item exactly once (a bit per item, no bit twice). */
    @ParameterizedTest
    @EnumSource(value = WaitStrategy.class, names = {"SPIN_THEN_PARK", "BLOCKING"})
    void manySendersManyReceiversDeliverEveryItemOnce(WaitStrategy strategy) throws Exception {
        everyItemOnce(ring(10, strategy), 4, 4, 25_000); // 10: not a power of two, indexed by modulo
    }

    /** The busy strategies with fewer threads than 4x4: 8 spinning threads on 2 loaded CPUs crawl. */
    @ParameterizedTest
    @EnumSource(value = WaitStrategy.class, names = {"YIELDING", "BUSY_SPIN"})
    void busyStrategiesDeliverEveryItemOnce(WaitStrategy strategy) throws Exception {
        everyItemOnce(ring(8, strategy), 2, 1, 4_000);
    }

    private static void everyItemOnce(Channel<Integer> ch, int producers, int consumers, int perProducer)
            throws Exception {
        BitSet[] seen = new BitSet[consumers];
        try (ExecutorService pool = Executors.newFixedThreadPool(producers + consumers);
             UnblockOnFailure unblock = new UnblockOnFailure(ch)) {
            List<Future<?>> sends = new ArrayList<>();
            for (int p = 0; p < producers; p++) {
                int base = p * perProducer;
                sends.add(pool.submit(() -> {
                    for (int i = 0; i < perProducer; i++) {
                        ch.put(base + i);
                    }
                    return null;
                }));
            }
            List<Future<?>> receives = new ArrayList<>();
            for (int k = 0; k < consumers; k++) {
                BitSet mine = seen[k] = new BitSet();
                receives.add(pool.submit(() -> {
                    for (Integer item : ch) {
                        assertThat(mine.get(item)).as("duplicate %s", item).isFalse();
                        mine.set(item);
                    }
                    return null;
                }));
            }
            for (Future<?> f : sends) {
                f.get();
            }
            ch.close();
            for (Future<?> f : receives) {
                f.get();
            }
            unblock.disarm();
        }
        BitSet all = new BitSet();
        int total = 0;
        for (BitSet s : seen) {
            assertThat(all.intersects(s)).as("an item reached two receivers").isFalse();
            all.or(s);
            total += s.cardinality();
        }
        assertThat(total).isEqualTo(producers * perProducer);
        assertThat(all.cardinality()).isEqualTo(producers * perProducer);
        assertThat(ch.isClosedForReceive()).isTrue();
    }

    /** With the single-producer/consumer hints: FIFO order preserved end to end, on virtual threads. */
    @Test
    void singleProducerSingleConsumerKeepsOrderOnVirtualThreads() throws Exception {
        Channel<Integer> ch = Channel.<Integer>builder().capacity(16).singleProducer().singleConsumer().build();
        int n = 50_000;
        Thread producer = Thread.ofVirtual().start(() -> {
            try {
                for (int i = 0; i < n; i++) {
                    ch.put(i);
                }
                ch.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        AtomicLong expected = new AtomicLong();
        Thread consumer = Thread.ofVirtual().start(() -> ch.forEach(item -> {
            if (item != expected.getAndIncrement()) {
                throw new AssertionError("out of order: " + item);
            }
        }));
        producer.join();
        consumer.join();
        assertThat(expected.get()).isEqualTo(n);
    }

    /**
     * Close races with in-flight sends: every send either returned normally (and its item is
     * received) or threw ChannelClosedException (and its item is nowhere).
     */
    @ParameterizedTest
    @EnumSource(value = WaitStrategy.class, names = {"SPIN_THEN_PARK", "BLOCKING"})
    void closeUnderLoadLosesNothingAcceptedAndKeepsNothingRejected(WaitStrategy strategy) throws Exception {
        for (int round = 0; round < 10; round++) {
            Channel<Integer> ch = ring(8, strategy);
            ConcurrentLinkedQueue<Integer> sent = new ConcurrentLinkedQueue<>();
            ConcurrentLinkedQueue<Integer> received = new ConcurrentLinkedQueue<>();
            CountDownLatch started = new CountDownLatch(4);
            try (ExecutorService pool = Executors.newFixedThreadPool(6);
                 UnblockOnFailure unblock = new UnblockOnFailure(ch)) {
                for (int p = 0; p < 4; p++) {
                    int base = p * 1_000_000;
                    pool.submit(() -> {
                        started.countDown();
                        return sendUntilClosed(ch, base, sent);
                    });
                }
                for (int k = 0; k < 2; k++) {
                    pool.submit(() -> {
                        ch.forEach(received::add);
                        return null;
                    });
                }
                started.await();
                await().atMost(Duration.ofSeconds(30)).until(() -> received.size() > 1_000);
                ch.close();
                unblock.disarm();
            }
            assertSameItems(received, sent);
            assertThat(ch.isClosedForReceive()).isTrue();
        }
    }

    /** Cancel races with senders and receivers: taken + returned == sent, and nothing is in both. */
    @ParameterizedTest
    @EnumSource(value = WaitStrategy.class, names = {"SPIN_THEN_PARK", "BLOCKING", "YIELDING"})
    void cancelUnderLoadReturnsEveryBufferedItemExactlyOnce(WaitStrategy strategy) throws Exception {
        for (int round = 0; round < 10; round++) {
            ConcurrentLinkedQueue<Integer> undelivered = new ConcurrentLinkedQueue<>();
            Channel<Integer> ch = Channel.<Integer>builder().capacity(64).waitStrategy(strategy)
                    .onUndelivered(undelivered::add).build();
            ConcurrentLinkedQueue<Integer> sent = new ConcurrentLinkedQueue<>();
            ConcurrentLinkedQueue<Integer> received = new ConcurrentLinkedQueue<>();
            List<Integer> returned;
            try (ExecutorService pool = Executors.newFixedThreadPool(5);
                 UnblockOnFailure unblock = new UnblockOnFailure(ch)) {
                for (int p = 0; p < 3; p++) {
                    int base = p * 1_000_000;
                    pool.submit(() -> sendUntilClosed(ch, base, sent));
                }
                for (int k = 0; k < 2; k++) {
                    pool.submit(() -> {
                        try {
                            for (;;) {
                                received.add(ch.take());
                            }
                        } catch (ChannelClosedException cancelled) {
                            assertThat(cancelled.wasCancelled()).isTrue();
                            return null;
                        }
                    });
                }
                await().atMost(Duration.ofSeconds(30)).until(() -> received.size() > 1_000);
                returned = ch.cancel();
                unblock.disarm();
            }
            assertThat(undelivered).containsExactlyElementsOf(returned);
            List<Integer> both = new ArrayList<>(received);
            both.addAll(returned);
            assertSameItems(both, sent);
            assertThat(ch.cancel()).isEmpty();
            assertThat(ch.stats().received() + ch.stats().dropped()).isEqualTo(ch.stats().sent());
        }
    }

    @ParameterizedTest
    @EnumSource(WaitStrategy.class)
    void parkedTakersAndPuttersWakeOnItemsRoomAndClose(WaitStrategy strategy) throws Exception {
        Channel<Integer> ch = ring(1, strategy);
        ConcurrentLinkedQueue<Object> outcomes = new ConcurrentLinkedQueue<>();
        List<Thread> takers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            takers.add(Thread.ofVirtual().start(() -> {
                try {
                    outcomes.add(ch.take());
                } catch (ChannelClosedException | InterruptedException e) {
                    outcomes.add(e.getClass());
                }
            }));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> takers.stream().allMatch(t -> t.getState() == Thread.State.WAITING));
        ch.put(7);
        ch.put(8);
        await().atMost(Duration.ofSeconds(30)).until(() -> outcomes.size() == 2);
        ch.close();
        for (Thread t : takers) {
            t.join();
        }
        assertThat(outcomes).containsExactlyInAnyOrder(7, 8, ChannelClosedException.class);

        Channel<Integer> full = ring(1, strategy);
        full.put(1);
        Thread putter = Thread.ofVirtual().start(() -> {
            try {
                full.put(2);
                outcomes.add("put 2");
            } catch (ChannelClosedException | InterruptedException e) {
                outcomes.add(e.getClass());
            }
        });
        await().atMost(Duration.ofSeconds(30)).until(() -> putter.getState() == Thread.State.WAITING);
        assertThat(full.take()).isEqualTo(1);
        putter.join();
        assertThat(full.take()).isEqualTo(2);
        assertThat(outcomes).contains("put 2");
    }

    @Test
    void interruptedTakeLosesNoItemAndInterruptedPutLeavesNothing() throws Exception {
        Channel<Integer> ch = ring(1, WaitStrategy.SPIN_THEN_PARK);
        CountDownLatch done = new CountDownLatch(1);
        Thread taker = Thread.ofPlatform().start(() -> {
            assertThatThrownBy(ch::take).isInstanceOf(InterruptedException.class);
            done.countDown();
        });
        await().atMost(Duration.ofSeconds(30)).until(() -> taker.getState() == Thread.State.WAITING);
        taker.interrupt();
        assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
        ch.put(1);
        Thread putter = Thread.ofPlatform().start(() ->
                assertThatThrownBy(() -> ch.put(2)).isInstanceOf(InterruptedException.class));
        await().atMost(Duration.ofSeconds(30)).until(() -> putter.getState() == Thread.State.WAITING);
        putter.interrupt();
        putter.join();
        assertThat(ch.poll()).isEqualTo(1);
        assertThat(ch.poll()).isNull();
        assertThat(ch.stats().sent()).isEqualTo(1);
    }

    @Test
    void thousandsOfVirtualTakersWakeOnCloseWithCause() throws Exception {
        Channel<Integer> ch = ring(4, WaitStrategy.SPIN_THEN_PARK);
        IllegalStateException cause = new IllegalStateException("upstream failed");
        AtomicLong failedWithCause = new AtomicLong();
        List<Thread> takers = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            takers.add(Thread.ofVirtual().start(() -> {
                try {
                    ch.take();
                } catch (ChannelClosedException e) {
                    if (e.getCause() == cause) {
                        failedWithCause.incrementAndGet();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
        }
        ch.close(cause);
        for (Thread t : takers) {
            t.join();
        }
        assertThat(failedWithCause.get()).isEqualTo(5_000);
    }

    @Test
    void drainToMovesPublishedRunsAndFreesRoom() throws InterruptedException {
        Channel<Integer> ch = ring(5, WaitStrategy.BLOCKING);
        for (int lap = 0; lap < 4; lap++) {
            for (int i = 0; i < 5; i++) {
                ch.put(lap * 10 + i);
            }
            List<Integer> sink = new ArrayList<>();
            assertThat(ch.drainTo(sink, 3)).isEqualTo(3);
            assertThat(ch.drainTo(sink, 10)).isEqualTo(2);
            assertThat(sink).containsExactly(lap * 10, lap * 10 + 1, lap * 10 + 2, lap * 10 + 3, lap * 10 + 4);
            assertThat(ch.drainTo(sink, 10)).isZero();
        }
        for (int i = 0; i < 5; i++) {
            ch.taskDone();
        }
        assertThat(ch.unfinishedTasks()).isEqualTo(15);
    }

    /**
     * Cancels the channel when the test body fails, so that the pool's close does not wait for
     * ever on threads blocked in it. A body that gets to its end disarms it.
     */
    private static final class UnblockOnFailure implements AutoCloseable {
        private final Channel<?> channel;
        private boolean disarmed;

        UnblockOnFailure(Channel<?> channel) {
            this.channel = channel;
        }

        void disarm() {
            disarmed = true;
        }

        @Override
        public void close() {
            if (!disarmed) {
                channel.cancel();
            }
        }
    }

    /** Sends base, base + 1, ... until the channel is closed, recording each item sent; returns null. */
    private static Void sendUntilClosed(Channel<Integer> ch, int base, java.util.Collection<Integer> sent)
            throws InterruptedException {
        for (int i = 0; ; i++) {
            try {
                ch.put(base + i);
            } catch (ChannelClosedException closed) {
                return null;
            }
            sent.add(base + i);
        }
    }

    /** The same items, each as often, in any order (sorting: AssertJ's any-order check is quadratic). */
    private static void assertSameItems(java.util.Collection<Integer> actual, java.util.Collection<Integer> expected) {
        int[] a = actual.stream().mapToInt(Integer::intValue).sorted().toArray();
        int[] e = expected.stream().mapToInt(Integer::intValue).sorted().toArray();
        assertThat(a.length).as("item count").isEqualTo(e.length);
        assertThat(a).as("items").isEqualTo(e);
    }

    @Test
    void builderRejectsNullStrategyByName() {
        ChannelBuilder<Object> b = Channel.builder();
        assertThatThrownBy(() -> b.waitStrategy(null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("wait strategy");
    }
}
