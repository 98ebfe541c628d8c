package dev.conduit.pool;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pools of many more platform workers than {@link WorkerPool#TAKERS}, where only that many idle
 * workers wait in the queue's take() and the others wait for a permit (the gate in
 * {@code WorkerPool}'s design comment): every task still runs exactly once, every worker can still
 * run a task at the same time, and stopping in the middle of a batch loses nothing.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class WorkerPoolManyWorkersTest {

    private static final int WORKERS = WorkerPool.TAKERS + 200;
    private static final int SUBMITTERS = 4;
    private static final Duration PATIENCE = Duration.ofSeconds(30);
    /** Daemon threads for workers and submitters: a test that fails cannot keep the JVM alive. */
    private static final ThreadFactory DAEMONS = Thread.ofPlatform().daemon(true).factory();

    private static WorkerPool pool(String name, int queueCapacity) {
        return WorkerPool.builder().name(name).platformThreads(WORKERS).queueCapacity(queueCapacity)
                .threadFactory(DAEMONS).build();
    }

    private static void joinAll(List<Thread> threads) throws InterruptedException {
        for (Thread t : threads) {
            assertThat(t.join(PATIENCE)).as("%s finished", t).isTrue();
        }
    }

    @Test
    void tasksSubmittedFromSeveralThreadsRunExactlyOnceAndTheStatsCountThem() throws Exception {
        int perSubmitter = 5_000;
        int total = SUBMITTERS * perSubmitter;
        AtomicIntegerArray ledger = new AtomicIntegerArray(total);
        WorkerPool pool = pool("many", 256);
        // several rounds: each starts from a pool whose workers have all gone idle again
        for (int round = 0; round < 3; round++) {
            CyclicBarrier start = new CyclicBarrier(SUBMITTERS);
            List<Thread> submitters = new ArrayList<>();
            for (int s = 0; s < SUBMITTERS; s++) {
                int first = s * perSubmitter;
                submitters.add(DAEMONS.newThread(() -> {
                    try {
                        start.await();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                    for (int i = first; i < first + perSubmitter; i++) {
                        int id = i;
                        pool.execute(() -> ledger.incrementAndGet(id));
                    }
                }));
            }
            submitters.forEach(Thread::start);
            joinAll(submitters);
            assertThat(pool.awaitIdle(PATIENCE)).as("idle after round %d", round).isTrue();
            for (int i = 0; i < total; i++) {
                assertThat(ledger.get(i)).as("runs of task %d after round %d", i, round).isEqualTo(round + 1);
            }
        }
        pool.close();
        assertThat(pool.isTerminated()).isTrue();
        long counted = pool.stats().stream().mapToLong(WorkerStats::tasks).sum();
        assertThat(counted).isEqualTo(3L * total);
        assertThat(pool.stats()).hasSize(WORKERS);
    }

    @Test
    void everyWorkerCanRunATaskAtOnceEvenAfterStrayCancelInterrupts() throws Exception {
        try (WorkerPool pool = pool("all-at-once", WorkerPoolBuilder.DEFAULT_QUEUE_CAPACITY)) {
            // Stray interrupts: cancel(true) of tasks, some of which have just finished, reaches
            // workers that then poll or wait at the gate; none of them may leave the pool.
            List<Task<?>> cancelled = new ArrayList<>();
            for (int i = 0; i < 2_000; i++) {
                cancelled.add(pool.submit(() -> { }));
            }
            for (Task<?> t : cancelled) {
                t.cancel(true);
            }
            assertThat(pool.awaitIdle(PATIENCE)).isTrue();

            // WORKERS tasks that each wait until all of them run: completes only if no task waits
            // in the queue while a worker idles behind the gate.
            CountDownLatch allRunning = new CountDownLatch(WORKERS);
            CountDownLatch release = new CountDownLatch(1);
            Set<Thread> threads = ConcurrentHashMap.newKeySet();
            List<Task<?>> tasks = new ArrayList<>();
            for (int i = 0; i < WORKERS; i++) {
                tasks.add(pool.submit(() -> {
                    threads.add(Thread.currentThread());
                    allRunning.countDown();
                    release.await();
                    return null;
                }));
            }
            boolean all = allRunning.await(PATIENCE.toSeconds(), TimeUnit.SECONDS);
            release.countDown();
            assertThat(all).as("all %d tasks running at once; %d were", WORKERS, WORKERS - allRunning.getCount())
                    .isTrue();
            assertThat(threads).hasSize(WORKERS);
            for (Task<?> t : tasks) {
                assertThat(t.join()).isNull();
            }
        }
    }

    @Test
    void shutdownDuringABatchRunsEveryAcceptedTaskExactlyOnce() throws Exception {
        WorkerPool pool = pool("shutdown", 128);
        Ledger ledger = submitUntilStopped(pool, pool::shutdown);
        assertThat(pool.awaitTermination(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();
        pool.close();
        for (int s = 0; s < SUBMITTERS; s++) {
            for (int i = 0; i < ledger.accepted[s].get(); i++) {
                assertThat(ledger.runs.get(s * Ledger.MAX + i)).as("runs of task %d of submitter %d", i, s).isEqualTo(1);
            }
            for (int i = (int) ledger.accepted[s].get(); i < Ledger.MAX; i++) {
                assertThat(ledger.runs.get(s * Ledger.MAX + i)).as("runs of rejected task %d of submitter %d", i, s).isZero();
            }
        }
        assertThat(pool.stats().stream().mapToLong(WorkerStats::tasks).sum()).isEqualTo(ledger.totalAccepted());
    }

    @Test
    void shutdownNowDuringABatchEitherRanOrReturnsEachAcceptedTaskAndNeverBoth() throws Exception {
        WorkerPool pool = pool("shutdown-now", 128);
        List<Runnable> unstarted = new ArrayList<>();
        Ledger ledger = submitUntilStopped(pool, () -> unstarted.addAll(pool.shutdownNow()));
        assertThat(pool.awaitTermination(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();

        Set<Object> returned = new HashSet<>(unstarted);
        assertThat(returned).hasSize(unstarted.size());
        long ran = 0;
        for (int s = 0; s < SUBMITTERS; s++) {
            long accepted = ledger.accepted[s].get();
            for (int i = 0; i < Ledger.MAX; i++) {
                int runs = ledger.runs.get(s * Ledger.MAX + i);
                Object handle = ledger.handles.get(s * Ledger.MAX + i);
                if (i >= accepted) {
                    assertThat(runs).as("runs of rejected task %d of submitter %d", i, s).isZero();
                    continue;
                }
                boolean wasReturned = returned.remove(handle);
                assertThat(runs).as("runs of task %d of submitter %d (returned: %s)", i, s, wasReturned)
                        .isEqualTo(wasReturned ? 0 : 1);
                ran += runs;
            }
        }
        assertThat(returned).as("returned tasks that were never accepted").isEmpty();
        assertThat(pool.stats().stream().mapToLong(WorkerStats::tasks).sum()).isEqualTo(ran);
        for (Runnable r : unstarted) {
            ((Task<?>) r).cancel(false);
        }
        pool.close();
    }

    /** Per submitter: how many of its tasks were accepted, and per task its runs and handle. */
    private static final class Ledger {
        static final int MAX = 1_000_000;
        final AtomicLong[] accepted = new AtomicLong[SUBMITTERS];
        final AtomicIntegerArray runs = new AtomicIntegerArray(SUBMITTERS * MAX);
        final Map<Integer, Object> handles = new ConcurrentHashMap<>();

        Ledger() {
            for (int s = 0; s < SUBMITTERS; s++) {
                accepted[s] = new AtomicLong();
            }
        }

        long totalAccepted() {
            long n = 0;
            for (AtomicLong a : accepted) {
                n += a.get();
            }
            return n;
        }
    }

    /**
     * Submits from {@link #SUBMITTERS} threads until the pool rejects, calling {@code stop} once
     * 20,000 tasks have run, and returns what was accepted and what ran.
     */
    private static Ledger submitUntilStopped(WorkerPool pool, Runnable stop) throws Exception {
        Ledger ledger = new Ledger();
        CountDownLatch enoughRan = new CountDownLatch(20_000);
        List<Thread> submitters = new ArrayList<>();
        for (int s = 0; s < SUBMITTERS; s++) {
            int submitter = s;
            submitters.add(DAEMONS.newThread(() -> {
                for (int i = 0; i < Ledger.MAX; i++) {
                    int slot = submitter * Ledger.MAX + i;
                    try {
                        Task<?> handle = pool.submit(() -> {
                            ledger.runs.incrementAndGet(slot);
                            enoughRan.countDown();
                        });
                        ledger.handles.put(slot, handle);
                        ledger.accepted[submitter].incrementAndGet();
                    } catch (RejectedExecutionException shutDown) {
                        return;
                    }
                }
                throw new IllegalStateException("submitter " + submitter + " was never rejected");
            }));
        }
        submitters.forEach(Thread::start);
        assertThat(enoughRan.await(PATIENCE.toSeconds(), TimeUnit.SECONDS)).as("20,000 tasks ran").isTrue();
        stop.run();
        joinAll(submitters);
        return ledger;
    }
}
