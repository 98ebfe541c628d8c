package dev.conduit.pipeline.internal;

import dev.conduit.channel.SendChannel;

/** Writes a channel: the one to the next stage, or the user's channel (or sending end) given to {@code into}. */
final class ChannelOutlet implements Outlet {
    private final SendChannel<Object> channel;

    ChannelOutlet(SendChannel<Object> channel) {
        this.channel = channel;
    }

    @Override
    public boolean offer(Object item) {
        return channel.offer(item);
    }

    @Override
    public void put(Object item) throws InterruptedException {
        channel.put(item);
    }

    @Override
    public void close() {
        channel.close();
    }

    @Override
    public String channelName() {
        return channel.name();
    }
}
