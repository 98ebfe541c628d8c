package dev.conduit.pool;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;

/**
 * The handle of a task submitted to a {@link WorkerPool}: a {@link Future} whose {@link #join()}
 * gives the result or rethrows the task's own failure, without {@link java.util.concurrent.ExecutionException}
 * in the way.
 *
 * <h2>Observing a failure</h2>
 * A failure counts as <i>observed</i> once {@link #join()}, {@link #get()}, {@link #get(long,
 * java.util.concurrent.TimeUnit) get(timeout)} or {@link #exceptionNow()} has handed it to the
 * caller, or it has completed the future {@link #toCompletableFuture()} returned. A pool built without an error handler reports every failure nobody observed when it is
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

    /**
     * Returns a {@link CompletableFuture} that completes when the task does: with its result, with
     * its failure as it was thrown (so {@code join()} of the future throws a
     * {@link java.util.concurrent.CompletionException} whose cause it is, and dependent stages see
     * it), or cancelled if the task was cancelled. Every call returns the same future.
     *
     * <h4>Failures</h4>
     * A failure that completes this future counts as observed: from then on it is the future's
     * chain that must handle it (with {@code exceptionally}, {@code handle}, {@code join} ...), and
     * {@link WorkerPool#close()} does not report it.
     *
     * <h4>Cancellation, both ways</h4>
     * <ul>
     *   <li>Cancelling the task ({@link #cancel(boolean)}) cancels the future.</li>
     *   <li>Cancelling the future ({@code future.cancel(mayInterruptIfRunning)}) cancels the task
     *       with the same argument: a queued task never runs, and {@code true} interrupts it if it
     *       is running. If the task had already finished, the future completes with its outcome
     *       instead and {@code cancel} returns {@code false}.</li>
     *   <li>Completing the future yourself ({@code complete}, {@code completeExceptionally},
     *       {@code orTimeout}, {@code obtrude...}) and cancelling a dependent stage do not affect
     *       the task.</li>
     * </ul>
     *
     * <h4>Threads and memory</h4>
     * The future is completed by the worker that ran the task, or by the thread that cancelled it,
     * so dependent stages added without an executor ({@code thenApply}, not
     * {@code thenApplyAsync}) run there: keep them short, or they hold up that worker. Actions in
     * the task happen-before the future completes, and so before its dependent stages run.
     *
     * @return the future of this task, the same on every call
     */
    CompletableFuture<T> toCompletableFuture();
}
