package dev.conduit.workqueue.contract;

import dev.conduit.workqueue.DeadLetter;
import dev.conduit.workqueue.Delivery;
import dev.conduit.workqueue.ItemCodec;
import dev.conduit.workqueue.LeaseKeeper;
import dev.conduit.workqueue.WorkQueue;
import dev.conduit.workqueue.WorkQueueOptions;
import dev.conduit.workqueue.WorkQueueStats;

import dev.conduit.channel.ChannelClosedException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The contract every {@link WorkQueue} keeps, run against the in-memory model and against each
 * broker-backed engine (a subclass per engine supplies {@link #open}). Each test works on a queue of
 * its own name. Handles opened with the same name are views of one queue (for an engine: separate
 * connections, as separate processes would have).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
public abstract class WorkQueueContract {
    /** Strings, except that a stored item starting with {@code !bad} does not decode. */
    protected static final ItemCodec<String> CODEC = new ItemCodec<>() {
        @Override
        public byte[] encode(String item) {
            return ItemCodec.utf8().encode(item);
        }

        @Override
        public String decode(byte[] bytes) {
            String s = ItemCodec.utf8().decode(bytes);
            if (s.startsWith("!bad")) {
                throw new IllegalArgumentException("an item starting with !bad is refused by the test codec");
            }
            return s;
        }
    };

    private static final AtomicInteger QUEUES = new AtomicInteger();

    /**
     * Opens a handle onto the queue {@code name}, creating the queue with {@code options} if needed.
     *
     * @param name    the queue's name
     * @param options its settings
     * @return a handle
     */
    protected abstract WorkQueue<String> open(String name, WorkQueueOptions options) throws Exception;

    /** @return the lease the tests use: short, but long against one operation on this engine */
    protected abstract Duration lease();

    /** @return a fresh queue name for one test */
    protected String freshName(String what) {
        return what + "-" + QUEUES.incrementAndGet() + "-" + Long.toHexString(System.nanoTime() & 0xffffff);
    }

    public WorkQueueOptions options() {
        return WorkQueueOptions.defaults().lease(lease()).maxDeliveries(5).patience(Duration.ofSeconds(20));
    }

    private WorkQueue<String> fresh(String what) throws Exception {
        return open(freshName(what), options());
    }

    private static Duration longWait() {
        return Duration.ofSeconds(20);
    }

    // ---------------------------------------------------------------- put, take, done

    @Test
    void everyItemPutIsDeliveredOnceAndCountedDone() throws Exception {
        WorkQueue<String> q = fresh("basic");
        for (int i = 0; i < 200; i++) {
            q.put("item-" + i);
        }
        assertThat(q.unfinishedTasks()).isEqualTo(200);
        assertThat(q.stats().queued()).isEqualTo(200);
        Set<String> seen = new HashSet<>();
        Set<Long> ids = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            Delivery<String> d = q.take();
            assertThat(d.deliveryCount()).isEqualTo(1);
            assertThat(seen.add(d.item())).as("delivered once: %s", d.item()).isTrue();
            assertThat(ids.add(d.id())).isTrue();
            if (i == 0) {
                assertThat(q.stats().inFlight()).isGreaterThanOrEqualTo(1);
            }
            d.done();
            assertThat(d.isSettled()).isTrue();
        }
        assertThat(q.awaitTasks(longWait())).isTrue();
        assertThat(q.stats()).isEqualTo(new WorkQueueStats(0, 0, 200, 0));
        assertThat(q.poll(Duration.ofMillis(50))).isNull();
    }

    @Test
    void aSingleTakerGetsItemsInPutOrder() throws Exception {
        WorkQueue<String> q = fresh("fifo");
        for (int i = 0; i < 50; i++) {
            q.put(Integer.toString(i));
        }
        for (int i = 0; i < 50; i++) {
            Delivery<String> d = q.take();
            assertThat(d.item()).isEqualTo(Integer.toString(i));
            d.done();
        }
    }

    @Test
    void aDeliveryIsSettledOnlyOnce() throws Exception {
        WorkQueue<String> q = fresh("once");
        q.put("a");
        Delivery<String> d = q.take();
        d.done();
        assertThatThrownBy(d::done).isInstanceOf(IllegalStateException.class).hasMessageContaining(q.name());
        assertThatThrownBy(() -> d.retry(Duration.ZERO, "again")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> d.dead("again")).isInstanceOf(IllegalStateException.class);
        d.keepAlive();   // harmless once settled
        assertThat(q.awaitTasks(longWait())).isTrue();
        assertThat(q.stats().done()).isEqualTo(1);
    }

    @Test
    void awaitTasksTimesOutWhileAnItemIsInFlight() throws Exception {
        WorkQueue<String> q = fresh("await");
        q.put("a");
        Delivery<String> d = q.take();
        assertThat(q.awaitTasks(Duration.ofMillis(100))).isFalse();
        assertThat(q.unfinishedTasks()).isEqualTo(1);
        d.done();
        assertThat(q.awaitTasks(longWait())).isTrue();
    }

    @Test
    void twoHandlesShareOneQueue() throws Exception {
        String name = freshName("shared");
        WorkQueue<String> producer = open(name, options());
        WorkQueue<String> worker = open(name, options());
        producer.put("x");
        Delivery<String> d = worker.take();
        assertThat(d.item()).isEqualTo("x");
        d.done();
        assertThat(producer.awaitTasks(longWait())).isTrue();
        producer.close();
        assertThat(worker.isClosedForSend()).isTrue();
        assertThatThrownBy(worker::take).isInstanceOf(ChannelClosedException.class);
    }

    // ---------------------------------------------------------------- close

    @Test
    void closeLetsWorkersFinishThenEndsTake() throws Exception {
        WorkQueue<String> q = fresh("close");
        q.put("a");
        q.put("b");
        q.close();
        q.close();   // idempotent
        assertThat(q.isClosedForSend()).isTrue();
        assertThat(q.isClosedForReceive()).isFalse();
        assertThatThrownBy(() -> q.put("late")).isInstanceOf(ChannelClosedException.class)
                .hasMessageContaining(q.name());
        assertThatThrownBy(() -> q.offer("late", Duration.ofMillis(10))).isInstanceOf(ChannelClosedException.class);
        List<String> got = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            Delivery<String> d = q.take();
            got.add(d.item());
            d.done();
        }
        assertThat(got).containsExactly("a", "b");
        assertThatThrownBy(q::take).isInstanceOfSatisfying(ChannelClosedException.class,
                e -> assertThat(e.wasCancelled()).isFalse());
        assertThat(q.poll(Duration.ofMillis(10))).isNull();
        assertThat(q.isClosedForReceive()).isTrue();
        assertThat(q.stats()).isEqualTo(new WorkQueueStats(0, 0, 2, 0));
    }

    @Test
    void closeWithCauseReachesTheWorkersAtTheEnd() throws Exception {
        WorkQueue<String> q = fresh("cause");
        q.put("a");
        q.close(new IllegalStateException("producer ran out of disk"));
        q.close(new RuntimeException("second cause is ignored"));
        q.take().done();
        assertThatThrownBy(q::take).isInstanceOf(ChannelClosedException.class)
                .satisfies(e -> assertThat(e.getCause().toString())
                        .isEqualTo("java.lang.IllegalStateException: producer ran out of disk"));
    }

    @Test
    void theEndWaitsForItemsInFlightAndTakesBackOneWhoseWorkerDied() throws Exception {
        WorkQueue<String> q = fresh("inflight");
        q.put("last");
        Delivery<String> abandoned = q.take();   // its worker "dies": it never settles
        q.close();
        // Not the end: the item in flight may come back, and does once its lease runs out.
        Delivery<String> again = q.take();
        assertThat(again.item()).isEqualTo("last");
        assertThat(again.id()).isEqualTo(abandoned.id());
        assertThat(again.deliveryCount()).isEqualTo(2);
        assertThat(q.isClosedForReceive()).isFalse();
        again.done();
        assertThatThrownBy(q::take).isInstanceOf(ChannelClosedException.class);
        assertThat(q.stats()).isEqualTo(new WorkQueueStats(0, 0, 1, 0));
    }

    @Test
    void closeRacingPutsLosesNothing() throws Exception {
        WorkQueue<String> q = fresh("race");
        int producers = 4;
        Map<String, Boolean> accepted = new ConcurrentHashMap<>();
        Set<String> refused = ConcurrentHashMap.newKeySet();
        CountDownLatch started = new CountDownLatch(producers);
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            int me = p;
            threads.add(Thread.ofPlatform().start(() -> {
                started.countDown();
                for (int i = 0; ; i++) {
                    String item = me + "-" + i;
                    try {
                        q.put(item);
                        accepted.put(item, true);
                    } catch (ChannelClosedException closed) {
                        refused.add(item);
                        return;
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }));
        }
        Map<String, Integer> delivered = new ConcurrentHashMap<>();
        List<Thread> workers = new ArrayList<>();
        for (int w = 0; w < 2; w++) {
            workers.add(Thread.ofPlatform().start(() -> {
                try {
                    for (;;) {
                        Delivery<String> d = q.take();
                        delivered.merge(d.item(), 1, Integer::sum);
                        d.done();
                    }
                } catch (ChannelClosedException end) {
                    // the end
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
        }
        started.await();
        await().atMost(longWait()).until(() -> accepted.size() >= 100);
        q.close();
        for (Thread t : threads) {
            t.join();
        }
        for (Thread t : workers) {
            t.join();
        }
        assertThat(refused).hasSize(producers);
        assertThat(delivered.keySet()).as("every accepted put delivered, nothing refused delivered")
                .containsExactlyInAnyOrderElementsOf(accepted.keySet());
        assertThat(delivered.values()).allMatch(n -> n == 1);
        assertThat(q.stats().done()).isEqualTo(accepted.size());
    }

    // ---------------------------------------------------------------- leases

    @Test
    void aDeliveryWhoseLeaseRunsOutIsDeliveredAgain() throws Exception {
        WorkQueue<String> q = fresh("lease");
        q.put("a");
        long before = System.nanoTime();
        Delivery<String> first = q.take();
        Delivery<String> second = q.take();
        assertThat(Duration.ofNanos(System.nanoTime() - before)).isGreaterThanOrEqualTo(lease().minusMillis(50));
        assertThat(second.id()).isEqualTo(first.id());
        assertThat(second.deliveryCount()).isEqualTo(2);
        // The first worker finishes late: at least once, the item is done, and the second's done changes nothing.
        first.done();
        second.done();
        assertThat(q.awaitTasks(longWait())).isTrue();
        assertThat(q.stats().done()).isEqualTo(1);
    }

    @Test
    void keepAliveHoldsTheLeaseOfALongItem() throws Exception {
        WorkQueue<String> q = fresh("keepalive");
        q.put("long");
        Delivery<String> d = q.take();
        try (LeaseKeeper keeper = LeaseKeeper.start("test-keeper", lease())) {
            keeper.hold(d);
            // Three leases long, no redelivery.
            assertThat(q.poll(lease().multipliedBy(3))).isNull();
            d.done();
            await().atMost(longWait()).until(() -> keeper.size() == 0);
        }
        assertThat(q.awaitTasks(longWait())).isTrue();
    }

    @Test
    void retryDeliversAgainAfterTheDelay() throws Exception {
        WorkQueue<String> q = fresh("retry");
        q.put("a");
        Delivery<String> d = q.take();
        Duration delay = lease().multipliedBy(2);
        long retried = System.nanoTime();
        d.retry(delay, "try later");
        assertThat(q.unfinishedTasks()).isEqualTo(1);
        Delivery<String> again = q.take();
        assertThat(Duration.ofNanos(System.nanoTime() - retried)).isGreaterThanOrEqualTo(delay.minusMillis(50));
        assertThat(again.deliveryCount()).isEqualTo(2);
        again.done();
        assertThat(q.awaitTasks(longWait())).isTrue();
    }

    // ---------------------------------------------------------------- dead letters

    @Test
    void aPoisonItemIsDeadAfterMaxDeliveriesWithItsLastReasonAndTheRestFlows() throws Exception {
        WorkQueue<String> q = open(freshName("poison"), options().maxDeliveries(3));
        q.put("poison");
        q.put("fine");
        Set<String> done = new HashSet<>();
        int failures = 0;
        while (done.isEmpty() || failures < 3) {
            Delivery<String> d = q.poll(longWait());
            assertThat(d).isNotNull();
            if (d.item().equals("poison")) {
                failures++;
                d.retry(Duration.ZERO, "boom " + failures);
            } else {
                done.add(d.item());
                d.done();
            }
        }
        assertThat(q.awaitTasks(longWait())).isTrue();
        assertThat(q.poll(Duration.ofMillis(200))).as("nothing after the third failure").isNull();
        List<DeadLetter<String>> dead = deadLetters(q);
        assertThat(dead).hasSize(1);
        assertThat(dead.get(0).item()).isEqualTo("poison");
        assertThat(dead.get(0).reason()).isEqualTo("boom 3");
        assertThat(dead.get(0).deliveries()).isEqualTo(3);
        assertThat(q.stats()).isEqualTo(new WorkQueueStats(0, 0, 1, 1));
    }

    @Test
    void anItemWhoseWorkersKeepDyingIsDeadSayingSo() throws Exception {
        WorkQueue<String> q = open(freshName("crashy"), options().maxDeliveries(2));
        q.put("kills its worker");
        q.take();   // abandoned
        q.take();   // abandoned again, after a lease
        q.close();
        assertThatThrownBy(q::take).isInstanceOf(ChannelClosedException.class);
        List<DeadLetter<String>> dead = deadLetters(q);
        assertThat(dead).hasSize(1);
        assertThat(dead.get(0).item()).isEqualTo("kills its worker");
        assertThat(dead.get(0).reason()).contains("delivered 2 times");
        assertThat(q.stats().dead()).isEqualTo(1);
    }

    @Test
    void deadNowKeepsTheReason() throws Exception {
        WorkQueue<String> q = fresh("dead");
        q.put("http://example.invalid/");
        q.take().dead("HTTP 404");
        assertThat(q.awaitTasks(longWait())).isTrue();
        List<DeadLetter<String>> dead = deadLetters(q);
        assertThat(dead).extracting(DeadLetter::item, DeadLetter::reason, DeadLetter::deliveries)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("http://example.invalid/", "HTTP 404", 1));
    }

    @Test
    void bytesThatDoNotDecodeAreDeadWithTheCodecsReasonAndKept() throws Exception {
        WorkQueue<String> q = fresh("undecodable");
        q.put("!bad item");
        q.put("good");
        Delivery<String> d = q.take();
        assertThat(d.item()).isEqualTo("good");
        d.done();
        assertThat(q.awaitTasks(longWait())).isTrue();
        List<DeadLetter<String>> dead = deadLetters(q);
        assertThat(dead).hasSize(1);
        assertThat(dead.get(0).item()).isNull();
        assertThat(new String(dead.get(0).encoded(), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("!bad item");
        assertThat(dead.get(0).reason()).contains("cannot decode").contains("refused by the test codec");
    }

    // ---------------------------------------------------------------- cancel

    @Test
    void cancelHandsBackEveryUnfinishedItemOnce() throws Exception {
        WorkQueue<String> q = fresh("cancel");
        for (int i = 0; i < 6; i++) {
            q.put("c" + i);
        }
        Delivery<String> held = q.take();
        Delivery<String> finished = q.take();
        finished.done();
        assertThat(q.awaitTasks(Duration.ofMillis(1))).isFalse();
        List<String> back = Collections.synchronizedList(new ArrayList<>());
        long n = q.cancel(back::add);
        assertThat(n).isEqualTo(5);
        List<String> expected = new ArrayList<>(List.of("c0", "c1", "c2", "c3", "c4", "c5"));
        expected.remove(finished.item());
        assertThat(back).containsExactlyInAnyOrderElementsOf(expected).contains(held.item());
        assertThat(q.isClosedForSend()).isTrue();
        assertThat(q.isClosedForReceive()).isTrue();
        assertThatThrownBy(q::take).isInstanceOfSatisfying(ChannelClosedException.class,
                e -> assertThat(e.wasCancelled()).isTrue());
        assertThatThrownBy(() -> q.put("late")).isInstanceOf(ChannelClosedException.class);
        held.done();   // late: changes nothing
        assertThat(q.cancel(back::add)).isZero();
        assertThat(q.unfinishedTasks()).isZero();
        assertThat(q.stats().done()).isEqualTo(1);
    }

    // ---------------------------------------------------------------- backpressure

    @Test
    void aFullQueueMakesPutWaitAndOfferGiveUp() throws Exception {
        WorkQueue<String> q = open(freshName("bounded"), options().capacity(3));
        q.put("1");
        q.put("2");
        q.put("3");
        assertThat(q.offer("4", Duration.ofMillis(100))).isFalse();
        CountDownLatch stored = new CountDownLatch(1);
        AtomicBoolean blocked = new AtomicBoolean(true);
        Thread producer = Thread.ofPlatform().start(() -> {
            try {
                q.put("4");
                blocked.set(false);
                stored.countDown();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertThat(stored.await(200, TimeUnit.MILLISECONDS)).as("put waits while full").isFalse();
        assertThat(blocked).isTrue();
        Delivery<String> d = q.take();
        assertThat(q.unfinishedTasks()).isEqualTo(3);   // in flight still counts against the capacity
        d.done();
        assertThat(stored.await(20, TimeUnit.SECONDS)).isTrue();
        producer.join();
        assertThat(q.unfinishedTasks()).isEqualTo(3);
    }

    @Test
    void boundedQueueUnderFastProducersNeverExceedsItsCapacityAndDropsNothing() throws Exception {
        int capacity = 10;
        WorkQueue<String> q = open(freshName("pressure"), options().capacity(capacity));
        int producers = 3;
        int each = 60;
        AtomicLong maxSeen = new AtomicLong();
        Set<String> got = ConcurrentHashMap.newKeySet();
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            int me = p;
            threads.add(Thread.ofPlatform().start(() -> {
                try {
                    for (int i = 0; i < each; i++) {
                        q.put(me + ":" + i);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
        }
        Thread worker = Thread.ofPlatform().start(() -> {
            try {
                while (got.size() < producers * each) {
                    maxSeen.accumulateAndGet(q.unfinishedTasks(), Math::max);
                    Delivery<String> d = q.poll(Duration.ofSeconds(20));
                    if (d == null) {
                        return;
                    }
                    if (ThreadLocalRandom.current().nextInt(8) == 0) {
                        Thread.sleep(2);   // a slow item now and then: the work, not synchronization
                    }
                    got.add(d.item());
                    d.done();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        for (Thread t : threads) {
            t.join();
        }
        worker.join();
        assertThat(got).hasSize(producers * each);
        assertThat(maxSeen.get()).isLessThanOrEqualTo(capacity);
    }

    // ---------------------------------------------------------------- many workers

    @Test
    void manyProducersAndWorkersWithRetriesBalanceTheLedger() throws Exception {
        WorkQueue<String> q = open(freshName("ledger"), options().maxDeliveries(10));
        int producers = 3;
        int each = 150;
        Map<String, AtomicInteger> doneCount = new ConcurrentHashMap<>();
        List<String> errors = new CopyOnWriteArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            int me = p;
            threads.add(Thread.ofVirtual().start(() -> {
                try {
                    for (int i = 0; i < each; i++) {
                        q.put(me + "/" + i);
                    }
                } catch (Exception e) {
                    errors.add(e.toString());
                }
            }));
        }
        List<Thread> workers = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
            workers.add(Thread.ofVirtual().start(() -> {
                try {
                    for (;;) {
                        Delivery<String> d = q.take();
                        if (ThreadLocalRandom.current().nextInt(5) == 0 && d.deliveryCount() < 3) {
                            d.retry(Duration.ZERO, "flaky");
                        } else {
                            doneCount.computeIfAbsent(d.item(), k -> new AtomicInteger()).incrementAndGet();
                            d.done();
                        }
                    }
                } catch (ChannelClosedException end) {
                    // the end
                } catch (Exception e) {
                    errors.add(e.toString());
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        q.close();
        for (Thread t : workers) {
            t.join();
        }
        assertThat(errors).isEmpty();
        assertThat(doneCount).hasSize(producers * each);
        assertThat(doneCount.values()).allMatch(n -> n.get() == 1);
        assertThat(q.stats()).isEqualTo(new WorkQueueStats(0, 0, producers * each, 0));
    }

    protected static List<DeadLetter<String>> deadLetters(WorkQueue<String> q) {
        List<DeadLetter<String>> dead = new ArrayList<>();
        q.forEachDeadLetter(dead::add);
        return dead;
    }
}
