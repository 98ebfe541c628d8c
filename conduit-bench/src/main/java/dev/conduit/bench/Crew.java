package dev.conduit.bench;

import java.util.concurrent.Phaser;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;

/**
 * Persistent worker threads that each run one task per batch, started and awaited together.
 *
 * <p>Why not JMH {@code @Group} threads: blocking put/take in group threads can hang at the end of
 * an iteration, when JMH stops one side and the other waits for ever. Here a benchmark invocation
 * is one whole batch: every producer sends its share, every consumer takes its share and returns a
 * checksum, and the invocation ends only when all are done. A batch that does not finish within
 * the timeout (a collapsed busy-spin run) stops the crew and fails that benchmark.
 */
final class Crew {
    /** One thread's share of a batch. */
    interface Task {
        /** @return this share's checksum (0 for producers) */
        long run() throws Exception;
    }

    private final Phaser phaser;
    private final Thread[] threads;
    private final LongAdder checksum = new LongAdder();
    private volatile Throwable failure;

    /**
     * Starts one thread per task.
     *
     * @param tasks what each thread does per batch
     * @param cpuSlots the CPU slot each thread pins itself to (see {@link Pinning}), or -1 for none
     */
    private final String name;

    Crew(String name, Task[] tasks, int[] cpuSlots) {
        this.name = name;
        phaser = new Phaser(tasks.length + 1);
        threads = new Thread[tasks.length];
        for (int i = 0; i < tasks.length; i++) {
            Task task = tasks[i];
            int slot = cpuSlots[i];
            threads[i] = Thread.ofPlatform().daemon().name(name + "-" + i).start(() -> work(task, slot));
        }
    }

    private void work(Task task, int slot) {
        if (slot >= 0) {
            Pinning.pinCurrentThread(slot);
        }
        while (phaser.arriveAndAwaitAdvance() >= 0) { // start of a batch
            try {
                checksum.add(task.run());
            } catch (InterruptedException stopped) {
                return;
            } catch (Throwable t) {
                failure = t;
            }
            if (phaser.arriveAndAwaitAdvance() < 0) { // end of the batch
                return;
            }
        }
    }

    /**
     * Runs one batch with {@link #runBatch} and checks its checksum.
     *
     * @return the checksum
     * @throws IllegalStateException if it is not {@code expectedSum}: the transport lost or
     *     duplicated items
     */
    long runCheckedBatch(long expectedSum, long timeout, TimeUnit unit) throws InterruptedException {
        long sum = runBatch(timeout, unit);
        if (sum != expectedSum) {
            throw new IllegalStateException(name + " lost or duplicated items: checksum " + sum + " != " + expectedSum);
        }
        return sum;
    }

    /**
     * Runs one batch on every thread and waits for all of them.
     *
     * @return the sum of the tasks' checksums
     * @throws IllegalStateException if a task failed or the batch took longer than the timeout
     */
    long runBatch(long timeout, TimeUnit unit) throws InterruptedException {
        checksum.reset(); // ordered before the workers' adds by the start barrier
        phaser.arriveAndAwaitAdvance();
        try {
            phaser.awaitAdvanceInterruptibly(phaser.arrive(), timeout, unit);
        } catch (TimeoutException e) {
            stop();
            throw new IllegalStateException("a batch took longer than " + timeout + " " + unit
                    + ": the transport collapsed (stopped this benchmark)");
        }
        Throwable f = failure;
        if (f != null) {
            stop();
            throw new IllegalStateException("a worker failed", f);
        }
        return checksum.sum();
    }

    /** Stops and joins every thread (interrupting any still inside a batch). */
    void stop() throws InterruptedException {
        phaser.forceTermination();
        for (Thread t : threads) {
            t.interrupt();
        }
        for (Thread t : threads) {
            t.join(5_000);
        }
    }
}
