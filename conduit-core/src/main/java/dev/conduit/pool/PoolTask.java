package dev.conduit.pool;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A {@link FutureTask} that tells its pool when it fails and remembers whether anyone has seen the
 * failure. {@code FutureTask} already gets the hard parts right (one outcome, cancellation racing
 * completion, waiting); this class only adds the bookkeeping that keeps failures from vanishing.
 *
 * @param <T> the result type
 */
final class PoolTask<T> extends FutureTask<T> implements Task<T> {
    private final WorkerPool pool;
    /** Set once a failure has been handed to a caller; read by the pool when it closes. */
    private volatile boolean observed;
    /** The failure, written before the pool is told of it. */
    private volatile Throwable failure;
    /** Made by the first {@link #toCompletableFuture()}; completed by {@link #done()} or by that call. */
    private volatile Completion<T> completion;

    PoolTask(Callable<T> callable, WorkerPool pool) {
        super(callable);
        this.pool = pool;
    }

    PoolTask(Runnable runnable, T result, WorkerPool pool) {
        super(runnable, result);
        this.pool = pool;
    }

    WorkerPool pool() {
        return pool;
    }

    boolean failureObserved() {
        return observed;
    }

    Throwable failure() {
        return failure;
    }

    @Override
    protected void setException(Throwable t) {
        super.setException(t);
        // FutureTask ignores the failure if a cancel won the race; only a recorded failure is reported.
        if (state() == State.FAILED) {
            failure = t;
            pool.taskFailed(this, t);
        }
    }

    @Override
    public CompletableFuture<T> toCompletableFuture() {
        Completion<T> c = completion;
        if (c == null) {
            Completion<T> made = new Completion<>(this);
            c = COMPLETION.compareAndExchange(this, null, made) instanceof Completion<?> other
                    ? cast(other) : made;
            // A task that finished before the future existed found no future in done(): complete it
            // here. Both may run; a CompletableFuture keeps the first outcome and the two agree.
            c.completeFrom(this);
        }
        return c;
    }

    @SuppressWarnings("unchecked")
    private static <T> Completion<T> cast(Completion<?> c) {
        return (Completion<T>) c;
    }

    /** Called by {@code FutureTask} once the outcome is fixed, in the worker or the cancelling thread. */
    @Override
    protected void done() {
        Completion<T> c = completion;
        if (c != null) {
            c.completeFrom(this);
        }
    }

    /**
     * The task's {@code CompletableFuture}: completed from the task, and cancelling it cancels the
     * task. Dependent stages are plain {@code CompletableFuture}s ({@code newIncompleteFuture} is not
     * overridden), so cancelling one of them leaves the task alone.
     */
    private static final class Completion<T> extends CompletableFuture<T> {
        private final PoolTask<T> task;

        Completion(PoolTask<T> task) {
            this.task = task;
        }

        /** Completes this future with the task's outcome, if the task has one. */
        void completeFrom(PoolTask<T> t) {
            switch (t.state()) {
                case SUCCESS -> complete(t.resultNow());
                case FAILED -> {
                    t.observed = true;
                    completeExceptionally(t.rawFailure());
                }
                case CANCELLED -> super.cancel(false);
                case RUNNING -> { }
            }
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            task.cancel(mayInterruptIfRunning);
            completeFrom(task); // cancelled, or, if the task had finished first, its real outcome
            return isCancelled();
        }
    }

    /** The failure without marking it observed: {@code FutureTask}'s own {@code exceptionNow()}. */
    private Throwable rawFailure() {
        return super.exceptionNow();
    }

    private static final VarHandle COMPLETION;

    static {
        try {
            COMPLETION = MethodHandles.lookup().findVarHandle(PoolTask.class, "completion", Completion.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @Override
    public T join() throws InterruptedException {
        try {
            return get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new TaskFailedException(cause);
        }
    }

    @Override
    public T get() throws InterruptedException, ExecutionException {
        try {
            return super.get();
        } catch (ExecutionException e) {
            observed = true;
            throw e;
        }
    }

    @Override
    public T get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException, TimeoutException {
        try {
            return super.get(timeout, unit);
        } catch (ExecutionException e) {
            observed = true;
            throw e;
        }
    }

    @Override
    public Throwable exceptionNow() {
        Throwable t = super.exceptionNow();
        observed = true;
        return t;
    }
}
