package dev.conduit.pool;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A thread factory that runs out of threads as a process at its limit does: after {@code allowed}
 * threads, the next one fails with the JVM's own "unable to create native thread" error, either in
 * {@link #newThread} or, like a real exhausted process, in {@link Thread#start()}. Keeps every thread
 * it made so that a test can check that each one that started has ended.
 */
public final class FailingThreadFactory implements ThreadFactory {
    /** Where the failure comes. */
    public enum FailIn { NEW_THREAD, START }

    /** The JVM's message when {@code pthread_create} fails. */
    public static final String MESSAGE = "unable to create native thread: possibly out of memory or process/resource limits reached";

    private final int allowed;
    private final FailIn failIn;
    private final AtomicInteger made = new AtomicInteger();
    private final List<Thread> threads = new CopyOnWriteArrayList<>();

    public FailingThreadFactory(int allowed, FailIn failIn) {
        this.allowed = allowed;
        this.failIn = failIn;
    }

    @Override
    public Thread newThread(Runnable task) {
        boolean fail = made.incrementAndGet() > allowed;
        if (fail && failIn == FailIn.NEW_THREAD) {
            throw new OutOfMemoryError(MESSAGE);
        }
        Thread t = fail ? new Thread(task) {
            @Override
            public synchronized void start() {
                throw new OutOfMemoryError(MESSAGE);
            }
        } : new Thread(task);
        threads.add(t);
        return t;
    }

    /** @return every thread made, started or not */
    public List<Thread> threads() {
        return List.copyOf(threads);
    }
}
