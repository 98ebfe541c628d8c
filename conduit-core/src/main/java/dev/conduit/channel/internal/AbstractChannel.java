package dev.conduit.channel.internal;

import dev.conduit.channel.Channel;
import dev.conduit.channel.ChannelClosedException;
import dev.conduit.channel.ChannelInterruptedException;

import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * What every channel implementation shares, so that each algorithm only has to move items:
 * task accounting, handing undelivered items back, iteration, readiness listeners for select,
 * argument checks and error messages.
 *
 * <h2>The internal contract an implementation keeps</h2>
 * <ul>
 *   <li>{@link #acceptedCount()} and {@link #deliveredCount()} only grow; an item dropped by
 *       overflow or removed by cancel counts as accepted and is reported through
 *       {@link #discarded(List)} or {@link #discarded(Object)}, never as delivered.</li>
 *   <li>After any change that may let a waiting receive, send or close-observer proceed (an item
 *       arrived, room appeared, the channel closed, and for a rendezvous channel a sender or
 *       receiver started waiting), it calls {@link #fireReady()}, normally outside its locks.
 *       Select relies on this to wait on several channels at once. Listeners never block or lock,
 *       so firing while holding a lock is safe where releasing it first would open a race (a
 *       rendezvous party announcing itself just before it waits). It never fires for an attempt
 *       that changed nothing (a failed {@code poll()} or {@code offer()}): a select's own failed
 *       attempts would wake it again at once, and two waiting selects would wake each other for
 *       ever. The change must be ordered before {@code fireReady()}'s volatile read of the
 *       listeners as a store-load pair (a lock release, a volatile write or CAS of the changed
 *       state, or a full fence): a select registers its listener, then polls, so without that
 *       order both could miss each other and the select would sleep through the change. A
 *       release-only store (setRelease) as the last write of the change is not enough.
 *       An implementation may skip firing (and that fence) while no listener was ever added, if
 *       its {@link #readinessListenerAdded()} closes the gap for changes already under way.</li>
 *   <li>It reads {@link #requireItem} before taking any lock, and hands dropped items back after
 *       releasing its locks.</li>
 * </ul>
 *
 * <h2>Task accounting</h2>
 * Unfinished tasks are {@code accepted - discarded - done}. Reading {@code done} and
 * {@code discarded} before {@code accepted} can only overestimate (both only grow, and
 * {@code accepted >= discarded + done} always), so a zero read is a true zero at the moment
 * {@code accepted} was read. {@code done <= delivered} is kept by a CAS loop in {@link #taskDone()}.
 * Senders and receivers never touch these counters on their fast paths; only {@code taskDone},
 * drops and cancel do, and only they wake {@code awaitTasks} waiters.
 *
 * @param <T> the item type
 */
public abstract class AbstractChannel<T> implements Channel<T> {
    /** Closing states, in the order a channel moves through them. */
    protected static final int OPEN = 0, CLOSED = 1, CANCELLED = 2;

    protected final ChannelSpec<T> spec;
    private final Consumer<? super T> onUndelivered;

    private final AtomicLong done = new AtomicLong();
    private final AtomicLong discardedCount = new AtomicLong();
    private final ReentrantLock taskLock = new ReentrantLock();
    private final Condition tasksFinished = taskLock.newCondition();
    private volatile int taskWaiters;

    /** Copy-on-write so that firing costs one volatile read when nobody selects on this channel. */
    private volatile Runnable[] readinessListeners = new Runnable[0];
    private final Object listenerLock = new Object();

    protected AbstractChannel(ChannelSpec<T> spec) {
        this.spec = spec;
        this.onUndelivered = spec.onUndelivered();
    }

    // ---------------------------------------------------------------- what implementations provide

    /** @return items accepted by sends so far, including ones later dropped or cancelled */
    protected abstract long acceptedCount();

    /** @return items handed to receivers so far */
    protected abstract long deliveredCount();

    // ---------------------------------------------------------------- task accounting

    @Override
    public final void taskDone() {
        for (;;) {
            long d = done.get();
            if (d >= deliveredCount()) {
                throw new IllegalStateException("taskDone() called more times than items were received from channel '"
                        + name() + "' (" + d + " already done)");
            }
            if (done.compareAndSet(d, d + 1)) {
                break;
            }
        }
        wakeTaskWaiters();
    }

    @Override
    public final long unfinishedTasks() {
        long d = done.get();
        long x = discardedCount.get();
        return acceptedCount() - x - d;
    }

    @Override
    public final void awaitTasks() throws InterruptedException {
        awaitTasksNanos(Long.MAX_VALUE);
    }

    @Override
    public final boolean awaitTasks(Duration timeout) throws InterruptedException {
        return awaitTasksNanos(toNanos(timeout));
    }

    private boolean awaitTasksNanos(long nanos) throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        if (unfinishedTasks() == 0) {
            return true;
        }
        taskLock.lockInterruptibly();
        try {
            taskWaiters++;
            try {
                // taskWaiters is raised before the re-check, so a taskDone() that finishes the last
                // task either is seen by this check or sees a waiter and signals under the lock.
                while (unfinishedTasks() != 0) {
                    if (nanos <= 0) {
                        return false;
                    }
                    if (nanos == Long.MAX_VALUE) {
                        tasksFinished.await();
                    } else {
                        nanos = tasksFinished.awaitNanos(nanos);
                    }
                }
                return true;
            } finally {
                taskWaiters--;
            }
        } finally {
            taskLock.unlock();
        }
    }

    private void wakeTaskWaiters() {
        if (taskWaiters > 0) {
            taskLock.lock();
            try {
                tasksFinished.signalAll();
            } finally {
                taskLock.unlock();
            }
        }
    }

    /** @return how many items were dropped by overflow or removed by cancel */
    protected final long discardedCount() {
        return discardedCount.get();
    }

    // ---------------------------------------------------------------- handing items back

    /**
     * Records one dropped item and hands it to {@code onUndelivered}. Call outside any lock.
     *
     * @param item the dropped item
     */
    protected final void discarded(T item) {
        discardedCount.incrementAndGet();
        wakeTaskWaiters();
        onUndelivered.accept(item);
    }

    /**
     * Records removed items and hands each to {@code onUndelivered}, all of them even if the
     * callback throws; the first failure is then rethrown with the others suppressed. Call outside
     * any lock.
     *
     * @param items the removed items
     */
    protected final void discarded(List<T> items) {
        if (items.isEmpty()) {
            return;
        }
        discardedCount.addAndGet(items.size());
        wakeTaskWaiters();
        RuntimeException failure = null;
        for (T item : items) {
            try {
                onUndelivered.accept(item);
            } catch (RuntimeException | Error e) {
                if (failure == null) {
                    failure = e instanceof RuntimeException re ? re
                            : new IllegalStateException("onUndelivered of channel '" + name() + "' failed", e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    // ---------------------------------------------------------------- readiness (for select)

    /**
     * Registers a listener run (in the thread that changed the channel, usually outside its locks)
     * after every change that may let a waiting receive, send or close-observer proceed. Listeners
     * must be quick, must not throw, block or take locks (they may run under a channel's lock), and
     * must tolerate being run after their removal; a select uses one to unpark its thread.
     *
     * @param listener the listener
     */
    public final void addReadinessListener(Runnable listener) {
        Objects.requireNonNull(listener, "listener");
        synchronized (listenerLock) {
            Runnable[] old = readinessListeners;
            Runnable[] next = java.util.Arrays.copyOf(old, old.length + 1);
            next[old.length] = listener;
            readinessListeners = next;
        }
        // The caller polls next: its registration must be ordered before that poll (store-load).
        java.lang.invoke.VarHandle.fullFence();
        readinessListenerAdded();
    }

    /**
     * Called after a listener was added and before the caller polls the channel. An implementation
     * that skips {@link #fireReady()} while nobody listens (to keep a fence off its fast path)
     * makes that skip safe here, by making its later changes fire and by completing the changes
     * already under way; see RingChannel. The default does nothing.
     */
    protected void readinessListenerAdded() {
    }

    /**
     * Removes a listener added by {@link #addReadinessListener}; does nothing if it is absent.
     *
     * @param listener the listener
     */
    public final void removeReadinessListener(Runnable listener) {
        synchronized (listenerLock) {
            Runnable[] old = readinessListeners;
            for (int i = 0; i < old.length; i++) {
                if (old[i] == listener) {
                    Runnable[] next = new Runnable[old.length - 1];
                    System.arraycopy(old, 0, next, 0, i);
                    System.arraycopy(old, i + 1, next, i, old.length - i - 1);
                    readinessListeners = next;
                    return;
                }
            }
        }
    }

    /** Runs the readiness listeners; one volatile read when there are none. */
    protected final void fireReady() {
        Runnable[] ls = readinessListeners;
        for (Runnable l : ls) {
            l.run();
        }
    }

    // ---------------------------------------------------------------- iteration

    @Override
    public final Iterator<T> iterator() {
        return new Iterator<>() {
            private T next;

            @Override
            public boolean hasNext() {
                if (next != null) {
                    return true;
                }
                try {
                    next = take();
                    return true;
                } catch (ChannelClosedException e) {
                    if (e.getCause() == null && !e.wasCancelled()) {
                        return false; // a graceful close is the normal end of iteration
                    }
                    throw e;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new ChannelInterruptedException(name(), e);
                }
            }

            @Override
            public T next() {
                if (!hasNext()) {
                    throw new NoSuchElementException("channel '" + name() + "' is closed and drained");
                }
                T item = next;
                next = null;
                return item;
            }
        };
    }

    @Override
    public final void forEach(Consumer<? super T> action) {
        Objects.requireNonNull(action, "action");
        Iterator<T> it = iterator();
        while (it.hasNext()) {
            action.accept(it.next());
        }
    }

    // ---------------------------------------------------------------- checks and messages

    @Override
    public final String name() {
        return spec.name();
    }

    @Override
    public final int capacity() {
        return spec.capacity();
    }

    @Override
    public final void close() {
        closeWith(null);
    }

    @Override
    public final void close(Throwable cause) {
        closeWith(Objects.requireNonNull(cause, () -> "close cause for channel '" + name() + "' must not be null"));
    }

    /**
     * Closes for sending, recording {@code cause} (may be {@code null}) if this is the first close.
     *
     * @param cause the cause, or {@code null}
     */
    protected abstract void closeWith(Throwable cause);

    /**
     * Rejects a null item with a message that names the channel.
     *
     * @param item the item
     * @return the item
     */
    protected final T requireItem(T item) {
        if (item == null) {
            throw new NullPointerException("channel '" + name() + "' does not accept null items");
        }
        return item;
    }

    /** @return the exception a send gets on a closed channel */
    protected final ChannelClosedException closedForSend(int state) {
        return new ChannelClosedException(name(), state == CANCELLED,
                "channel '" + name() + "' is " + (state == CANCELLED ? "cancelled" : "closed") + ": cannot send", null);
    }

    /** @return the exception a receive gets once the channel is closed and drained, or cancelled */
    protected final ChannelClosedException closedForReceive(int state, Throwable cause) {
        String what = state == CANCELLED ? "cancelled" : "closed and drained";
        String why = cause == null ? "" : " (closed because of: " + cause + ")";
        return new ChannelClosedException(name(), state == CANCELLED,
                "channel '" + name() + "' is " + what + ": nothing more to receive" + why, cause);
    }

    /**
     * Converts a timeout to nanoseconds, saturating instead of overflowing.
     *
     * @param timeout the timeout
     * @return nanoseconds; 0 or less means do not wait
     */
    protected static long toNanos(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        try {
            return timeout.toNanos();
        } catch (ArithmeticException tooLong) {
            return timeout.isNegative() ? 0 : Long.MAX_VALUE - 1;
        }
    }

    /** Wait for ever in the core methods. */
    protected static final long FOREVER = -1L;

    /**
     * @param state a closing state
     * @return its name for {@code toString()}
     */
    protected static String stateName(int state) {
        return switch (state) {
            case OPEN -> "open";
            case CLOSED -> "closed";
            default -> "cancelled";
        };
    }

    @Override
    public String toString() {
        String cap = capacity() == Integer.MAX_VALUE ? "unbounded" : String.valueOf(capacity());
        return "Channel[" + name() + ", size=" + size() + ", capacity=" + cap + ", " + stateText() + "]";
    }

    /** @return the closing state for {@code toString()} */
    protected abstract String stateText();


}
