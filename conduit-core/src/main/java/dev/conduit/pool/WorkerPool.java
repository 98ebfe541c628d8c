package dev.conduit.pool;

import dev.conduit.channel.Channel;
import dev.conduit.channel.ChannelClosedException;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.RunnableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A fixed set of workers (platform threads, or virtual threads with a concurrency limit) fed by a
 * bounded queue, where a full queue makes {@link #submit} <b>wait</b> instead of rejecting the task,
 * and where no task failure is ever silently lost.
 *
 * <pre>{@code
 * try (WorkerPool pool = WorkerPool.builder().name("resize").platformThreads(4).queueCapacity(100).build()) {
 *     Task<Image> t = pool.submit(() -> resize(file));   // waits while 100 tasks are queued
 *     List<Image> all = pool.map(files, f -> resize(f)); // results in input order
 *     Image one = t.join();                              // the task's own exception, not ExecutionException
 * }                                                      // finishes queued work; throws unobserved failures
 * }</pre>
 *
 * <h2>Submitting</h2>
 * {@link #submit(Callable)}, {@link #submit(Runnable)} and {@link #execute} wait while the queue is
 * full. A submitter interrupted while waiting gets a {@link RejectedExecutionException} whose cause
 * is the {@link InterruptedException}, with its interrupt status still set; the task was not queued.
 * Submitting after {@link #shutdown()}, {@link #close()} or {@link #shutdownNow()} (including while
 * waiting for room) throws {@link RejectedExecutionException}. A task must not wait for room in its
 * own pool's queue, nor for a task queued behind it, or the pool can deadlock.
 *
 * <h2>Failures are never swallowed</h2>
 * A task's failure reaches its {@link Task} handle ({@link Task#join()}, {@link Task#get()}). If the
 * pool was built with an {@linkplain WorkerPoolBuilder#errorHandler error handler}, every failure
 * also goes to the handler as it happens, and {@link #close()} throws nothing for failed tasks.
 * Without one, {@link #close()} throws an {@link UnobservedTaskFailuresException} carrying every
 * failure that no caller observed through its handle before {@code close()} returned; a task given
 * to {@link #execute} has no handle, so its failure is always reported this way.
 *
 * <h2>Stopping</h2>
 * <ul>
 *   <li>{@link #shutdown()}: no new tasks; queued and running tasks finish; returns at once.</li>
 *   <li>{@link #close()}: {@code shutdown()}, then waits until every worker has stopped, then
 *       reports unobserved failures. If interrupted while waiting it calls {@code shutdownNow()},
 *       cancels the tasks that call returns, keeps waiting, and sets the interrupt status again.</li>
 *   <li>{@link #shutdownNow()}: no new tasks; the queued tasks are removed and returned, exactly
 *       those that never started (they are not cancelled: run them elsewhere or cancel them, or
 *       their handles never complete); running tasks are interrupted.</li>
 * </ul>
 * The queue is a Conduit {@link Channel}: {@code shutdown} is its {@link Channel#close() close},
 * {@code shutdownNow} its {@link Channel#cancel() cancel}, and {@link #awaitIdle()} its
 * {@link Channel#awaitTasks() task accounting}.
 *
 * <h2>Memory consistency effects</h2>
 * Actions in a thread before it submits a task happen-before the task runs. Actions in a task
 * happen-before its outcome is returned by {@code join}/{@code get}, before the error handler sees
 * its failure, and before {@link #awaitIdle()} or {@link #close()} returns having waited for it.
 */
public final class WorkerPool extends AbstractExecutorService implements AutoCloseable {
    /*
     * Design. Workers loop on queue.take(), run the task (a FutureTask, which never throws), then
     * call queue.taskDone(). The loop ends when take() reports the channel closed and drained (after
     * shutdown/close) or cancelled (after shutdownNow).
     *
     * Invariants:
     *  - A task is in the queue, or was taken by exactly one worker, or was returned by cancel():
     *    the channel guarantees it, so shutdownNow() returns exactly the tasks no worker took.
     *  - queue.unfinishedTasks() == tasks queued + tasks taken and not yet finished (including
     *    their failure reporting), which is what awaitIdle() waits on.
     *  - Every failure is appended to `failures` (no handler, or the handler threw) or given to
     *    the handler, before the task's taskDone(); so after termination the list is complete.
     *
     * Stray interrupts: Future.cancel(true) interrupts the worker running that task, possibly just
     * after it finished. Workers clear the flag before taking the next task, unless the pool is
     * stopping: shutdownNow() sets `stopping` before it cancels the queue and interrupts, so a
     * worker that clears the flag afterwards finds the queue cancelled and leaves anyway.
     *
     * The gate (pools of more platform workers than TAKERS). If every idle worker waited in
     * queue.take(), each submit would find a parked receiver and hand its task straight to it: one
     * unpark (a futex wake and a context switch) per task, paid by the submitter, and a worker that
     * had just finished would find the ring empty and park behind the others. So a worker first
     * polls; only a worker holding one of TAKERS permits of `gate` waits in take(), the others wait
     * for a permit. With few receivers queued, the channel leaves slow mode as soon as they are
     * served, later submits go into the ring lock-free, and running workers poll them without
     * parking; the semaphore wakes one more worker only when a taker leaves take(), as
     * LinkedBlockingQueue wakes the next taker. Liveness: a taker returns its permit as soon as
     * take() returns (before it runs the task), so while any worker is idle, min(TAKERS, idle)
     * workers are in take() or on their way there, and a queued task never waits while a worker
     * idles. Exactly-once, close, cancel and the task accounting are the channel's, unchanged: the
     * gate only chooses which idle workers block where. A worker waiting for a permit leaves on
     * shutdownNow()'s interrupt, or, after shutdown(), when the permits passed on by the workers
     * leaving take() (closed and drained) reach it, and its own take() reports the end.
     */

    private final String name;
    private final boolean virtual;
    private final Channel<PoolTask<?>> queue;
    private final Consumer<? super Throwable> errorHandler;
    private final Worker[] workers;
    private final CountDownLatch terminated;
    /** Permits to wait in queue.take(); null when every worker may (see "The gate" above). */
    private final Semaphore gate;
    /** Most workers that wait in the queue's take() at once, in a gated pool. */
    static final int TAKERS = Math.max(1, Runtime.getRuntime().availableProcessors());
    private volatile boolean stopping;
    private final ConcurrentLinkedQueue<Failure> failures = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean failuresReported = new AtomicBoolean();
    private final AtomicLong failureCount = new AtomicLong();
    private static final int PURGE_EVERY = 256;

    /** A failure to report: {@code task} is null when it is the error handler's own failure. */
    private record Failure(PoolTask<?> task, Throwable error) {
        boolean unobserved() {
            return task == null || !task.failureObserved();
        }
    }

    /**
     * Returns a builder for a pool.
     *
     * @return a new builder with the defaults described in {@link WorkerPoolBuilder}
     */
    public static WorkerPoolBuilder builder() {
        return new WorkerPoolBuilder();
    }

    WorkerPool(String name, int workerCount, boolean virtual, ThreadFactory threads, int queueCapacity,
               Consumer<? super Throwable> errorHandler) {
        this.name = name;
        this.virtual = virtual;
        this.errorHandler = errorHandler;
        this.queue = Channel.<PoolTask<?>>builder().name(name + "-queue").capacity(queueCapacity).build();
        this.terminated = new CountDownLatch(workerCount);
        this.gate = !virtual && workerCount > TAKERS ? new Semaphore(TAKERS) : null;
        this.workers = new Worker[workerCount];
        int started = 0;
        try {
            for (int i = 0; i < workerCount; i++) {
                Worker w = new Worker();
                w.thread = newThread(threads, w, i + 1);
                workers[i] = w;
            }
            for (Worker w : workers) {
                w.thread.start();
                started++;
            }
        } catch (Throwable e) {
            // "OutOfMemoryError: unable to create native thread", or the factory's own failure: the
            // workers already started would wait on the queue for ever, and keep the JVM from exiting.
            queue.cancel();
            for (int i = started; i < workerCount; i++) {
                terminated.countDown();
            }
            throw e;
        }
    }

    private Thread newThread(ThreadFactory threads, Worker w, int n) {
        Thread t = threads.newThread(w::run);
        if (t == null) {
            throw new IllegalStateException("the thread factory of worker pool '" + name + "' made no thread for worker " + n);
        }
        t.setName(name + "-worker-" + n);
        return t;
    }

    // ---------------------------------------------------------------- workers

    /**
     * One worker's loop and its statistics. Each statistic is written only by the worker's own
     * thread, with opaque stores (no fence per task), and read by {@link #stats()} with opaque loads:
     * a snapshot that may lag a little, never a torn value.
     */
    private final class Worker {
        Thread thread;
        private long tasks;
        private long busyNanos;
        private long idleNanos;

        void run() {
            long mark = System.nanoTime(); // when the worker last started waiting for a task
            try {
                for (;;) {
                    if (!stopping) {
                        Thread.interrupted(); // a stray cancel(true) of the previous task
                    }
                    PoolTask<?> task;
                    try {
                        task = gate == null ? queue.take() : takeThroughGate();
                    } catch (ChannelClosedException end) {
                        return;
                    } catch (InterruptedException e) {
                        if (stopping) {
                            return;
                        }
                        continue;
                    }
                    long started = System.nanoTime();
                    IDLE.setOpaque(this, idleNanos + (started - mark));
                    try {
                        task.run();
                    } finally {
                        mark = System.nanoTime();
                        BUSY.setOpaque(this, busyNanos + (mark - started));
                        TASKS.setOpaque(this, tasks + 1);
                        queue.taskDone();
                    }
                }
            } finally {
                IDLE.setOpaque(this, idleNanos + (System.nanoTime() - mark));
                terminated.countDown();
            }
        }

        /** The next task: one in the queue now, else one awaited in take() with a permit of the gate. */
        private PoolTask<?> takeThroughGate() throws InterruptedException {
            PoolTask<?> task = queue.poll();
            if (task != null) {
                return task;
            }
            gate.acquire();
            try {
                return queue.take();
            } finally {
                gate.release(); // before the task runs: the next idle worker takes over the wait
            }
        }

        WorkerStats stats() {
            return new WorkerStats(thread.getName(), (long) TASKS.getOpaque(this),
                    Duration.ofNanos((long) BUSY.getOpaque(this)), Duration.ofNanos((long) IDLE.getOpaque(this)));
        }
    }

    private static final VarHandle TASKS, BUSY, IDLE;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            TASKS = l.findVarHandle(Worker.class, "tasks", long.class);
            BUSY = l.findVarHandle(Worker.class, "busyNanos", long.class);
            IDLE = l.findVarHandle(Worker.class, "idleNanos", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Called by a task's worker when the task fails, before the task counts as finished. */
    void taskFailed(PoolTask<?> task, Throwable error) {
        if (errorHandler == null) {
            failures.add(new Failure(task, error));
            if (failureCount.incrementAndGet() % PURGE_EVERY == 0) {
                // a long-lived pool whose callers join every task must not hoard observed failures
                failures.removeIf(f -> !f.unobserved());
            }
            return;
        }
        try {
            errorHandler.accept(error);
        } catch (Throwable handlerFailure) {
            if (handlerFailure != error) {
                handlerFailure.addSuppressed(error);
            }
            failures.add(new Failure(null, handlerFailure));
        }
    }

    // ---------------------------------------------------------------- submitting

    /**
     * Queues a task, waiting while the queue is full.
     *
     * @param task the task
     * @param <T>  its result type
     * @return the task's handle
     * @throws RejectedExecutionException if the pool is shut down, or the caller was interrupted
     *                                    while waiting for room (cause {@link InterruptedException},
     *                                    interrupt status kept); the task was not queued
     * @throws NullPointerException       if {@code task} is null
     */
    @Override
    public <T> Task<T> submit(Callable<T> task) {
        PoolTask<T> t = new PoolTask<>(Objects.requireNonNull(task, "task"), this);
        enqueue(t);
        return t;
    }

    /**
     * Queues a task, waiting while the queue is full; its handle's result is {@code null}.
     *
     * @param task the task
     * @return the task's handle
     * @throws RejectedExecutionException as for {@link #submit(Callable)}
     * @throws NullPointerException       if {@code task} is null
     */
    @Override
    public Task<?> submit(Runnable task) {
        PoolTask<Object> t = new PoolTask<>(Objects.requireNonNull(task, "task"), null, this);
        enqueue(t);
        return t;
    }

    /**
     * Queues a task, waiting while the queue is full; its handle's result is {@code result}.
     *
     * @param task   the task
     * @param result what the handle returns when the task completes normally
     * @param <T>    the result type
     * @return the task's handle
     * @throws RejectedExecutionException as for {@link #submit(Callable)}
     * @throws NullPointerException       if {@code task} is null
     */
    @Override
    public <T> Task<T> submit(Runnable task, T result) {
        PoolTask<T> t = new PoolTask<>(Objects.requireNonNull(task, "task"), result, this);
        enqueue(t);
        return t;
    }

    /**
     * Queues a task that has no handle, waiting while the queue is full. Its failure, having no
     * handle to be observed through, always goes to the error handler or out of {@link #close()}.
     *
     * @param command the task
     * @throws RejectedExecutionException as for {@link #submit(Callable)}
     * @throws NullPointerException       if {@code command} is null
     */
    @Override
    public void execute(Runnable command) {
        Objects.requireNonNull(command, "task");
        // invokeAll/invokeAny pass tasks made by newTaskFor: queue those as they are.
        PoolTask<?> task = command instanceof PoolTask<?> own && own.pool() == this
                ? own : new PoolTask<>(command, null, this);
        enqueue(task);
    }

    @Override
    protected <T> RunnableFuture<T> newTaskFor(Callable<T> callable) {
        return new PoolTask<>(callable, this);
    }

    @Override
    protected <T> RunnableFuture<T> newTaskFor(Runnable runnable, T value) {
        return new PoolTask<>(runnable, value, this);
    }

    private void enqueue(PoolTask<?> task) {
        try {
            queue.put(task);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RejectedExecutionException(
                    "interrupted while waiting for room in the queue of worker pool '" + name + "'", e);
        } catch (ChannelClosedException e) {
            throw new RejectedExecutionException("worker pool '" + name + "' is shut down: task rejected", e);
        }
    }

    /**
     * Applies {@code fn} to every input on the pool and returns the results in input order. Submits
     * with backpressure (waiting while the queue is full), then waits for every task. {@code fn}
     * may throw checked exceptions. If any input failed, throws the failure of the first failed
     * input in input order (a {@link RuntimeException} or {@link Error} as it was thrown, a checked
     * exception wrapped in a {@link TaskFailedException} whose cause it is), with the failures of
     * later inputs added to it as suppressed exceptions; all of them count as observed, so
     * {@link #close()} does not report them again. Must not be called from a task of this pool.
     *
     * <pre>{@code
     * try {
     *     List<byte[]> pages = pool.map(urls, url -> http.get(url));   // get() throws IOException
     * } catch (TaskFailedException e) {
     *     IOException first = (IOException) e.getCause();             // the first failed URL's
     * }
     * }</pre>
     *
     * @param inputs the inputs; each may be null if {@code fn} accepts null
     * @param fn     the function, called once per input in a worker thread; it may throw anything
     * @param <I>    the input type
     * @param <O>    the output type
     * @return a new mutable list of the results, in input order
     * @throws InterruptedException       if interrupted while submitting or waiting; the tasks already
     *                                    submitted are cancelled (running ones interrupted)
     * @throws RejectedExecutionException if the pool is shut down; the tasks already submitted are
     *                                    cancelled
     * @throws TaskFailedException       if an input failed with a checked exception (the first
     *                                    failed input's, as its cause)
     * @throws NullPointerException       if {@code inputs} or {@code fn} is null
     */
    public <I, O> List<O> map(Iterable<? extends I> inputs, TaskFunction<? super I, ? extends O> fn)
            throws InterruptedException {
        Objects.requireNonNull(inputs, "inputs");
        Objects.requireNonNull(fn, "fn");
        List<Task<O>> tasks = new ArrayList<>();
        try {
            for (I input : inputs) {
                tasks.add(submit(() -> fn.apply(input)));
            }
        } catch (RejectedExecutionException e) {
            cancelAll(tasks);
            if (e.getCause() instanceof InterruptedException ie) {
                Thread.interrupted(); // reported by throwing InterruptedException instead
                throw ie;
            }
            throw e;
        }
        List<O> results = new ArrayList<>(tasks.size());
        Throwable first = null;
        for (Task<O> t : tasks) {
            try {
                results.add(t.join());
            } catch (InterruptedException e) {
                cancelAll(tasks);
                throw e;
            } catch (RuntimeException | Error e) {
                results.add(null);
                if (first == null) {
                    first = e;
                } else if (first != e) {
                    first.addSuppressed(e);
                }
            }
        }
        if (first instanceof RuntimeException re) {
            throw re;
        }
        if (first instanceof Error err) {
            throw err;
        }
        return results;
    }

    private static void cancelAll(List<? extends Task<?>> tasks) {
        for (Task<?> t : tasks) {
            t.cancel(true);
        }
    }

    // ---------------------------------------------------------------- waiting

    /**
     * Waits until the pool is idle: every task queued so far has finished (normally, by failing,
     * or by being removed by {@link #shutdownNow()}) and no task is running. Tasks submitted while
     * it waits are waited for too. Like Python's {@code Queue.join()} or a pool's {@code wait()}.
     *
     * @throws InterruptedException if interrupted while waiting
     */
    public void awaitIdle() throws InterruptedException {
        queue.awaitTasks();
    }

    /**
     * Waits at most {@code timeout} until the pool is idle, as {@link #awaitIdle()}.
     *
     * @param timeout the longest wait
     * @return {@code true} if the pool is idle, {@code false} if the time ran out first
     * @throws InterruptedException if interrupted while waiting
     * @throws NullPointerException if {@code timeout} is null
     */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        return queue.awaitTasks(timeout);
    }

    // ---------------------------------------------------------------- stopping

    /**
     * Stops accepting tasks; queued and running tasks still finish. Does not wait. Idempotent.
     */
    @Override
    public void shutdown() {
        queue.close();
    }

    /**
     * Stops accepting tasks, removes the queued tasks and returns them, and interrupts the running
     * ones. The returned tasks are exactly those that never started; they are not cancelled. Does
     * not wait for running tasks to stop (use {@link #awaitTermination} or {@link #close()}).
     *
     * @return the tasks that were queued and will now never run here, in queue order
     */
    @Override
    public List<Runnable> shutdownNow() {
        stopping = true;
        List<PoolTask<?>> unstarted = queue.cancel();
        for (Worker w : workers) {
            w.thread.interrupt();
        }
        return new ArrayList<>(unstarted);
    }

    /**
     * Finishes the queued and running tasks, stops the workers, then reports failures: throws an
     * {@link UnobservedTaskFailuresException} if tasks failed, the pool has no error handler, and
     * some failure was not observed through its {@link Task} handle. Later calls return at once and
     * throw nothing. If interrupted while waiting, stops as {@link #shutdownNow()} does, cancels the
     * tasks it removed, keeps waiting for the workers, and returns with the interrupt status set.
     *
     * @throws UnobservedTaskFailuresException if failures went unobserved (see above)
     * @throws IllegalStateException           if called from one of this pool's workers, which would
     *                                         wait for itself
     */
    @Override
    public void close() {
        for (Worker w : workers) {
            if (w.thread == Thread.currentThread()) {
                throw new IllegalStateException("close() of worker pool '" + name
                        + "' called from its own worker would wait for itself");
            }
        }
        shutdown();
        boolean interrupted = false;
        while (!isTerminated()) {
            try {
                terminated.await();
            } catch (InterruptedException e) {
                if (!interrupted) {
                    interrupted = true;
                    for (Runnable unstarted : shutdownNow()) {
                        ((PoolTask<?>) unstarted).cancel(false);
                    }
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        reportUnobservedFailures();
    }

    private void reportUnobservedFailures() {
        if (!failuresReported.compareAndSet(false, true)) {
            return;
        }
        List<Throwable> unobserved = new ArrayList<>();
        for (Failure f : failures) {
            if (f.unobserved()) {
                unobserved.add(f.error());
            }
        }
        failures.clear();
        if (!unobserved.isEmpty()) {
            throw new UnobservedTaskFailuresException(name, unobserved);
        }
    }

    /**
     * Tells whether the pool still accepts tasks.
     *
     * @return {@code true} once {@link #shutdown()}, {@link #close()} or {@link #shutdownNow()} was called
     */
    @Override
    public boolean isShutdown() {
        return queue.isClosedForSend();
    }

    /**
     * Tells whether every worker has stopped.
     *
     * @return {@code true} once the pool is shut down and every worker has stopped
     */
    @Override
    public boolean isTerminated() {
        return terminated.getCount() == 0;
    }

    /**
     * Waits until every worker has stopped after a shutdown. Does not report failures; call
     * {@link #close()} for that.
     *
     * @param timeout the longest wait
     * @param unit    its unit
     * @return {@code true} if terminated, {@code false} if the time ran out first
     * @throws InterruptedException if interrupted while waiting
     */
    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        return terminated.await(timeout, unit);
    }

    // ---------------------------------------------------------------- state

    /**
     * Names the pool.
     *
     * @return the pool's name, which its worker threads' names start with
     */
    public String name() {
        return name;
    }

    /**
     * Counts the queued tasks.
     *
     * @return how many tasks wait in the queue now (a snapshot)
     */
    public int queued() {
        return queue.size();
    }

    /**
     * Reports what each worker did.
     *
     * @return per-worker counts and busy/idle times so far, one entry per worker (a snapshot)
     */
    public List<WorkerStats> stats() {
        List<WorkerStats> out = new ArrayList<>(workers.length);
        for (Worker w : workers) {
            out.add(w.stats());
        }
        return out;
    }

    @Override
    public String toString() {
        String state = isTerminated() ? "terminated" : isShutdown() ? "shutting down" : "running";
        return "WorkerPool[" + name + ", " + workers.length + (virtual ? " virtual" : " platform")
                + " workers, queued=" + queued() + ", " + state + "]";
    }
}
