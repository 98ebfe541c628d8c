package dev.conduit.pipeline;

/**
 * An item that was inside the pipeline when it was stopped (cancelled, timed out or failed fast)
 * and did not get through: it is reported here instead of being dropped silently.
 *
 * @param where where the item was: {@code "channel 'a->b'"} for an item buffered between stages,
 *              {@code "worker 'b-2'"} for an item a worker had taken and not finished
 * @param item  the item as it was at that point (the output of the stage before)
 */
public record NotProcessed(String where, Object item) {
}
