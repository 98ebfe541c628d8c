package dev.conduit.channel.internal;

import java.time.Duration;
import java.util.Collection;
import java.util.Objects;

/**
 * The public send and receive entry points of the channels that move items under the lock: each a
 * one-line call into {@link #send} and {@link #receive}, with a wait of {@link #FOREVER}, zero (do
 * not wait) or a number of nanoseconds. Those are {@link AbstractChannel}'s one send and one
 * receive algorithm ({@link #sendLocked}, {@link #receiveLocked}), unless an implementation has a
 * lock-free path in front of them (the rendezvous slot).
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
        send(item, FOREVER);
    }

    @Override
    public final boolean offer(T item) {
        requireItem(item);
        try {
            return send(item, 0);
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
        return send(item, nanos);
    }

    @Override
    public final T take() throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        Object r = receive(FOREVER);
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
        Object r = receive(nanos);
        @SuppressWarnings("unchecked") T item = r == END ? null : (T) r;
        return item;
    }

    /**
     * Sends {@code item} (not null), waiting up to {@code nanos}.
     *
     * @param nanos {@link #FOREVER}, 0 for no wait, or the longest wait
     * @return {@code true} if accepted, {@code false} if there was no room in time
     */
    boolean send(T item, long nanos) throws InterruptedException {
        return sendLocked(item, nanos);
    }

    /**
     * Receives, waiting up to {@code nanos}.
     *
     * @param nanos {@link #FOREVER}, 0 for no wait, or the longest wait
     * @return the item; {@link #END} once closed and drained; {@code null} if none came in time
     */
    Object receive(long nanos) throws InterruptedException {
        return receiveLocked(nanos);
    }

    @Override
    public final int drainTo(Collection<? super T> sink, int max) {
        Objects.requireNonNull(sink, "sink");
        return drainLocked(sink, max);
    }
}
