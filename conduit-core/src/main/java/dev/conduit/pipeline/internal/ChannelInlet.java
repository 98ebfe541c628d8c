package dev.conduit.pipeline.internal;

import dev.conduit.channel.Channel;
import dev.conduit.channel.ChannelClosedException;

/** Reads a channel; a plain close means end of input, a close with a cause travels on as a failure. */
final class ChannelInlet implements Inlet {
    private final Channel<Object> channel;

    ChannelInlet(Channel<Object> channel) {
        this.channel = channel;
    }

    @Override
    public Object poll() {
        return channel.poll();
    }

    @Override
    public Object take() throws Exception {
        try {
            return channel.take();
        } catch (ChannelClosedException closed) {
            if (closed.getCause() == null && !closed.wasCancelled()) {
                throw EndOfInput.INSTANCE;
            }
            throw closed;
        }
    }

    @Override
    public String channelName() {
        return channel.name();
    }
}
