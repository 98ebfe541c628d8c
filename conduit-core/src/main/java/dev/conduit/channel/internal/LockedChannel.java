package dev.conduit.channel.internal;

import dev.conduit.channel.ChannelStats;
import dev.conduit.channel.Overflow;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A buffered channel (bounded or unbounded; FIFO, LIFO or priority; any overflow policy) guarded
 * by one lock with two conditions, the classic design of {@code ArrayBlockingQueue}. It is the
 * reference implementation: every ordering and policy, simple enough to be obviously right.
 *
 * <h2>Algorithm</h2>
 * All state lives under {@code lock}. {@link #send} and {@link #receive} are the two core methods;
 * {@link LockBasedChannel} maps every public send and receive onto them.
 *
 * <h2>Invariants (under the lock)</h2>
 * <ul>
 *   <li>{@code buffer.size() <= capacity}.</li>
 *   <li>{@code state == CANCELLED} implies the buffer is empty.</li>
 *   <li>An item is in the buffer or it is not: a send adds it only once it cannot fail, and a
 *       receive removes it only once it will return it. So an interrupt or a timeout never leaves
 *       half an item behind.</li>
 *   <li>A waiter that is signalled and then interrupted returns normally with its interrupt status
 *       set (the condition's own rule), so a signal is never lost to an interrupt.</li>
 * </ul>
 *
 * @param <T> the item type
 */
final class LockedChannel<T> extends LockBasedChannel<T> {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final Condition notFull = lock.newCondition();
    private final ItemBuffer<T> buffer;
    private final int capacity;
    private final Overflow overflow;

    /** Written under the lock; volatile so that cheap state queries need not lock. */
    private volatile int state = OPEN;
    private Throwable closeCause;
    /**
     * Counts for task accounting, written only under the lock and read without it. Release stores
     * (not volatile ones, which cost a fence per item on x86) suffice: the lock orders the writes,
     * the counts only grow, and a thread that calls {@code taskDone()} sees at least its own take.
     */
    private long accepted;
    private long delivered;
    private static final VarHandle ACCEPTED, DELIVERED;
    private int peakSize;
    private long putBlockedNanos;
    private long takeStarvedNanos;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            ACCEPTED = l.findVarHandle(LockedChannel.class, "accepted", long.class);
            DELIVERED = l.findVarHandle(LockedChannel.class, "delivered", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    LockedChannel(ChannelSpec<T> spec) {
        super(spec);
        this.buffer = ItemBuffer.of(spec);
        this.capacity = spec.capacity();
        this.overflow = spec.overflow();
    }

    // ---------------------------------------------------------------- sending

    @Override
    boolean send(T item, long nanos) throws InterruptedException {
        T dropped = null;
        if (nanos == 0) {
            lock.lock();
        } else {
            lock.lockInterruptibly();
        }
        try {
            if (state != OPEN) {
                throw closedForSend(state);
            }
            // Whether the new item itself is dropped is decided here, never by comparing it with
            // the dropped one: a sender may resend the very object that is buffered.
            boolean dropsNewItem = false;
            if (buffer.size() >= capacity) {
                switch (overflow) {
                    case DROP_OLDEST -> dropped = buffer.removeOldest();
                    case DROP_NEWEST -> {
                        ACCEPTED.setRelease(this, accepted + 1);
                        dropped = item;
                        dropsNewItem = true;
                    }
                    case BLOCK -> {
                        if (nanos == 0 || !awaitRoom(nanos)) {
                            return false;
                        }
                    }
                }
            }
            if (!dropsNewItem) {
                buffer.add(item);
                ACCEPTED.setRelease(this, accepted + 1);
                peakSize = Math.max(peakSize, buffer.size());
                notEmpty.signal();
            }
        } finally {
            lock.unlock();
        }
        if (dropped != null) {
            discarded(dropped);
        }
        fireReady();
        return true;
    }

    /** Waits under the lock until there is room; throws if the channel closes meanwhile. */
    private boolean awaitRoom(long nanos) throws InterruptedException {
        long start = System.nanoTime();
        try {
            while (buffer.size() >= capacity) {
                if (nanos == FOREVER) {
                    notFull.await();
                } else if (nanos <= 0) {
                    return false;
                } else {
                    nanos = notFull.awaitNanos(nanos);
                }
                if (state != OPEN) {
                    throw closedForSend(state);
                }
            }
            return true;
        } finally {
            putBlockedNanos += System.nanoTime() - start;
        }
    }

    // ---------------------------------------------------------------- receiving

    @Override
    T receive(long nanos, boolean throwOnClosed) throws InterruptedException {
        T item;
        if (nanos == 0) {
            lock.lock();
        } else {
            lock.lockInterruptibly();
        }
        try {
            if (buffer.isEmpty()) {
                long start = System.nanoTime();
                try {
                    while (buffer.isEmpty()) {
                        if (state != OPEN) {
                            if (throwOnClosed) {
                                throw closedForReceive(state, closeCause);
                            }
                            return null;
                        }
                        if (nanos == FOREVER) {
                            notEmpty.await();
                        } else if (nanos <= 0) {
                            return null;
                        } else {
                            nanos = notEmpty.awaitNanos(nanos);
                        }
                    }
                } finally {
                    takeStarvedNanos += System.nanoTime() - start;
                }
            }
            item = buffer.removeNext();
            DELIVERED.setRelease(this, delivered + 1);
            notFull.signal();
        } finally {
            lock.unlock();
        }
        fireReady();
        return item;
    }

    @Override
    public int drainTo(Collection<? super T> sink, int max) {
        Objects.requireNonNull(sink, "sink");
        int n = 0;
        lock.lock();
        try {
            T item;
            while (n < max && (item = buffer.removeNext()) != null) {
                sink.add(item);
                n++;
            }
            if (n > 0) {
                DELIVERED.setRelease(this, delivered + n);
                notFull.signalAll();
            }
        } finally {
            lock.unlock();
        }
        if (n > 0) {
            fireReady();
        }
        return n;
    }

    // ---------------------------------------------------------------- closing

    @Override
    protected void closeWith(Throwable cause) {
        lock.lock();
        try {
            if (state != OPEN) {
                return;
            }
            state = CLOSED;
            closeCause = cause;
            notEmpty.signalAll();
            notFull.signalAll();
        } finally {
            lock.unlock();
        }
        fireReady();
    }

    @Override
    public List<T> cancel() {
        List<T> removed;
        lock.lock();
        try {
            state = CANCELLED;
            removed = buffer.removeAll();
            notEmpty.signalAll();
            notFull.signalAll();
        } finally {
            lock.unlock();
        }
        fireReady();
        discarded(removed);
        return removed;
    }

    @Override
    public boolean isClosedForSend() {
        return state != OPEN;
    }

    @Override
    public boolean isClosedForReceive() {
        lock.lock();
        try {
            return state != OPEN && buffer.isEmpty();
        } finally {
            lock.unlock();
        }
    }

    // ---------------------------------------------------------------- state

    @Override
    public int size() {
        lock.lock();
        try {
            return buffer.size();
        } finally {
            lock.unlock();
        }
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
        lock.lock();
        try {
            return new ChannelStats(name(), capacity, buffer.size(), peakSize, accepted, delivered,
                    discardedCount(), putBlockedNanos, takeStarvedNanos);
        } finally {
            lock.unlock();
        }
    }

    @Override
    protected String stateText() {
        return stateName(state);
    }
}
