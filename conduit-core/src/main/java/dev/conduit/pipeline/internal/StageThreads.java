package dev.conduit.pipeline.internal;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;

/**
 * The one place where a pipeline gets its threads. Every stage and the pipeline's monitor run on an
 * executor made here, so switching the pipeline to another thread source is a change of one method.
 */
final class StageThreads {
    private StageThreads() {
    }

    /**
     * Creates the executor for one stage (or the monitor).
     *
     * @param namePrefix thread names are {@code namePrefix-1}, {@code namePrefix-2}, ...
     * @param virtual    virtual threads (cheap, for blocking I/O) or platform threads
     * @param threads    how many tasks will run at once on it
     * @return a new executor; the engine shuts it down when the run ends
     */
    static ExecutorService newExecutor(String namePrefix, boolean virtual, int threads) {
        ThreadFactory factory = virtual
                ? Thread.ofVirtual().name(namePrefix + "-", 1).factory()
                : Thread.ofPlatform().name(namePrefix + "-", 1).factory();
        return Executors.newThreadPerTaskExecutor(factory);
    }
}
