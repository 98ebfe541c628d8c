package dev.conduit.pipeline.internal;

import java.util.List;

/**
 * Where one worker puts its results: the channel to the next stage, the user's channel, a
 * collecting list, nowhere (a sink), or its own batch for a batched link. All but the batched kind
 * are shared by the stage's workers and thread-safe.
 *
 * <p>A batching outlet may keep results back; the worker calls {@link #tryFlush()} or {@link #flush()}
 * before it waits for input, when {@link #wantsFlush()} says the next stage is waiting, and at the end.
 */
interface Outlet {
    /**
     * Emits an item if that needs no waiting.
     *
     * @param item the item
     * @return {@code true} if emitted, {@code false} if there is no room now
     */
    boolean offer(Object item);

    /**
     * Emits an item, waiting for room.
     *
     * @param item the item
     * @throws InterruptedException if interrupted while waiting; the item was not emitted
     */
    void put(Object item) throws InterruptedException;

    /** Signals the end of the stream downstream; called once, after the stage's last worker ended. */
    void close();

    /** @return {@code true} if results were kept back and the next stage is waiting for them */
    default boolean wantsFlush() {
        return false;
    }

    /** Sends results kept back, if that needs no waiting; @return {@code false} if it would wait */
    default boolean tryFlush() {
        return true;
    }

    /** Sends results kept back, waiting for room. */
    default void flush() throws InterruptedException {
    }

    /** @return results kept back and not yet sent, to report when the run is stopped */
    default List<Object> held() {
        return List.of();
    }

    /** @return the channel this outlet writes, for reports; {@code null} if there is none */
    String channelName();
}
