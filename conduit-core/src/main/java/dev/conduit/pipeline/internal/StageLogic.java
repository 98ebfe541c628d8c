package dev.conduit.pipeline.internal;

import java.util.List;

/**
 * What a stage does with one item, with the threading taken out: the worker loop calls it and
 * deals with channels, timing, ordering and errors. One instance per worker, so an implementation
 * may keep per-worker state (as {@code batch} does).
 */
interface StageLogic {
    /**
     * Handles one item, adding its results (zero or more) to {@code out}. The worker emits them only
     * if this returns normally, so a failed attempt emits nothing and a retry cannot duplicate.
     *
     * @param item the item
     * @param out  where the results go; empty on entry
     * @throws Exception the user function's failure
     */
    void apply(Object item, List<Object> out) throws Exception;

    /**
     * Called once when the input is exhausted, to emit what the worker still holds.
     *
     * @param out where the results go; empty on entry
     */
    default void finish(List<Object> out) {
    }

    /**
     * Whether {@link #applyOne} may be used instead of {@link #apply}: the logic emits at most one
     * result per item. The worker then skips the result list, which is most of its per-item cost.
     *
     * @return {@code true} for at most one result per item
     */
    default boolean singleResult() {
        return false;
    }

    /**
     * Handles one item of a {@linkplain #singleResult() single-result} logic.
     *
     * @param item the item
     * @return the result, or {@code null} for none (a filtered item, a sink)
     * @throws Exception the user function's failure
     */
    default Object applyOne(Object item) throws Exception {
        throw new UnsupportedOperationException("not a single-result logic");
    }

    /**
     * A logic with at most one result per item, written once as {@link #applyOne}.
     */
    interface SingleResult extends StageLogic {
        @Override
        Object applyOne(Object item) throws Exception;

        @Override
        default boolean singleResult() {
            return true;
        }

        @Override
        default void apply(Object item, List<Object> out) throws Exception {
            Object result = applyOne(item);
            if (result != null) {
                out.add(result);
            }
        }
    }

    /** @return items this worker's logic holds between calls (a partial batch), to report when stopped */
    default List<Object> held() {
        return List.of();
    }
}
