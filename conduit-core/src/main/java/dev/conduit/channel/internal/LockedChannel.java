package dev.conduit.channel.internal;

import dev.conduit.channel.ChannelStats;
import dev.conduit.channel.Overflow;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.List;

/**
 * A buffered channel (bounded or unbounded; FIFO, LIFO or priority; any overflow policy) whose
 * whole state lives under {@link AbstractChannel}'s lock: the reference implementation, every
 * ordering and policy, simple enough to be obviously right.
 *
 * <h2>Algorithm</h2>
 * {@link #sendNow} hands the item to the first waiting receiver if there is one (the buffer is
 * then empty and keeps its room), else buffers it, else applies the overflow policy. A drop policy
 * only ever drops a buffered item or the new one, never one already handed to a waiter.
 * {@link #receiveNow} removes the next item and, if senders wait (the buffer was full), moves the
 * first waiting sender's item into the room it made before it returns.
 *
 * <h2>Invariants (under the lock)</h2>
 * <ul>
 *   <li>{@code buffer.size() <= capacity}.</li>
 *   <li>Receivers wait only while the buffer is empty; senders only while it is full, and only
 *       under {@link Overflow#BLOCK}.</li>
 *   <li>{@code state == CANCELLED} implies the buffer is empty.</li>
 *   <li>An item is in the buffer, or handed to one receiver, or still its sender's: a send adds it
 *       only once it cannot fail, and a receive removes it only once it will return it, so an
 *       interrupt or a timeout never leaves half an item behind.</li>
 * </ul>
 *
 * @param <T> the item type
 */
final class LockedChannel<T> extends LockBasedChannel<T> {
    private static final VarHandle ACCEPTED, DELIVERED;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            ACCEPTED = l.findVarHandle(LockedChannel.class, "accepted", long.class);
            DELIVERED = l.findVarHandle(LockedChannel.class, "delivered", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final ItemBuffer<T> buffer;
    private final int capacity;
    private final Overflow overflow;
    /**
     * Counts for task accounting, written only under the lock (release stores: the lock orders the
     * writes, the counts only grow) and read without it.
     */
    private long accepted;
    private long delivered;
    /** Under the lock, like the buffer; {@code size()} reads it without the lock. */
    private volatile int size;
    private int peakSize;

    LockedChannel(ChannelSpec<T> spec) {
        super(spec);
        this.buffer = ItemBuffer.of(spec);
        this.capacity = spec.capacity();
        this.overflow = spec.overflow();
    }

    // ---------------------------------------------------------------- under the lock

    @Override
    Object sendNow(T item) {
        int n = buffer.size();
        if (n == 0 && serveReceiver(item)) {
            ACCEPTED.setRelease(this, accepted + 1);
            DELIVERED.setRelease(this, delivered + 1);
            return SENT;
        }
        // Whether the new item itself is dropped is decided here, never by comparing it with the
        // dropped one: a sender may resend the very object that is buffered.
        Object result = SENT;
        if (n >= capacity) {
            switch (overflow) {
                case BLOCK -> {
                    return NO_ROOM;
                }
                case DROP_NEWEST -> {
                    ACCEPTED.setRelease(this, accepted + 1);
                    return item;
                }
                case DROP_OLDEST -> result = buffer.removeOldest();
            }
        }
        buffer.add(item);
        ACCEPTED.setRelease(this, accepted + 1);
        size = buffer.size();
        peakSize = Math.max(peakSize, size);
        return result;
    }

    @Override
    T receiveNow() {
        T item = buffer.removeNext();
        if (item == null) {
            return null;
        }
        DELIVERED.setRelease(this, delivered + 1);
        Object waiting = serveSender();
        if (waiting != null) { // the buffer was full: the first waiting sender's item takes the room
            @SuppressWarnings("unchecked") T t = (T) waiting;
            buffer.add(t);
            ACCEPTED.setRelease(this, accepted + 1);
        }
        size = buffer.size();
        return item;
    }

    @Override
    boolean drainedNow() {
        return state != OPEN && buffer.isEmpty();
    }

    @Override
    List<T> removeAllNow() {
        List<T> all = buffer.removeAll();
        size = 0;
        return all;
    }

    // ---------------------------------------------------------------- the queue view (issue 16), under the lock

    @Override
    Object[] snapshotNow(int max) {
        return buffer.toArray(max);
    }

    @Override
    int removeNow(boolean[] marks) {
        int removed = buffer.removeMarked(marks);
        if (removed == 0) {
            return 0;
        }
        DELIVERED.setRelease(this, delivered + removed); // a removal is a receive whose task is done at once
        for (int i = 0; i < removed && buffer.size() < capacity; i++) {
            Object waiting = serveSender(); // the room made goes to the senders that waited for it, in order
            if (waiting == null) {
                break;
            }
            @SuppressWarnings("unchecked") T t = (T) waiting;
            buffer.add(t);
            ACCEPTED.setRelease(this, accepted + 1);
        }
        size = buffer.size();
        return removed;
    }

    // ---------------------------------------------------------------- state

    // The lock-free reads below look at the state before the size: a cancel marks the channel
    // cancelled before it empties the buffer, so a reader that sees CANCELLED must not trust the
    // size, and one that saw OPEN or CLOSED reads a size from before the cancel or after it.

    @Override
    public boolean isClosedForReceive() {
        int s = state;
        return s == CANCELLED || (s == CLOSED && size == 0);
    }

    @Override
    public int size() {
        return state == CANCELLED ? 0 : size;
    }

    @Override
    public boolean isEmpty() {
        return size() == 0;
    }

    @Override
    public boolean isFull() {
        return size() >= capacity;
    }

    @Override
    protected long acceptedCount() {
        return (long) ACCEPTED.getAcquire(this);
    }

    @Override
    protected long deliveredCount() {
        return (long) DELIVERED.getAcquire(this);
    }

    @Override
    public ChannelStats stats() {
        lockChannel();
        try {
            return new ChannelStats(name(), capacity, buffer.size(), peakSize, accepted, delivered,
                    discardedCount(), putBlockedNanos(), takeStarvedNanos());
        } finally {
            unlockChannel();
        }
    }
}
