package dev.conduit.pool;

import java.util.Objects;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Configures and starts a {@link WorkerPool}. Obtain one from {@link WorkerPool#builder()}.
 *
 * <p>Defaults: as many platform workers as there are processors, a queue of
 * {@link #DEFAULT_QUEUE_CAPACITY} tasks, a generated name ({@code pool-1}, ...), no error handler
 * (unobserved failures are thrown by {@link WorkerPool#close()}). A builder is not thread-safe;
 * each {@link #build()} starts a new pool.
 */
public final class WorkerPoolBuilder {
    /** Queue capacity used when none is given. */
    public static final int DEFAULT_QUEUE_CAPACITY = 1024;

    private static final AtomicLong NAMES = new AtomicLong();

    private String name;
    private int workers = Runtime.getRuntime().availableProcessors();
    private boolean virtual;
    private int queueCapacity = DEFAULT_QUEUE_CAPACITY;
    private Consumer<? super Throwable> errorHandler;
    private ThreadFactory threadFactory;

    WorkerPoolBuilder() {
    }

    /**
     * Names the pool; worker threads are called {@code <name>-worker-<n>}.
     *
     * @param name the name, not blank
     * @return this builder
     * @throws IllegalArgumentException if {@code name} is null or blank
     */
    public WorkerPoolBuilder name(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("worker pool name must not be null or blank, was " + name);
        }
        this.name = name;
        return this;
    }

    /**
     * Runs tasks on {@code workers} platform threads, started by {@link #build()} and kept until
     * the pool stops.
     *
     * @param workers how many tasks run at once, at least 1
     * @return this builder
     * @throws IllegalArgumentException if {@code workers} is less than 1
     */
    public WorkerPoolBuilder platformThreads(int workers) {
        this.workers = requirePositive(workers, "platform worker count");
        this.virtual = false;
        return this;
    }

    /**
     * Runs tasks on virtual threads, at most {@code maxConcurrency} at once. Use it for tasks that
     * mostly wait (I/O); the limit protects what they wait on.
     *
     * @param maxConcurrency how many tasks run at once, at least 1
     * @return this builder
     * @throws IllegalArgumentException if {@code maxConcurrency} is less than 1
     */
    public WorkerPoolBuilder virtualThreads(int maxConcurrency) {
        this.workers = requirePositive(maxConcurrency, "virtual thread concurrency");
        this.virtual = true;
        return this;
    }

    /**
     * Bounds the queue of tasks waiting for a worker; {@link WorkerPool#submit} blocks while it is
     * full. 0 means no queue: each submit waits until a worker takes its task.
     *
     * @param capacity the most queued tasks, 0 or more
     * @return this builder
     * @throws IllegalArgumentException if {@code capacity} is negative
     */
    public WorkerPoolBuilder queueCapacity(int capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException("worker pool queue capacity must not be negative, was " + capacity);
        }
        this.queueCapacity = capacity;
        return this;
    }

    /**
     * Sends every task failure to {@code handler}, in the worker thread, as it happens. With a
     * handler {@link WorkerPool#close()} throws nothing for failed tasks; without one it throws
     * the failures nobody observed. If the handler itself throws, that is reported by
     * {@code close()} (with the task's failure suppressed), so it is not lost either.
     *
     * @param handler receives each failure; must be thread-safe
     * @return this builder
     * @throws NullPointerException if {@code handler} is null
     */
    public WorkerPoolBuilder errorHandler(Consumer<? super Throwable> handler) {
        this.errorHandler = Objects.requireNonNull(handler, "worker pool error handler must not be null");
        return this;
    }

    /**
     * Starts the pool's workers.
     *
     * @return a running pool
     * @throws OutOfMemoryError if a worker thread cannot be started ("unable to create native
     *                          thread": the process or the machine is out of threads); the workers
     *                          already started end at once, so no thread of the pool is left behind.
     *                          The same holds for anything else a {@link #threadFactory} throws
     * @throws IllegalStateException if a {@link #threadFactory} returned {@code null}
     */
    public WorkerPool build() {
        String n = name != null ? name : "pool-" + NAMES.incrementAndGet();
        ThreadFactory threads = threadFactory != null ? threadFactory
                : virtual ? Thread.ofVirtual().factory() : Thread.ofPlatform().daemon(false).factory();
        return new WorkerPool(n, workers, virtual, threads, queueCapacity, errorHandler);
    }

    /**
     * Makes the pool's worker threads with {@code factory} instead of new platform threads (or
     * virtual ones, after {@link #virtualThreads}); {@link #platformThreads} and
     * {@link #virtualThreads} then only say how many. The pool still names each thread
     * {@code <name>-worker-<n>}. For threads of a priority, group or context class loader of your own.
     *
     * @param factory makes one unstarted thread per worker; it must not return {@code null}
     * @return this builder
     */
    public WorkerPoolBuilder threadFactory(ThreadFactory factory) {
        this.threadFactory = Objects.requireNonNull(factory, "worker pool thread factory must not be null");
        return this;
    }

    private static int requirePositive(int n, String what) {
        if (n < 1) {
            throw new IllegalArgumentException(what + " must be at least 1, was " + n);
        }
        return n;
    }
}
