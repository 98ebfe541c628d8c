package dev.conduit.pipeline;

/**
 * The test of a {@code filter} stage: items for which it returns {@code true} go on, the others are
 * dropped on purpose (and counted in the stage's statistics as in but not out). Threading,
 * blocking and interruption as for {@link ItemFunction}.
 *
 * @param <T> the item type
 */
@FunctionalInterface
public interface ItemPredicate<T> {
    /**
     * Decides whether an item goes on.
     *
     * @param item the item, never {@code null}
     * @return {@code true} to keep the item
     * @throws Exception anything; handled by the stage's error policy
     */
    boolean test(T item) throws Exception;
}
