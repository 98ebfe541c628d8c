package dev.conduit.pipeline.internal;

/**
 * Where one stage's workers put their results: the channel to the next stage, the user's channel,
 * a collecting list, or nowhere (a sink). Shared by all workers of the stage, so thread-safe.
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

    /** @return the channel this outlet writes, for reports; {@code null} if there is none */
    String channelName();
}
