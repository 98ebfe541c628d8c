package dev.conduit.pool;

/**
 * The work {@link WorkerPool#map} applies to each input: like {@link java.util.function.Function},
 * but it may throw any exception, checked ones included, which then reaches the caller of
 * {@code map} (wrapped in a {@link TaskFailedException} if checked).
 *
 * <p>It runs in the pool's worker threads, several inputs at once, so it must be safe to call
 * concurrently. If {@code map} is interrupted, the workers running it are interrupted; blocking
 * calls inside should let the {@link InterruptedException} propagate. A {@code Function} {@code f}
 * you already have fits as {@code f::apply}.
 *
 * @param <I> the input type
 * @param <O> the output type
 */
@FunctionalInterface
public interface TaskFunction<I, O> {
    /**
     * Computes the result for one input.
     *
     * @param input the input (may be {@code null} if the inputs hold nulls)
     * @return the result, which may be {@code null}
     * @throws Exception anything; it fails the {@code map} call
     */
    O apply(I input) throws Exception;
}
