package dev.conduit.pipeline;

/**
 * The work of a {@code map} or {@code flatMap} stage: turns one item into a result. It may block
 * (I/O, locks, sleeps) and may throw any exception; the stage's {@link ErrorPolicy} decides what
 * happens to the item then.
 *
 * <p>It is called from the stage's worker threads, possibly from several at once, so it must be
 * safe to call concurrently unless the stage has one worker. If the pipeline is cancelled while it
 * runs, its thread is interrupted; blocking calls inside it should let the
 * {@link InterruptedException} propagate, and the item is then reported as not processed.
 *
 * @param <T> the input item type
 * @param <R> the result type
 */
@FunctionalInterface
public interface ItemFunction<T, R> {
    /**
     * Computes the result for one item.
     *
     * @param item the input item, never {@code null}
     * @return the result; {@code null} is an error of the item (items are never {@code null})
     * @throws Exception anything; handled by the stage's error policy
     */
    R apply(T item) throws Exception;
}
