package dev.conduit.pipeline.internal;

import dev.conduit.channel.Channel;
import dev.conduit.channel.ChannelStats;

import java.util.List;

/**
 * One channel between two stages of a running pipeline, plain or batched, seen in items either way:
 * how full it is, how full it got, and what a cancel removed from it.
 */
final class LinkRuntime {
    final Channel<Object> channel;
    /** {@code null} for a plain link (one item per channel slot). */
    final BatchedLink batched;

    LinkRuntime(Channel<Object> channel, BatchedLink batched) {
        this.channel = channel;
        this.batched = batched;
    }

    String name() {
        return channel.name();
    }

    /** @return the most items the channel can hold */
    int capacityItems() {
        return batched == null ? channel.capacity() : channel.capacity() * batched.batch;
    }

    /** @return items in the channel now */
    long items() {
        return batched == null ? channel.size() : batched.items();
    }

    /** @return the most items it ever held at once */
    long peakItems(ChannelStats stats) {
        return batched == null ? stats.peakSize() : batched.peakItems();
    }

    /** Cancels the channel; @return the items it held */
    List<Object> cancel() {
        List<Object> removed = channel.cancel();
        return batched == null ? removed : BatchedLink.unpack(removed);
    }

    boolean isEmpty() {
        return items() == 0 && channel.isEmpty();
    }
}
