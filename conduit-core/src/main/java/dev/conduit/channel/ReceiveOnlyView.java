package dev.conduit.channel;

import java.time.Duration;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The view {@link Channel#receiveOnly()} returns: every call goes to the channel, and the class
 * implements only {@link ReceiveChannel}, so a holder cannot cast it back to {@link Channel}.
 * {@link Select} sees through it to the channel.
 */
final class ReceiveOnlyView<T> implements ReceiveChannel<T> {
    final Channel<T> channel;

    ReceiveOnlyView(Channel<T> channel) {
        this.channel = Objects.requireNonNull(channel, "channel");
    }

    @Override
    public T take() throws InterruptedException {
        return channel.take();
    }

    @Override
    public T poll() {
        return channel.poll();
    }

    @Override
    public T poll(Duration timeout) throws InterruptedException {
        return channel.poll(timeout);
    }

    @Override
    public int drainTo(Collection<? super T> sink, int max) {
        return channel.drainTo(sink, max);
    }

    @Override
    public Iterator<T> iterator() {
        return channel.iterator();
    }

    @Override
    public void forEach(Consumer<? super T> action) {
        channel.forEach(action);
    }

    @Override
    public Stream<T> stream() {
        return channel.stream();
    }

    @Override
    public List<T> cancel() {
        return channel.cancel();
    }

    @Override
    public boolean isClosedForReceive() {
        return channel.isClosedForReceive();
    }

    @Override
    public void taskDone() {
        channel.taskDone();
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
    public boolean isEmpty() {
        return channel.isEmpty();
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
        return "receive-only view of " + channel;
    }
}
