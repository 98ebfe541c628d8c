package dev.conduit.channel;

/**
 * What a send does when a bounded channel is full.
 *
 * <p>Every item a policy drops is passed to the channel's
 * {@link ChannelBuilder#onUndelivered(java.util.function.Consumer) onUndelivered} callback, so a
 * dropped item is handed back, never silently lost. A dropped item counts as finished for
 * {@link Channel#awaitTasks()}.
 */
public enum Overflow {
    /** The sender waits for room ({@link Channel#put}) or fails ({@link Channel#offer}). The default. */
    BLOCK,
    /**
     * Room is made by dropping the item that has waited longest in the channel; the send always
     * succeeds at once. With capacity 1 this is a conflated channel: a receiver sees the latest value.
     */
    DROP_OLDEST,
    /** The item being sent is dropped; the buffered items stay; the send returns at once. */
    DROP_NEWEST
}
