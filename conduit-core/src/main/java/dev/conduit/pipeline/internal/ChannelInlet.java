package dev.conduit.pipeline.internal;

import dev.conduit.channel.ChannelClosedException;
import dev.conduit.channel.ReceiveChannel;

/** Reads a channel (or its receiving end); a plain close means end of input, a close with a cause travels on as a failure. */
final class ChannelInlet implements Inlet {
    private final ReceiveChannel<Object> channel;

    ChannelInlet(ReceiveChannel<Object> channel) {
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
