package dev.conduit.bench.waiting;

import dev.conduit.pool.WorkerPool;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * A pool of {@link #WORKERS} platform workers (idle, so blocked on the pool's queue) running a
 * batch of {@link #TASKS} empty tasks: submit them all, then wait for every handle. Microseconds
 * per batch. Conduit's {@link WorkerPool} as a user builds it (queue of 1,024: a full queue makes
 * {@code submit} wait), the same with a queue that holds the whole batch, and
 * {@link Executors#newFixedThreadPool} (an unbounded queue). {@code WorkerPool-virtual} is the
 * first with {@code virtualThreads(1000)} in place of platform threads, so a change made for
 * platform workers shows what it does to virtual ones.
 *
 * <p>Each task only counts itself; the teardown (after the pool has stopped and every worker has
 * ended) fails unless every task ran exactly once.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-XX:+UseParallelGC", "-Xms2g", "-Xmx2g"})
public class PoolBatch {
    public static final int WORKERS = 1_000;
    public static final int TASKS = 5_000;

    /** {@code WorkerPool}, {@code WorkerPool-queue-5000}, {@code WorkerPool-virtual} or {@code newFixedThreadPool}. */
    @Param({"WorkerPool", "WorkerPool-queue-5000", "WorkerPool-virtual", "newFixedThreadPool"})
    public String pool;

    private ExecutorService executor;
    private final LongAdder ran = new LongAdder();
    private final Future<?>[] handles = new Future<?>[TASKS];
    private long submitted;

    @Setup(Level.Trial)
    public void setUp() {
        executor = switch (pool) {
            case "WorkerPool" -> WorkerPool.builder().name("bench").platformThreads(WORKERS).build();
            case "WorkerPool-queue-5000" ->
                    WorkerPool.builder().name("bench").platformThreads(WORKERS).queueCapacity(TASKS).build();
            case "WorkerPool-virtual" -> WorkerPool.builder().name("bench").virtualThreads(WORKERS).build();
            case "newFixedThreadPool" -> Executors.newFixedThreadPool(WORKERS);
            default -> throw new IllegalArgumentException("pool must be WorkerPool, WorkerPool-queue-5000, "
                    + "WorkerPool-virtual or newFixedThreadPool, was '" + pool + "'");
        };
    }

    @TearDown(Level.Trial)
    public void tearDown() throws InterruptedException {
        executor.shutdown();
        if (!executor.awaitTermination(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException(pool + ": workers still running 30 s after shutdown (leaked)");
        }
        if (executor instanceof WorkerPool wp) {
            wp.close(); // reports failures no handle observed (none expected)
        }
        if (ran.sum() != submitted) {
            throw new IllegalStateException(pool + ": " + ran.sum() + " tasks ran, " + submitted + " submitted");
        }
    }

    @Benchmark
    public long batch() throws InterruptedException, ExecutionException {
        Runnable task = ran::increment;
        for (int i = 0; i < TASKS; i++) {
            handles[i] = executor.submit(task);
        }
        submitted += TASKS;
        for (Future<?> h : handles) {
            h.get();
        }
        return submitted;
    }
}
