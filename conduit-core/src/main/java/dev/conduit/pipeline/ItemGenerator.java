package dev.conduit.pipeline;

/**
 * A source that produces items on demand, like a {@link java.util.function.Supplier} that can say
 * "no more": {@link #next()} returns the next item, or {@code null} once there are no more. It is
 * called from one thread only (the source's worker), so it need not be thread-safe, and it may block
 * (reading a file, a socket). If the pipeline is cancelled, that thread is interrupted.
 *
 * <p>An exception thrown by the generator fails the pipeline: there is no item to skip.
 *
 * @param <T> the item type
 */
@FunctionalInterface
public interface ItemGenerator<T> {
    /**
     * Produces the next item.
     *
     * @return the next item, or {@code null} when there are no more
     * @throws Exception anything; it fails the pipeline
     */
    T next() throws Exception;
}
