package dev.conduit.channel.internal;

import java.time.Duration;

/**
 * The public send and receive entry points of the lock-based channels, each a one-line call into
 * the two core methods a subclass implements: {@link #send} and {@link #receive}, with a wait of
 * {@link #FOREVER}, zero (do not wait) or a number of nanoseconds.
 *
 * @param <T> the item type
 */
abstract class LockBasedChannel<T> extends AbstractChannel<T> {

    LockBasedChannel(ChannelSpec<T> spec) {
        super(spec);
    }

    /**
     * The one send algorithm.
     *
     * @param item  the item, already checked not null
     * @param nanos {@link #FOREVER}, 0 for no wait, or the longest wait
     * @return {@code true} if the item was accepted, {@code false} if the time ran out
     */
    abstract boolean send(T item, long nanos) throws InterruptedException;

    /**
     * The one receive algorithm.
     *
     * @param nanos         {@link #FOREVER}, 0 for no wait, or the longest wait
     * @param throwOnClosed {@code true} to throw once closed and drained, {@code false} to return null
     * @return the item, or {@code null} if none came in time or the channel is closed and drained
     */
    abstract T receive(long nanos, boolean throwOnClosed) throws InterruptedException;

    @Override
    public final void put(T item) throws InterruptedException {
        send(requireItem(item), FOREVER);
    }

    @Override
    public final boolean offer(T item) {
        try {
            return send(requireItem(item), 0);
        } catch (InterruptedException cannotHappen) {
            throw new AssertionError("a send that does not wait was interrupted", cannotHappen);
        }
    }

    @Override
    public final boolean offer(T item, Duration timeout) throws InterruptedException {
        requireItem(item);
        return send(item, Math.max(0, toNanos(timeout)));
    }

    @Override
    public final T take() throws InterruptedException {
        return receive(FOREVER, true);
    }

    @Override
    public final T poll() {
        try {
            return receive(0, false);
        } catch (InterruptedException cannotHappen) {
            throw new AssertionError("a receive that does not wait was interrupted", cannotHappen);
        }
    }

    @Override
    public final T poll(Duration timeout) throws InterruptedException {
        return receive(Math.max(0, toNanos(timeout)), false);
    }

    @Override
    public final boolean isEmpty() {
        return size() == 0;
    }
}
