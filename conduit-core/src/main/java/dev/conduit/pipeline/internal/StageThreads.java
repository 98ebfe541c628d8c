package dev.conduit.pipeline.internal;

import dev.conduit.pool.WorkerPool;
import dev.conduit.pool.WorkerPoolBuilder;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadFactory;

/**
 * The one place where a pipeline gets its threads: every stage, and the pipeline's monitor, runs on
 * a Conduit {@link WorkerPool} made here, so pipelines use no threading mechanism of their own.
 *
 * <p>Each pool has exactly as many workers as the stage and a queue of the same size, so every
 * worker task starts at once. The engine stops a pool with {@link WorkerPool#shutdown()} after
 * interrupting the stage's running workers itself, not with {@code shutdownNow()}: that would hand
 * back a worker task that had not started yet, and the stage would wait forever for it to end.
 */
final class StageThreads {
    private StageThreads() {
    }

    /**
     * Creates the executor for one stage (or the monitor).
     *
     * @param name    the pool's name; threads are {@code name-worker-1}, {@code name-worker-2}, ...
     * @param virtual virtual threads (cheap, for blocking I/O) or platform threads
     * @param threads how many tasks will run at once on it
     * @param factory makes the platform threads ({@code Pipeline.threadFactory}), or {@code null} for new ones
     * @return a new executor; the engine shuts it down when the run ends
     * @throws CannotStart if a thread cannot be started (the pool leaves none behind)
     */
    static ExecutorService newExecutor(String name, boolean virtual, int threads, ThreadFactory factory) {
        WorkerPoolBuilder pool = WorkerPool.builder().name(name).queueCapacity(threads);
        if (factory != null && !virtual) {
            pool.threadFactory(factory);
        }
        try {
            return (virtual ? pool.virtualThreads(threads) : pool.platformThreads(threads)).build();
        } catch (OutOfMemoryError | RuntimeException e) {
            throw new CannotStart(e);
        }
    }

    /**
     * A pool's threads could not all be started: the cause is what the JVM threw ("unable to
     * create native thread") or the thread factory did.
     */
    static final class CannotStart extends RuntimeException {
        CannotStart(Throwable cause) {
            super(cause.toString(), cause, false, false);
        }
    }
}
