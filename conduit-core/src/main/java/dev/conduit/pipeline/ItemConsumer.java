package dev.conduit.pipeline;

/**
 * The work of a {@code peek} stage or of a sink ({@code to(...)}): does something with an item and
 * returns nothing. Threading, blocking and interruption as for {@link ItemFunction}.
 *
 * @param <T> the item type
 */
@FunctionalInterface
public interface ItemConsumer<T> {
    /**
     * Handles one item.
     *
     * @param item the item, never {@code null}
     * @throws Exception anything; handled by the stage's error policy
     */
    void accept(T item) throws Exception;
}
