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

    /** @return items this worker's logic holds between calls (a partial batch), to report when stopped */
    default List<Object> held() {
        return List.of();
    }
}
