package dev.conduit.channel.internal;

import java.time.Duration;
import java.util.Collection;
import java.util.Objects;

/**
 * The public send and receive entry points of the channels whose every operation runs under the
 * lock: each a one-line call into {@link AbstractChannel}'s one send and one receive algorithm
 * ({@link #sendLocked}, {@link #receiveLocked}), with a wait of {@link #FOREVER}, zero (do not
 * wait) or a number of nanoseconds.
 *
 * @param <T> the item type
 */
abstract class LockBasedChannel<T> extends AbstractChannel<T> {

    LockBasedChannel(ChannelSpec<T> spec) {
        super(spec);
    }

    @Override
    public final void put(T item) throws InterruptedException {
        requireItem(item);
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        sendLocked(item, FOREVER);
    }

    @Override
    public final boolean offer(T item) {
        requireItem(item);
        try {
            return sendLocked(item, 0);
        } catch (InterruptedException cannotHappen) {
            throw new AssertionError("a send that does not wait was interrupted", cannotHappen);
        }
    }

    @Override
    public final boolean offer(T item, Duration timeout) throws InterruptedException {
        requireItem(item);
        long nanos = Math.max(0, toNanos(timeout));
        if (nanos > 0 && Thread.interrupted()) {
            throw new InterruptedException();
        }
        return sendLocked(item, nanos);
    }

    @Override
    public final T take() throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        Object r = receiveLocked(FOREVER);
        if (r == END) {
            throw closedForReceive();
        }
        @SuppressWarnings("unchecked") T item = (T) r;
        return item;
    }

    @Override
    public final T poll() {
        try {
            return poll0(0);
        } catch (InterruptedException cannotHappen) {
            throw new AssertionError("a receive that does not wait was interrupted", cannotHappen);
        }
    }

    @Override
    public final T poll(Duration timeout) throws InterruptedException {
        long nanos = Math.max(0, toNanos(timeout));
        if (nanos > 0 && Thread.interrupted()) {
            throw new InterruptedException();
        }
        return poll0(nanos);
    }

    private T poll0(long nanos) throws InterruptedException {
        Object r = receiveLocked(nanos);
        @SuppressWarnings("unchecked") T item = r == END ? null : (T) r;
        return item;
    }

    @Override
    public final int drainTo(Collection<? super T> sink, int max) {
        Objects.requireNonNull(sink, "sink");
        return drainLocked(sink, max);
    }
}
