package dev.conduit.pool;

import java.util.concurrent.CancellationException;
import java.util.concurrent.Future;

/**
 * The handle of a task submitted to a {@link WorkerPool}: a {@link Future} whose {@link #join()}
 * gives the result or rethrows the task's own failure, without {@link java.util.concurrent.ExecutionException}
 * in the way.
 *
 * <h2>Observing a failure</h2>
 * A failure counts as <i>observed</i> once {@link #join()}, {@link #get()}, {@link #get(long,
 * java.util.concurrent.TimeUnit) get(timeout)} or {@link #exceptionNow()} has handed it to the
 * caller. A pool built without an error handler reports every failure nobody observed when it is
 * {@linkplain WorkerPool#close() closed}, so no failure is ever silently lost.
 *
 * <h2>Memory consistency effects</h2>
 * Actions in the task happen-before the return (normal or exceptional) of {@code join()} or
 * {@code get()} in the thread that receives its outcome.
 *
 * @param <T> the type of the task's result
 */
public interface Task<T> extends Future<T> {

    /**
     * Waits for the task to finish and returns its result, or rethrows its failure: a
     * {@link RuntimeException} or {@link Error} as it was thrown, a checked exception wrapped in a
     * {@link TaskFailedException} whose cause it is (an {@link InterruptedException} thrown by the
     * task too, so it cannot be mistaken for an interrupt of the joining thread). Marks the failure
     * as observed.
     *
     * @return the task's result ({@code null} for a {@link Runnable})
     * @throws InterruptedException  if the waiting thread is interrupted while waiting; the task is
     *                               not affected and its failure, if any, is not marked observed
     * @throws CancellationException if the task was cancelled
     * @throws TaskFailedException   if the task threw a checked exception
     */
    T join() throws InterruptedException;
}
