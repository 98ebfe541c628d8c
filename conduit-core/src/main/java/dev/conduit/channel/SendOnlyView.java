package dev.conduit.channel;

import java.time.Duration;
import java.util.Objects;

/**
 * The view {@link Channel#sendOnly()} returns: every call goes to the channel, and the class
 * implements only {@link SendChannel}, so a holder cannot cast it back to {@link Channel}.
 * {@link Select} sees through it to the channel.
 */
final class SendOnlyView<T> implements SendChannel<T> {
    final Channel<T> channel;

    SendOnlyView(Channel<T> channel) {
        this.channel = Objects.requireNonNull(channel, "channel");
    }

    @Override
    public void put(T item) throws InterruptedException {
        channel.put(item);
    }

    @Override
    public boolean offer(T item) {
        return channel.offer(item);
    }

    @Override
    public boolean offer(T item, Duration timeout) throws InterruptedException {
        return channel.offer(item, timeout);
    }

    @Override
    public void close() {
        channel.close();
    }

    @Override
    public void close(Throwable cause) {
        channel.close(cause);
    }

    @Override
    public boolean isClosedForSend() {
        return channel.isClosedForSend();
    }

    @Override
    public void awaitTasks() throws InterruptedException {
        channel.awaitTasks();
    }

    @Override
    public boolean awaitTasks(Duration timeout) throws InterruptedException {
        return channel.awaitTasks(timeout);
    }

    @Override
    public long unfinishedTasks() {
        return channel.unfinishedTasks();
    }

    @Override
    public int size() {
        return channel.size();
    }

    @Override
    public boolean isFull() {
        return channel.isFull();
    }

    @Override
    public int capacity() {
        return channel.capacity();
    }

    @Override
    public String name() {
        return channel.name();
    }

    @Override
    public ChannelStats stats() {
        return channel.stats();
    }

    @Override
    public String toString() {
        return "send-only view of " + channel;
    }
}
