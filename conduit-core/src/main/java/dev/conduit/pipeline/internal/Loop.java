package dev.conduit.pipeline.internal;

import dev.conduit.channel.Channel;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The bookkeeping of a pipeline that feeds its own input ({@code Pipeline.loop}): the channel that
 * carries the last stage's results back to the source, and the count that says when the run is over.
 *
 * <h2>When a loop ends</h2>
 * {@link #live} counts the items in the loop plus one while seeds are left:
 * <pre>
 *   live = (1 until the seeds are exhausted) + items read from the seeds or fed back that have not ended
 * </pre>
 * An item is in the loop from the moment the source reads it as a seed until it ends: it is dropped
 * by a filter, skipped after a failure, or replaced by its results. Items in a channel, in a
 * worker's hands, or kept back in a hand-off batch are all in the loop. A worker that turns one item
 * into {@code k} results adds {@code k - 1} before it emits any of them, or, with no result, takes
 * the item off after it ended; a stage with one result per item changes nothing. So the count is
 * never below the number of items anywhere, and it reaches zero only when no seed is left and no
 * item is queued or in flight. It never rises again: only the holder of a live item (a worker, or
 * the source with its seed token) adds to it. The call that brings it to zero closes the feedback
 * channel; the source, which waits on that channel once the seeds are used up, then sees the end of
 * its input, and the end travels down the stages as in any pipeline.
 *
 * <h2>Why the feedback channel is unbounded</h2>
 * With bounded channels all the way round, every worker of the ring can be waiting for room in the
 * next channel at once, and none can move: a deadlock no backpressure resolves. The channel back to
 * the source is therefore unbounded, and the source takes from it before it reads another seed, so
 * that what is buffered is the loop's own growth (a crawl's frontier), not the seeds.
 */
final class Loop {
    final Channel<Object> feedback;
    private final AtomicLong live = new AtomicLong(1);

    Loop(String feedbackName) {
        this.feedback = Channel.builder().name(feedbackName).unbounded().build();
    }

    /** The source read a seed: one more item in the loop. */
    void seedRead() {
        live.incrementAndGet();
    }

    /** The source found no seed left: its token goes. Call once. */
    void seedsExhausted() {
        change(-1);
    }

    /**
     * A worker handled one item into {@code results} results; call before emitting them.
     *
     * @param results how many results the item gave (0 when dropped or skipped)
     */
    void handled(int results) {
        if (results != 1) {
            change(results - 1);
        }
    }

    private void change(long delta) {
        if (live.addAndGet(delta) == 0) {
            feedback.close();
        }
    }

    /** @return items in the loop, plus one while seeds are left; 0 once the loop has ended */
    long live() {
        return live.get();
    }
}
