package dev.conduit.pool;

import java.util.concurrent.Callable;
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
