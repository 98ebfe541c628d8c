package dev.conduit.channel.internal;

import dev.conduit.channel.ChannelStats;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A channel of capacity 0: a sender and a receiver meet, and the item passes directly.
 *
 * <h2>Algorithm</h2>
 * Under one lock, two queues of pending hand-offs:
 * <ul>
 *   <li>{@code waitingPuts}: one {@link Handoff} per blocked {@code put}/timed {@code offer}; its
 *       sender waits until a receiver marks it taken, or leaves (timeout, interrupt, close) and
 *       removes it itself if it is still untaken.</li>
 *   <li>{@code promised}: items from a non-waiting {@code offer(item)}, which succeeds only when
 *       more receivers are waiting than items already promised. Such an item is committed: it
 *       belongs to the channel until a receiver takes it or {@code cancel} returns it.</li>
 * </ul>
 * Receivers take promised items first, then waiting puts (unless the channel is closed: a closed
 * channel's blocked senders fail, so their items are no longer offered).
 *
 * <h2>Invariants (under the lock)</h2>
 * <ul>
 *   <li>{@code promised.size() <= waitingTakers}: each promised item has a receiver waiting for
 *       it. A receiver that leaves early (timeout, interrupt) while that would break takes a
 *       promised item with it instead, so a promised item is never stranded.</li>
 *   <li>A {@link Handoff} is taken at most once, and a sender that returns normally had its item
 *       taken; one that throws or returns {@code false} still owns its item.</li>
 * </ul>
 *
 * @param <T> the item type
 */
final class RendezvousChannel<T> extends LockBasedChannel<T> {
    /** A blocked sender's item, waiting for a receiver. */
    private static final class Handoff<T> {
        final T item;
        boolean taken;

        Handoff(T item) {
            this.item = item;
        }
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition itemOffered = lock.newCondition();
    private final Condition itemTaken = lock.newCondition();
    private final ArrayDeque<Handoff<T>> waitingPuts = new ArrayDeque<>();
    private final ArrayDeque<T> promised = new ArrayDeque<>();
    private int waitingTakers;

    private volatile int state = OPEN;
    private Throwable closeCause;
    private volatile long accepted;
    private volatile long delivered;
    private int peakSize;
    private long putBlockedNanos;
    private long takeStarvedNanos;

    RendezvousChannel(ChannelSpec<T> spec) {
        super(spec);
    }

    // ---------------------------------------------------------------- sending

    @Override
    boolean send(T item, long nanos) throws InterruptedException {
        if (nanos == 0) {
            lock.lock();
        } else {
            lock.lockInterruptibly();
        }
        boolean sent = false; // fire only after a change: a failed attempt must not wake selects
        try {
            if (state != OPEN) {
                throw closedForSend(state);
            }
            if (waitingTakers > promised.size()) {
                promised.add(item);
                accepted++;
                peakSize = Math.max(peakSize, size0());
                itemOffered.signal();
                return sent = true;
            }
            if (nanos == 0) {
                return false;
            }
            return sent = awaitReceiver(new Handoff<>(item), nanos);
        } finally {
            lock.unlock();
            if (sent) {
                fireReady();
            }
        }
    }

    /** Parks a hand-off until a receiver takes it; on any other way out, withdraws it. */
    private boolean awaitReceiver(Handoff<T> h, long nanos) throws InterruptedException {
        waitingPuts.add(h);
        peakSize = Math.max(peakSize, size0());
        itemOffered.signal();
        fireReady(); // a select's onTake can take this item now; it polls once we release the lock
        long start = System.nanoTime();
        try {
            while (!h.taken) {
                if (state != OPEN) {
                    throw closedForSend(state);
                }
                if (nanos == FOREVER) {
                    itemTaken.await();
                } else if (nanos <= 0) {
                    return false;
                } else {
                    nanos = itemTaken.awaitNanos(nanos);
                }
            }
            return true;
        } catch (InterruptedException e) {
            if (h.taken) {
                Thread.currentThread().interrupt(); // the hand-off happened: report success, keep the interrupt
                return true;
            }
            throw e;
        } finally {
            if (!h.taken) {
                waitingPuts.remove(h);
            }
            putBlockedNanos += System.nanoTime() - start;
        }
    }

    // ---------------------------------------------------------------- receiving

    @Override
    T receive(long nanos, boolean throwOnClosed) throws InterruptedException {
        if (nanos == 0) {
            lock.lock();
        } else {
            lock.lockInterruptibly();
        }
        T item = null; // fire only after a change: a failed attempt must not wake selects
        try {
            item = takeReady();
            if (item != null) {
                return item;
            }
            if (state != OPEN) {
                return closed(throwOnClosed);
            }
            if (nanos == 0) {
                return null;
            }
            return item = awaitSender(nanos, throwOnClosed);
        } finally {
            lock.unlock();
            if (item != null) {
                fireReady();
            }
        }
    }

    private T awaitSender(long nanos, boolean throwOnClosed) throws InterruptedException {
        waitingTakers++;
        fireReady(); // a select's onPut can hand us an item now; it offers once we release the lock
        long start = System.nanoTime();
        boolean counted = true;
        try {
            for (;;) {
                if (nanos == FOREVER) {
                    itemOffered.await();
                } else if (nanos <= 0) {
                    break;
                } else {
                    nanos = itemOffered.awaitNanos(nanos);
                }
                waitingTakers--;
                counted = false;
                T item = takeReady();
                if (item != null) {
                    return item;
                }
                if (state != OPEN) {
                    return closed(throwOnClosed);
                }
                waitingTakers++;
                counted = true;
            }
            waitingTakers--;
            counted = false;
            return takeReady(); // timed out: a promise made meanwhile is ours to keep
        } catch (InterruptedException e) {
            waitingTakers--;
            counted = false;
            if (promised.size() > waitingTakers) {
                Thread.currentThread().interrupt(); // keep the promise, keep the interrupt
                return takePromised();
            }
            throw e;
        } finally {
            if (counted) {
                waitingTakers--;
            }
            takeStarvedNanos += System.nanoTime() - start;
        }
    }

    /** @return a promised item, else an open channel's waiting put, else {@code null} */
    private T takeReady() {
        if (!promised.isEmpty()) {
            return takePromised();
        }
        if (state == OPEN) {
            Handoff<T> h = waitingPuts.poll();
            if (h != null) {
                h.taken = true;
                accepted++;
                delivered++;
                itemTaken.signalAll();
                return h.item;
            }
        }
        return null;
    }

    private T takePromised() {
        delivered++;
        return promised.poll();
    }

    private T closed(boolean throwOnClosed) {
        if (throwOnClosed) {
            throw closedForReceive(state, closeCause);
        }
        return null;
    }

    @Override
    public int drainTo(Collection<? super T> sink, int max) {
        Objects.requireNonNull(sink, "sink");
        int n = 0;
        lock.lock();
        try {
            T item;
            while (n < max && (item = takeReady()) != null) {
                sink.add(item);
                n++;
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
            itemOffered.signalAll();
            itemTaken.signalAll();
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
            removed = List.copyOf(promised);
            promised.clear();
            itemOffered.signalAll();
            itemTaken.signalAll();
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
            return state != OPEN && promised.isEmpty();
        } finally {
            lock.unlock();
        }
    }

    // ---------------------------------------------------------------- state

    private int size0() {
        return promised.size() + (state == OPEN ? waitingPuts.size() : 0);
    }

    @Override
    public int size() {
        lock.lock();
        try {
            return size0();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean isFull() {
        lock.lock();
        try {
            return state != OPEN || waitingTakers <= promised.size();
        } finally {
            lock.unlock();
        }
    }

    @Override
    protected long acceptedCount() {
        return accepted;
    }

    @Override
    protected long deliveredCount() {
        return delivered;
    }

    @Override
    public ChannelStats stats() {
        lock.lock();
        try {
            return new ChannelStats(name(), 0, size0(), peakSize, accepted, delivered, discardedCount(),
                    putBlockedNanos, takeStarvedNanos);
        } finally {
            lock.unlock();
        }
    }

    @Override
    protected String stateText() {
        return stateName(state);
    }
}
