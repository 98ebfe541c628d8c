package dev.conduit.pipeline.internal;

import dev.conduit.channel.Channel;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A link between two stages that hands items over in batches: the channel carries arrays of up to
 * {@link #batch} items, so one lock round trip moves many items. Used only where it cannot hurt: into
 * a stage with one worker (a batch cannot starve that stage's other workers, there are none).
 *
 * <h2>Algorithm</h2>
 * Each producing worker fills its own array ({@link BatchedOutlet}) and sends it when it is full,
 * when the worker is about to wait for input, when the consumer is {@link #consumerWaiting waiting},
 * and at the end; so an item is never kept back while the consumer idles, except for the short race
 * between the consumer starting to wait and the producer's next check. A send clears the waiting
 * flag: the consumer has something to wake up to, and while it wakes (microseconds, milliseconds on a
 * loaded machine) the next items gather into a batch instead of following one by one. So batches
 * adapt: one item when the consumer keeps up, up to {@link #batch} when it falls behind. The consumer unpacks arrays
 * ({@link BatchedInlet}); arrays are full or end with {@code null} (items are never null).
 *
 * <h2>Bounds</h2>
 * The channel holds {@code capacity / batch} arrays, so at most {@code capacity} items, the same as
 * an unbatched link; each producing worker may keep back up to {@code batch} items (the engine picks
 * {@code batch <= capacity / producing workers}, so all of them together at most {@code capacity})
 * and the consumer may hold one unpacked array. {@link #items} counts items in the channel (after a send, before a
 * receive), for the fill statistics.
 */
final class BatchedLink {
    final Channel<Object> channel;
    final int batch;
    /** Set by the (single) consumer while it waits for input; read by producers once per item. */
    volatile boolean consumerWaiting;
    private final AtomicLong items = new AtomicLong();
    private final AtomicLong peak = new AtomicLong();

    BatchedLink(Channel<Object> channel, int batch) {
        this.channel = channel;
        this.batch = batch;
    }

    void sent(int n) {
        // The consumer counts an array out just after taking it, so for a moment the count can
        // exceed what the channel holds by one array; the channel's bound caps the peak.
        long now = Math.min(items.addAndGet(n), (long) channel.capacity() * batch);
        if (now > peak.get()) {
            peak.accumulateAndGet(now, Math::max);
        }
    }

    void received(int n) {
        items.addAndGet(-n);
    }

    /** @return items in the channel now (approximate while items move) */
    long items() {
        return Math.max(0, Math.min(items.get(), (long) channel.capacity() * batch));
    }

    long peakItems() {
        return peak.get();
    }

    /** @return the items of the arrays a cancel removed from the channel */
    static List<Object> unpack(List<Object> arrays) {
        List<Object> out = new ArrayList<>();
        for (Object a : arrays) {
            for (Object item : (Object[]) a) {
                if (item == null) {
                    break;
                }
                out.add(item);
            }
        }
        return out;
    }
}
