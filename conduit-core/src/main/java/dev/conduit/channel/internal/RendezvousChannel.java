package dev.conduit.channel.internal;

import dev.conduit.channel.ChannelStats;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;

/**
 * A channel of capacity 0: a sender and a receiver meet, and the item passes directly.
 *
 * <h2>Algorithm</h2>
 * Nothing but {@link AbstractChannel}'s waiter queue: a send hands its item to the first waiting
 * receiver (a blocked {@code take}, or a select's {@code onTake}), or, if none waits and it may
 * wait, queues itself with its item; a receive takes the item of the first waiting sender, or
 * queues itself. A select's clauses queue like any other waiter, so a select sending and a select
 * receiving on one rendezvous channel meet: whichever comes second finds the other queued.
 *
 * <h2>Invariants (under the lock)</h2>
 * <ul>
 *   <li>Nothing is ever buffered: an item is either still its sender's (queued with it) or
 *       already its receiver's (handed over in one claim).</li>
 *   <li>Live senders and live receivers are never queued at the same time, except two clauses of
 *       one select (which must not meet each other).</li>
 * </ul>
 *
 * @param <T> the item type
 */
final class RendezvousChannel<T> extends LockBasedChannel<T> {
    private static final VarHandle HANDOFFS;

    static {
        try {
            HANDOFFS = MethodHandles.lookup().findVarHandle(RendezvousChannel.class, "handoffs", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Items passed from a sender to a receiver: both the accepted and the delivered count. Under the lock. */
    private volatile long handoffs;

    RendezvousChannel(ChannelSpec<T> spec) {
        super(spec);
    }

    // ---------------------------------------------------------------- under the lock

    @Override
    Object sendNow(T item) {
        if (serveReceiver(item)) {
            HANDOFFS.setRelease(this, handoffs + 1);
            return SENT;
        }
        return NO_ROOM;
    }

    @Override
    T receiveNow() {
        Object item = serveSender();
        if (item != null) {
            HANDOFFS.setRelease(this, handoffs + 1);
        }
        @SuppressWarnings("unchecked") T t = (T) item;
        return t;
    }

    @Override
    boolean drainedNow() {
        return state != OPEN; // a close fails every queued sender: nothing is left to receive
    }

    @Override
    List<T> removeAllNow() {
        return new ArrayList<>(0);
    }

    // ---------------------------------------------------------------- state

    /** @return the number of senders waiting: what receivers could take now */
    @Override
    public int size() {
        lockChannel();
        try {
            return countLive(Waiter.SEND);
        } finally {
            unlockChannel();
        }
    }

    @Override
    public boolean isEmpty() {
        return size() == 0;
    }

    /** @return {@code true} unless a receiver is waiting, for an {@code offer} succeeds only then */
    @Override
    public boolean isFull() {
        lockChannel();
        try {
            return state != OPEN || countLive(Waiter.RECEIVE) == 0;
        } finally {
            unlockChannel();
        }
    }

    @Override
    public boolean isClosedForReceive() {
        return state != OPEN;
    }

    @Override
    protected long acceptedCount() {
        return handoffs;
    }

    @Override
    protected long deliveredCount() {
        return handoffs;
    }

    @Override
    public ChannelStats stats() {
        int waiting = size();
        long n = handoffs;
        return new ChannelStats(name(), 0, waiting, 0, n, n, discardedCount(), putBlockedNanos(), takeStarvedNanos());
    }
}
