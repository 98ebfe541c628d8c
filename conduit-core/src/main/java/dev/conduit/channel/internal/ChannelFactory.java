package dev.conduit.channel.internal;

import dev.conduit.channel.Channel;
import dev.conduit.channel.Overflow;

/**
 * Chooses the implementation for a channel specification. This is the one place that knows which
 * algorithm serves which combination of settings, so faster implementations can be added without
 * touching the public API.
 */
public final class ChannelFactory {
    private ChannelFactory() {
    }

    /**
     * Creates a channel for {@code spec}.
     *
     * @param spec validated settings
     * @param <T>  the item type
     * @return a new open channel
     */
    public static <T> Channel<T> create(ChannelSpec<T> spec) {
        if (spec.capacity() == 0) {
            return new RendezvousChannel<>(spec);
        }
        if (fitsRing(spec)) {
            return new RingChannel<>(spec);
        }
        return new LockedChannel<>(spec);
    }

    /**
     * The largest capacity served by the lock-free ring, which allocates all its slots up front
     * (12 bytes each); larger bounds use the lock-based channel, whose buffer grows as needed.
     */
    static final int MAX_RING_CAPACITY = 1 << 16;

    /**
     * The lock-free ring serves bounded FIFO channels that block when full, whatever the number of
     * senders and receivers (the single-producer and single-consumer hints are accepted but the ring
     * needs none: its claim protocol is the same for one party or many). Ordering, drop policies and
     * unbounded channels stay on {@link LockedChannel}; capacity 0 on {@link RendezvousChannel}.
     *
     * @param spec validated settings
     * @return {@code true} if {@link RingChannel} implements {@code spec}
     */
    static boolean fitsRing(ChannelSpec<?> spec) {
        return spec.ordering() == Ordering.FIFO && spec.overflow() == Overflow.BLOCK
                && spec.capacity() >= 1 && spec.capacity() <= MAX_RING_CAPACITY;
    }
}
