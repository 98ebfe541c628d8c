package dev.conduit.examples;

import dev.conduit.pool.Task;
import dev.conduit.pool.UnobservedTaskFailuresException;
import dev.conduit.pool.WorkerPool;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

/**
 * Seed 003: a pool of worker threads that runs submitted functions and collects their results and
 * their errors.
 *
 * <p>In Python the seed builds the pool by hand: daemon workers, a task queue, a results queue of
 * {@code ("success", result)} and {@code ("error", e)} tuples in whatever order the workers finish,
 * {@code wait()} as {@code tasks.join()}, and one {@code None} per worker to shut down. The JDK's
 * {@code Executors.newFixedThreadPool} has an unbounded queue (no backpressure) and drops the
 * exception of a task given to {@code submit()} unless somebody calls {@code get()}.
 * {@link WorkerPool} does all of it: {@code map} returns results in input order, a task's
 * {@link Task#join()} rethrows the task's own exception, {@code awaitIdle()} is the seed's
 * {@code wait()}, {@code submit} waits while the bounded queue is full, and {@code close()} throws
 * every failure that nobody looked at.
 */
public final class PoolResultsAndErrors {

    /** Workers, queue capacity and inputs (the seed: 4 workers, 20 inputs). */
    static final int WORKERS = 4, QUEUE = 4, INPUTS = 20;
    /** The simulated work per input (the seed: 0.1 s). */
    static final long WORK_MS = 2;

    private PoolResultsAndErrors() {
    }

    /**
     * The outcome.
     *
     * @param results           {@code map} of x -> 2x over 0..19: 0, 2, ..., 38 in input order
     * @param joinedFailure     what {@code join()} of a failing task threw: its own exception
     * @param doneAtIdle        how many submitted tasks had run when {@code awaitIdle()} returned: all
     * @param unobservedReported the failures {@code close()} reported that nobody had looked at
     * @param jdkPoolReported   how many failures the JDK's fixed thread pool reported for the same task: 0
     */
    public record Result(List<Integer> results, String joinedFailure, int doneAtIdle,
                         List<String> unobservedReported, int jdkPoolReported) implements ExampleResult {
        @Override
        public boolean ok() {
            return results.equals(IntStream.range(0, INPUTS).map(x -> 2 * x).boxed().toList())
                    && joinedFailure.startsWith("NumberFormatException") && doneAtIdle == INPUTS
                    && unobservedReported.equals(List.of("IllegalStateException: disk full"));
        }
    }

    /**
     * Runs the example.
     *
     * @param out where to print what it shows
     * @return the outcome
     * @throws InterruptedException if interrupted while waiting
     */
    public static Result run(PrintStream out) throws InterruptedException {
        List<Integer> inputs = IntStream.range(0, INPUTS).boxed().toList();
        List<Integer> results;
        String joined;
        AtomicInteger done = new AtomicInteger();
        int doneAtIdle;
        try (WorkerPool pool = WorkerPool.builder().name("process").platformThreads(WORKERS).queueCapacity(QUEUE).build()) {
            // Results in input order, whatever order the workers finish in.
            results = pool.map(inputs, x -> {
                work();
                return x * 2;
            });
            out.printf("map(x -> 2x) over %d inputs on %d workers: %s%n", INPUTS, WORKERS, results);

            // A failing task: join() rethrows its own exception.
            Task<Integer> bad = pool.submit(() -> Integer.parseInt("13x"));
            try {
                bad.join();
                joined = "no exception";
            } catch (NumberFormatException e) {
                joined = e.getClass().getSimpleName() + ": " + e.getMessage();
            }
            out.printf("join() of a failing task throws the task's own exception: %s%n", joined);

            // Fire-and-forget tasks, then wait until the pool is idle (the seed's pool.wait()).
            for (int i = 0; i < INPUTS; i++) {
                pool.submit(() -> {
                    work();
                    done.incrementAndGet();
                }); // waits while 4 tasks are queued: backpressure
            }
            pool.awaitIdle(); // every task's effects happen-before this returns
            doneAtIdle = done.get();
            out.printf("awaitIdle() after %d more tasks: %d done%n", INPUTS, doneAtIdle);
        }

        // A failure nobody looks at is not lost: close() throws it.
        List<String> reported = new ArrayList<>();
        try (WorkerPool pool = WorkerPool.builder().name("careless").platformThreads(1).build()) {
            pool.submit(PoolResultsAndErrors::writeReport); // nobody keeps the handle
        } catch (UnobservedTaskFailuresException e) {
            e.failures().forEach(f -> reported.add(f.getClass().getSimpleName() + ": " + f.getMessage()));
        }
        out.printf("a failed task nobody joined: WorkerPool.close() threw it: %s%n", reported);

        // The same with the JDK's fixed thread pool: the failure vanishes.
        int jdkReported = 0;
        try (ExecutorService jdk = Executors.newFixedThreadPool(1)) {
            jdk.submit(PoolResultsAndErrors::writeReport);
        } catch (RuntimeException e) {
            jdkReported++;
        }
        out.printf("the same task on Executors.newFixedThreadPool: close() reported %d failures%n", jdkReported);
        return new Result(results, joined, doneAtIdle, reported, jdkReported);
    }

    private static void work() {
        try {
            Thread.sleep(WORK_MS); // stands for the seed's time.sleep(0.1)
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A task that fails, as tasks do. */
    private static Void writeReport() {
        throw new IllegalStateException("disk full");
    }
}
