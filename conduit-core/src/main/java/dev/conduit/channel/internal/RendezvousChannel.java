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
 * Two regimes, switched by one field, {@link #slot}:
 * <ul>
 *   <li><b>Alone</b> ({@code slot} is {@code null} or one waiter): while at most one plain
 *       {@code put} or {@code take} waits, it waits in the slot, without the lock. It gets there by
 *       one CAS from {@code null}; whoever comes for it claims it by the CAS that takes it out of
 *       the slot, counts the hand-off and publishes. That is one CAS each side and no lock: the
 *       shape of a ping-pong between two threads, the case {@code SynchronousQueue} is fast at.
 *       The waiter gives up by the same CAS, so the slot's CAS alone decides its fate.</li>
 *   <li><b>Queued</b> ({@code slot} is {@link #QUEUED}): anything else (a second waiter of the
 *       same kind, a select, a close, a cancel, a size, the queue view) takes the lock and first
 *       {@linkplain #settleNow() settles}: it swaps the slot to {@code QUEUED} and moves the slot's
 *       waiter, if still live, to the head of {@link AbstractChannel}'s waiter queue. From then on
 *       every operation goes through the lock, as in {@link LockedChannel}: a send hands its
 *       item to the first waiting receiver (a blocked {@code take} or a select's {@code onTake}),
 *       or queues itself with it; a receive takes the first waiting sender's item, or queues
 *       itself. A select's clauses queue like any other waiter, so a select sending and a select
 *       receiving on one rendezvous channel meet. When the lock holder leaves the queue empty on an
 *       open channel, it sets the slot back to {@code null} ({@link #beforeUnlock()}); a closed
 *       channel stays queued.</li>
 * </ul>
 *
 * <h2>Invariants</h2>
 * <ul>
 *   <li>Nothing is ever buffered: an item is either still its sender's (waiting with it) or
 *       already its receiver's (handed over in one claim).</li>
 *   <li>The waiter queue is empty unless {@code slot == QUEUED}, and only the lock holder moves
 *       the slot to or from {@code QUEUED}; so while the slot holds a waiter, that waiter is the only
 *       one, and the oldest: FIFO holds across the two regimes.</li>
 *   <li>A waiter enters the slot once, by its own CAS from {@code null}, and leaves it once (so no
 *       ABA), by exactly one CAS: its server's (the claim), its own (giving up), or a settle's
 *       (then it is a queued waiter like any other, claimed under the lock by the waiter CAS, and
 *       gives up under the lock). A waiter in the slot is therefore always live.</li>
 *   <li>Live senders and live receivers never wait at the same time, except two clauses of one
 *       select (which must not meet each other).</li>
 *   <li>The hand-off is counted (accepted and delivered alike) before it is published, so both
 *       parties see it counted when they return.</li>
 * </ul>
 *
 * @param <T> the item type
 */
final class RendezvousChannel<T> extends LockBasedChannel<T> {
    private static final VarHandle SLOT, FREE_HANDOFFS, LOCKED_HANDOFFS;
    /** The slot's value in the queued regime. */
    private static final Object QUEUED = new Object();

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            SLOT = l.findVarHandle(RendezvousChannel.class, "slot", Object.class);
            FREE_HANDOFFS = l.findVarHandle(RendezvousChannel.class, "freeHandoffs", long.class);
            LOCKED_HANDOFFS = l.findVarHandle(RendezvousChannel.class, "lockedHandoffs", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** {@code null}, the one plain waiter, or {@link #QUEUED}. */
    private volatile Object slot;
    /** Hand-offs to a waiter in the slot: each also wakes that one waiter. By CAS. */
    private volatile long freeHandoffs;
    /** Hand-offs under the lock. Written under the lock. */
    private volatile long lockedHandoffs;

    RendezvousChannel(ChannelSpec<T> spec) {
        super(spec);
    }

    // ---------------------------------------------------------------- sending and receiving

    /** The alone regime's send, falling back to the lock (see the class comment). */
    @Override
    boolean send(T item, long nanos) throws InterruptedException {
        for (;;) {
            Object s = slot;
            if (s == QUEUED || state != OPEN) {
                return sendLocked(item, nanos); // closed: throws there
            }
            if (s == null) {
                if (nanos == 0) {
                    return false; // nobody waits to receive
                }
                Waiter w = Waiter.sender(item);
                if (SLOT.compareAndSet(this, null, w)) {
                    return awaitSent(w, nanos, true);
                }
                continue;
            }
            Waiter w = (Waiter) s;
            if (w.kind() == Waiter.SEND) {
                return nanos == 0 ? false : sendLocked(item, nanos); // queue behind the waiting sender
            }
            if (SLOT.compareAndSet(this, w, null)) { // the claim: the receiver is ours
                w.item = item;
                handOver(w);
                return true;
            } // else it gave up, someone else served it, or a settle queued it: look again
        }
    }

    /**
     * The alone regime's receive, falling back to the lock (see the class comment).
     *
     * @return the item; {@link #END} once closed; {@code null} if none came in time
     */
    @Override
    Object receive(long nanos) throws InterruptedException {
        for (;;) {
            Object s = slot;
            if (s == QUEUED || state != OPEN) {
                return receiveLocked(nanos);
            }
            if (s == null) {
                if (nanos == 0) {
                    return null; // nobody waits to send
                }
                Waiter w = Waiter.receiver();
                if (SLOT.compareAndSet(this, null, w)) {
                    return awaitReceived(w, nanos, true);
                }
                continue;
            }
            Waiter w = (Waiter) s;
            if (w.kind() == Waiter.RECEIVE) {
                return nanos == 0 ? null : receiveLocked(nanos); // queue behind the waiting receiver
            }
            if (SLOT.compareAndSet(this, w, null)) { // the claim: the sender's item is ours
                Object item = w.item;
                handOver(w);
                return item;
            }
        }
    }

    /** Completes the claim of the slot's waiter {@code w} (out of the slot by our CAS): count, publish, wake. */
    private void handOver(Waiter w) {
        FREE_HANDOFFS.getAndAdd(this, 1L);
        w.publishServedOutOfSlot();
        w.wake();
    }

    /**
     * A waiter in the slot gives up by taking itself out, the same CAS its server would claim it
     * by. If that fails, a server took it (its outcome is on the way) or a settle moved it to the
     * queue, where, under the lock, no server can race its give-up.
     */
    @Override
    boolean giveUp(Waiter w) {
        if (SLOT.compareAndSet(this, w, null)) {
            return w.giveUp(); // always true: nobody else can reach it now
        }
        lockChannel();
        try {
            if (isQueued(w) && w.giveUp()) {
                unlink(w);
                return true;
            }
            return false;
        } finally {
            unlockChannel();
        }
    }

    // ---------------------------------------------------------------- under the lock

    /**
     * Under the lock: enters the queued regime, moving the slot's waiter, if live, into the queue
     * (which is empty until then, so it becomes the head). Every operation under the lock calls
     * this before it looks at the waiters.
     */
    @Override
    void settleNow() {
        for (;;) {
            Object s = slot;
            if (s == QUEUED) {
                return;
            }
            if (SLOT.compareAndSet(this, s, QUEUED)) {
                if (s != null) {
                    enqueue((Waiter) s); // live: in the slot, nobody could have claimed it
                }
                return;
            }
        }
    }

    @Override
    boolean prepareToWait() {
        settleNow();
        return false; // sendNow and receiveNow have settled already: nothing new to look at
    }

    /**
     * Back to the alone regime once no waiter is queued, while open: a closed channel stays queued
     * for good, so a lock-free send that read the state just before the close cannot slip a waiter
     * into the slot after it (its CAS from {@code null} fails, and the lock path refuses it).
     */
    @Override
    void beforeUnlock() {
        if (state == OPEN && !hasWaiters() && slot == QUEUED) {
            slot = null;
        }
    }

    @Override
    Object sendNow(T item) {
        settleNow();
        if (serveReceiver(item)) {
            LOCKED_HANDOFFS.setRelease(this, lockedHandoffs + 1);
            return SENT;
        }
        return NO_ROOM;
    }

    @Override
    T receiveNow() {
        settleNow();
        Object item = serveSender();
        if (item != null) {
            LOCKED_HANDOFFS.setRelease(this, lockedHandoffs + 1);
        }
        @SuppressWarnings("unchecked") T t = (T) item;
        return t;
    }

    @Override
    boolean drainedNow() {
        return state != OPEN; // a close fails every waiting sender: nothing is left to receive
    }

    @Override
    void closedNow() {
        settleNow(); // so that the close ends the slot's waiter too
    }

    @Override
    List<T> removeAllNow() {
        settleNow();
        return new ArrayList<>(0);
    }

    // ---------------------------------------------------------------- state

    /** @return the number of senders waiting: what receivers could take now */
    @Override
    public int size() {
        lockChannel();
        try {
            settleNow();
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
            settleNow();
            return state != OPEN || countLive(Waiter.RECEIVE) == 0;
        } finally {
            unlockChannel();
        }
    }

    @Override
    public boolean isClosedForReceive() {
        return state != OPEN;
    }

    /** @return the hand-offs so far (both counters only grow, so a sum read field by field never overcounts) */
    private long handoffs() {
        return lockedHandoffs + freeHandoffs;
    }

    @Override
    protected long acceptedCount() {
        return handoffs();
    }

    @Override
    protected long deliveredCount() {
        return handoffs();
    }

    /** Wake-ups under the lock, plus one per lock-free hand-off (each serves the slot's one waiter). */
    @Override
    long wakeups() {
        return super.wakeups() + freeHandoffs;
    }

    /** @return whether a waiter waits in the slot now, the alone regime (a test hook) */
    boolean waiterInSlot() {
        return slot instanceof Waiter;
    }

    /** @return whether the channel is in the queued regime now (a test hook) */
    boolean queuedRegime() {
        return slot == QUEUED;
    }

    @Override
    public ChannelStats stats() {
        int waiting = size();
        long n = handoffs();
        return new ChannelStats(name(), 0, waiting, 0, n, n, discardedCount(), putBlockedNanos(), takeStarvedNanos());
    }
}
