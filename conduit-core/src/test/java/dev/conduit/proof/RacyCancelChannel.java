package dev.conduit.proof;

import dev.conduit.channel.Channel;
import dev.conduit.channel.ChannelClosedException;
import dev.conduit.channel.ChannelStats;
import dev.conduit.channel.internal.ChannelSpec;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * A deliberately broken twin of the bounded FIFO channel, kept in the test sources only, to show
 * that the proof layers can fail. It is a plain one-lock channel with one classic race:
 * {@link #cancel()} empties the buffer in one critical section and marks the channel cancelled in
 * a second one. A sender that slips in between (a parked {@code put} that the emptying just woke
 * is the usual one) adds an item to a channel that is about to be cancelled: the send succeeds,
 * cancel does not return the item, and receivers only see "cancelled", so the item is lost.
 *
 * <p>Everything else follows the contract, so the checks that catch it catch exactly this race. It
 * is self-contained (it shares no code with the real channels), so a bug in the real channels'
 * internals cannot hide or fake the race.
 *
 * @param <T> the item type
 */
final class RacyCancelChannel<T> implements Channel<T> {
    private static final int OPEN = 0, CLOSED = 1, CANCELLED = 2;
    private static final long FOREVER = -1;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final Condition notFull = lock.newCondition();
    private final Condition tasksFinished = lock.newCondition();
    private final ArrayDeque<T> buffer = new ArrayDeque<>();
    private final String name;
    private final int capacity;
    private final Consumer<? super T> onUndelivered;
    private volatile int state = OPEN;
    private Throwable closeCause;
    private long accepted, delivered, done, discarded; // under the lock

    RacyCancelChannel(ChannelSpec<T> spec) {
        this.name = spec.name();
        this.capacity = spec.capacity();
        this.onUndelivered = spec.onUndelivered();
    }

    @Override
    public void put(T item) throws InterruptedException {
        send(requireItem(item), FOREVER);
    }

    @Override
    public boolean offer(T item) {
        try {
            return send(requireItem(item), 0);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    @Override
    public boolean offer(T item, Duration timeout) throws InterruptedException {
        return send(requireItem(item), Math.max(0, timeout.toNanos()));
    }

    private boolean send(T item, long nanos) throws InterruptedException {
        lockFor(nanos);
        try {
            while (true) {
                if (state != OPEN) {
                    throw closed(": cannot send", null);
                }
                if (buffer.size() < capacity) {
                    break;
                }
                if (nanos == 0) {
                    return false;
                } else if (nanos == FOREVER) {
                    notFull.await();
                } else {
                    nanos = notFull.awaitNanos(nanos);
                    if (nanos <= 0 && buffer.size() >= capacity) {
                        return false;
                    }
                }
            }
            buffer.add(item);
            accepted++;
            notEmpty.signal();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** A call that does not wait is not interruptible. */
    private void lockFor(long nanos) throws InterruptedException {
        if (nanos == 0) {
            lock.lock();
        } else {
            lock.lockInterruptibly();
        }
    }

    @Override
    public T take() throws InterruptedException {
        return receive(FOREVER, true);
    }

    @Override
    public T poll() {
        try {
            return receive(0, false);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    @Override
    public T poll(Duration timeout) throws InterruptedException {
        return receive(Math.max(0, timeout.toNanos()), false);
    }

    private T receive(long nanos, boolean throwOnClosed) throws InterruptedException {
        lockFor(nanos);
        try {
            while (buffer.isEmpty() || state == CANCELLED) {
                if (state != OPEN) {
                    if (throwOnClosed) {
                        throw closed(": nothing more to receive", closeCause);
                    }
                    return null;
                }
                if (nanos == 0) {
                    return null;
                } else if (nanos == FOREVER) {
                    notEmpty.await();
                } else {
                    nanos = notEmpty.awaitNanos(nanos);
                    if (nanos <= 0 && buffer.isEmpty()) {
                        return null;
                    }
                }
            }
            delivered++;
            notFull.signal();
            return buffer.poll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public int drainTo(Collection<? super T> sink, int max) {
        Objects.requireNonNull(sink, "sink");
        lock.lock();
        try {
            int n = 0;
            while (n < max && state != CANCELLED && !buffer.isEmpty()) {
                sink.add(buffer.poll());
                n++;
            }
            delivered += n;
            notFull.signalAll();
            return n;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Iterator<T> iterator() {
        throw new UnsupportedOperationException("the broken twin is driven by its operations only");
    }

    @Override
    public void close() {
        closeWith(null);
    }

    @Override
    public void close(Throwable cause) {
        closeWith(Objects.requireNonNull(cause));
    }

    private void closeWith(Throwable cause) {
        lock.lock();
        try {
            if (state == OPEN) {
                state = CLOSED;
                closeCause = cause;
                notEmpty.signalAll();
                notFull.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public List<T> cancel() {
        List<T> removed;
        lock.lock();
        try {
            if (state == CANCELLED) {
                return List.of();
            }
            removed = new ArrayList<>(buffer);
            buffer.clear();
            notFull.signalAll(); // THE BUG: wakes senders while the channel still looks open ...
        } finally {
            lock.unlock();
        }
        Thread.yield(); // ... and widens the window so that a real-thread soak hits it too
        lock.lock();
        try {
            state = CANCELLED; // ... and only now marks it cancelled.
            discarded += removed.size();
            notEmpty.signalAll();
            notFull.signalAll();
            tasksFinished.signalAll();
        } finally {
            lock.unlock();
        }
        for (T item : removed) {
            onUndelivered.accept(item);
        }
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
            return state == CANCELLED || state == CLOSED && buffer.isEmpty();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void taskDone() {
        lock.lock();
        try {
            if (done >= delivered) {
                throw new IllegalStateException("taskDone() called more times than items were received");
            }
            done++;
            tasksFinished.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void awaitTasks() throws InterruptedException {
        awaitTasks(Duration.ofDays(365));
    }

    @Override
    public boolean awaitTasks(Duration timeout) throws InterruptedException {
        long nanos = timeout.toNanos();
        lock.lockInterruptibly();
        try {
            while (accepted - discarded - done != 0) {
                if (nanos <= 0) {
                    return false;
                }
                nanos = tasksFinished.awaitNanos(nanos);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public long unfinishedTasks() {
        lock.lock();
        try {
            return accepted - discarded - done;
        } finally {
            lock.unlock();
        }
    }

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
    public boolean isEmpty() {
        return size() == 0;
    }

    @Override
    public boolean isFull() {
        return size() >= capacity;
    }

    @Override
    public int capacity() {
        return capacity;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public ChannelStats stats() {
        lock.lock();
        try {
            return new ChannelStats(name, capacity, buffer.size(), 0, accepted, delivered, discarded, 0, 0);
        } finally {
            lock.unlock();
        }
    }

    private T requireItem(T item) {
        return Objects.requireNonNull(item, "item");
    }

    private ChannelClosedException closed(String what, Throwable cause) {
        return new ChannelClosedException(name, state == CANCELLED,
                "channel '" + name + "' is " + (state == CANCELLED ? "cancelled" : "closed") + what, cause);
    }
}
