package dev.conduit.channel;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.stream.Stream;

import static dev.conduit.channel.Threads.start;
import static dev.conduit.channel.Threads.syncList;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The queue view under concurrency: removal from the middle racing with senders and receivers
 * (every item received, removed or dropped exactly once), and the view as the work queue of a
 * {@link ThreadPoolExecutor}.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class QueueViewConcurrencyTest {

    private static final int PRODUCERS = 2, CONSUMERS = 2, PER_PRODUCER = 1_500;

    static Stream<ChannelKind> buffered() {
        return ChannelKinds.multiParty().filter(k -> !k.rendezvous());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("buffered")
    void removalsRacingWithSendsAndReceivesLoseAndDuplicateNothing(ChannelKind kind) throws Exception {
        List<Integer> dropped = syncList();
        Channel<Integer> c = kind.create(dropped::add);
        BlockingQueue<Integer> q = c.asBlockingQueue();
        int total = PRODUCERS * PER_PRODUCER;

        // Producers also remove now and then the item they sent a moment ago, so that removals race
        // with sends and receives even where sends never wait (the drop policies).
        List<Threads.Running<List<Integer>>> producers = new ArrayList<>();
        for (int p = 0; p < PRODUCERS; p++) {
            int base = p * PER_PRODUCER;
            producers.add(start("producer-" + p, () -> {
                List<Integer> removed = new ArrayList<>();
                for (int i = 0; i < PER_PRODUCER; i++) {
                    c.put(base + i);
                    if (i % 8 == 7 && q.remove(base + i - 2)) {
                        removed.add(base + i - 2);
                    }
                }
                return removed;
            }));
        }
        List<Threads.Running<List<Integer>>> consumers = new ArrayList<>();
        for (int k = 0; k < CONSUMERS; k++) {
            consumers.add(start("consumer-" + k, () -> {
                List<Integer> got = new ArrayList<>();
                for (Integer item : c) {
                    got.add(item);
                }
                return got;
            }));
        }
        AtomicBoolean stop = new AtomicBoolean();
        List<Threads.Running<List<Integer>>> removers = new ArrayList<>();
        for (int r = 0; r < 2; r++) {
            int which = r;
            removers.add(start("remover-" + r, () -> {
                List<Integer> removed = new ArrayList<>();
                ThreadLocalRandom rnd = ThreadLocalRandom.current();
                while (!stop.get()) {
                    switch (rnd.nextInt(which == 0 ? 3 : 2)) {
                        case 0 -> { // remove(Object) of an item likely to be in flight
                            Integer guess = rnd.nextInt(total);
                            if (q.remove(guess)) {
                                removed.add(guess);
                            }
                        }
                        case 1 -> { // iterator.remove() of whatever is at the head of the snapshot
                            Iterator<Integer> it = q.iterator();
                            if (it.hasNext()) {
                                Integer seen = it.next();
                                it.remove(); // says nothing of whether the item was still there:
                                removed.add(-1 - seen); // a candidate, resolved by the counts below
                            }
                        }
                        default -> { // a bulk removal by value
                            int mod = 97 + rnd.nextInt(10);
                            Integer[] snapshot = q.toArray(new Integer[0]);
                            List<Integer> picked = new ArrayList<>();
                            for (Integer i : snapshot) {
                                if (i % mod == 0) {
                                    picked.add(i);
                                }
                            }
                            for (Integer i : picked) {
                                if (q.remove(i)) {
                                    removed.add(i);
                                }
                            }
                        }
                    }
                }
                return removed;
            }));
        }
        List<Integer> removed = new ArrayList<>();
        for (Threads.Running<List<Integer>> p : producers) {
            removed.addAll(p.join());
        }
        c.close();
        List<Integer> received = new ArrayList<>();
        for (Threads.Running<List<Integer>> k : consumers) {
            received.addAll(k.join());
        }
        stop.set(true);
        List<Integer> tentative = new ArrayList<>();
        for (Threads.Running<List<Integer>> r : removers) {
            for (Integer i : r.join()) {
                (i < 0 ? tentative : removed).add(i);
            }
        }

        // Every item sent is in exactly one of: received, removed by remove(Object), dropped, or
        // removed by an iterator; the last are whatever is left, and must be ones an iterator was
        // asked to remove. The received count (a removal counts as a receive) pins their number.
        Set<Integer> seen = new HashSet<>();
        for (List<Integer> part : List.of(received, removed, dropped)) {
            for (Integer i : part) {
                assertThat(seen.add(i)).as("item %d delivered, removed or dropped twice", i).isTrue();
            }
        }
        Set<Integer> byIterator = new HashSet<>();
        for (int i = 0; i < total; i++) {
            if (!seen.contains(i)) {
                byIterator.add(i);
            }
        }
        assertThat(byIterator.size()).as("items neither received, removed nor dropped")
                .isLessThanOrEqualTo(tentative.size());
        for (Integer i : byIterator) {
            assertThat(tentative).as("item %d vanished", i).contains(-1 - i);
        }
        assertThat(seen.size() + byIterator.size()).isEqualTo(total);

        long removedCount = removed.size() + byIterator.size();
        ChannelStats stats = c.stats();
        assertThat(stats.received()).as("removals count as receives").isEqualTo(received.size() + removedCount);
        assertThat(stats.dropped()).isEqualTo(dropped.size());
        assertThat(c.unfinishedTasks()).as("removed and dropped items are finished").isEqualTo(received.size());
        for (int i = 0; i < received.size(); i++) {
            c.taskDone();
        }
        assertThat(c.awaitTasks(java.time.Duration.ZERO)).isTrue();
        assertThat(c.isClosedForReceive()).isTrue();
    }

    // ---------------------------------------------------------------- as a ThreadPoolExecutor's work queue

    @Test
    void runsEveryTaskOfAThreadPoolExecutorExactlyOnce() throws Exception {
        int tasks = 2_000;
        AtomicIntegerArray runs = new AtomicIntegerArray(tasks);
        Thread caller = Thread.currentThread();
        java.util.concurrent.atomic.AtomicInteger callerRuns = new java.util.concurrent.atomic.AtomicInteger();
        Channel<Runnable> work = Channel.bounded(16);
        ThreadPoolExecutor pool = new ThreadPoolExecutor(3, 3, 0, TimeUnit.SECONDS, work.asBlockingQueue(),
                new ThreadPoolExecutor.CallerRunsPolicy());
        try {
            for (int i = 0; i < tasks; i++) {
                int id = i;
                pool.execute(() -> {
                    runs.incrementAndGet(id);
                    if (Thread.currentThread() == caller) {
                        callerRuns.incrementAndGet();
                    }
                });
            }
        } finally {
            pool.shutdown();
        }
        assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
        for (int i = 0; i < tasks; i++) {
            assertThat(runs.get(i)).as("runs of task %d", i).isEqualTo(1);
        }
        assertThat(work.isEmpty()).isTrue();
        assertThat(pool.getCompletedTaskCount() + callerRuns.get()).as("by the pool, or by the caller when full")
                .isEqualTo(tasks);
    }

    @Test
    void aThreadPoolExecutorRemovesPurgesAndHandsBackQueuedTasks() throws Exception {
        Channel<Runnable> work = Channel.unbounded();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, work.asBlockingQueue());
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        pool.execute(() -> {
            running.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        running.await();
        List<Integer> ran = syncList();
        List<Runnable> queued = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            int id = i;
            Runnable r = () -> ran.add(id);
            queued.add(r);
            pool.execute(r);
        }
        assertThat(pool.getQueue().size()).isEqualTo(10);
        assertThat(pool.remove(queued.get(3))).as("removes a queued task from the middle").isTrue();
        assertThat(pool.remove(queued.get(3))).isFalse();
        Future<?> cancelled = pool.submit(() -> ran.add(100));
        Future<?> kept = pool.submit(() -> ran.add(101));
        cancelled.cancel(false);
        pool.purge(); // drops the cancelled future from the queue, through the view's iterator
        assertThat(pool.getQueue()).hasSize(10).doesNotContain((Runnable) cancelled);
        assertThat(work.size()).isEqualTo(10);

        List<Runnable> handedBack = pool.shutdownNow(); // drains the queue through the view
        release.countDown();
        assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
        assertThat(handedBack).hasSize(10).contains(queued.get(0), queued.get(9)).doesNotContain(queued.get(3));
        assertThat(handedBack).contains((Runnable) kept);
        assertThat(ran).isEmpty();
        assertThat(work.isEmpty()).isTrue();
    }
}
