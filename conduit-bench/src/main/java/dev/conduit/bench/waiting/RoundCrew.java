package dev.conduit.bench.waiting;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Threads (virtual or platform) started once per iteration (or trial) that each run one task per round, all
 * released together and awaited together: one benchmark invocation is one round. Each task returns
 * a checksum (the sum of what it received, 0 for senders) and a round whose total differs from the
 * expected sum fails, so a contender that loses or duplicates an item cannot post a score.
 *
 * <p>Rounds are linked latches: round {@code r} holds the latch that starts it, the latch its
 * tasks count down when done, and the next round, which the controller links before it opens
 * {@code r} (so every worker sees it). Releasing 20,000 threads costs a few milliseconds, far
 * below the rounds the benchmarks run.
 */
final class RoundCrew {
    /** One thread's share of a round. */
    interface Task {
        /** @return the checksum of this share */
        long run() throws Exception;
    }

    private static final class Round {
        final CountDownLatch start = new CountDownLatch(1);
        final CountDownLatch done;
        volatile Round next;

        Round(int parties) {
            done = new CountDownLatch(parties);
        }
    }

    private final String name;
    private final int parties;
    private final Parties threads;
    private final LongAdder checksum = new LongAdder();
    private volatile Round current;
    private volatile boolean stopping;
    private volatile Throwable failure;

    RoundCrew(String name, ThreadFactory factory, Task[] tasks) {
        this.name = name;
        this.parties = tasks.length;
        this.threads = new Parties(name);
        Round first = new Round(parties);
        current = first;
        for (Task task : tasks) {
            threads.start(factory, () -> work(task, first));
        }
    }

    private void work(Task task, Round first) throws InterruptedException {
        Round r = first;
        while (true) {
            r.start.await();
            if (stopping) {
                return;
            }
            try {
                checksum.add(task.run());
            } catch (InterruptedException stopped) {
                return;
            } catch (Throwable t) {
                failure = t;
            }
            r.done.countDown();
            r = r.next;
        }
    }

    /**
     * Runs one round and checks its checksum.
     *
     * @throws IllegalStateException if a task failed, the round took longer than the timeout (the
     *     crew is stopped), or the checksum is not {@code expectedSum}
     */
    long runRound(long expectedSum, long timeout, TimeUnit unit) throws InterruptedException {
        Round r = current;
        r.next = new Round(parties);
        checksum.reset(); // ordered before the workers' adds by the start latch
        r.start.countDown();
        if (!r.done.await(timeout, unit)) {
            stop();
            throw new IllegalStateException(name + ": a round took longer than " + timeout + " " + unit
                    + " (collapsed; stopped this benchmark)");
        }
        current = r.next;
        Throwable f = failure;
        if (f != null) {
            stop();
            throw new IllegalStateException(name + ": a task failed", f);
        }
        long sum = checksum.sum();
        if (sum != expectedSum) {
            throw new IllegalStateException(name + " lost or duplicated items: checksum " + sum + " != " + expectedSum);
        }
        return sum;
    }

    /** Stops and joins every thread; see {@link Parties#stop()}. */
    void stop() throws InterruptedException {
        stopping = true;
        current.start.countDown(); // idle workers wake, see stopping and leave
        threads.stop();
    }
}
