package dev.conduit.pipeline.internal;

/**
 * Where one stage's workers get their items: a channel between stages, the user's channel, or the
 * source (an iterator or generator). All workers of a stage share one inlet, so implementations are
 * thread-safe, except a source inlet, which only ever has one worker.
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
}
