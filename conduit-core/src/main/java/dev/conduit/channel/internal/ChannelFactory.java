package dev.conduit.channel.internal;

import dev.conduit.channel.Channel;

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
        return new LockedChannel<>(spec);
    }
}
