package dev.conduit.pipeline.internal;

import java.util.List;

/**
 * Where one worker gets its items: a channel between stages, the user's channel, the source (an
 * iterator or generator), or its share of a batched link. Inlets over a plain channel are shared by
 * all workers of a stage and thread-safe; source inlets and batched inlets belong to one worker.
 */
interface Inlet {
    /**
     * Returns an item if one is there without waiting for another thread. A source inlet produces
     * its next item here (the time counts as busy: producing is the source's work).
     *
     * @return the item, or {@code null} if none is ready now or the input is exhausted
     * @throws Exception an interrupt, or the source's own failure
     */
    Object poll() throws Exception;

    /**
     * Waits for the next item.
     *
     * @return the item
     * @throws EndOfInput   when the input is exhausted
     * @throws Exception    an interrupt, a cancelled channel, an upstream failure
     */
    Object take() throws Exception;

    /** @return the channel this inlet reads, for reports; {@code null} for a source */
    String channelName();

    /** @return items this inlet has received but not handed out yet (the rest of a batch), for a stop */
    default List<Object> held() {
        return List.of();
    }
}
