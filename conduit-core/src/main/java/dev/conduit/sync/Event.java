package dev.conduit.sync;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A flag that threads can wait for, which can be set and cleared again: Python's
 * {@code threading.Event}. Unlike a {@link java.util.concurrent.CountDownLatch} it is resettable;
 * unlike a bare {@code volatile boolean} it lets threads wait without spinning.
 *
 * <pre>{@code
 * Event stop = new Event();
 * worker: while (!stop.isSet()) { ... }           // or: stop.await(Duration.ofSeconds(1))
 * main:   stop.set();
 * }</pre>
 *
 * <h2>Waiting</h2>
 * {@link #await()} returns as soon as the event is set. A {@link #set()} wakes every thread waiting
 * at that moment, even if another thread {@link #clear() clears} the event again before they run:
 * a set is never lost to a quick clear. Waiting uses a {@link ReentrantLock} condition, so virtual
 * threads do not pin their carrier; waits throw {@link InterruptedException} when interrupted.
 *
 * <h2>Memory consistency effects</h2>
 * Actions in a thread before {@code set()} happen-before actions after an {@code await} returns
 * because of that set, and after an {@code isSet()} that returns {@code true} because of it.
 */
public final class Event {
    /*
     * Invariant (under lock): `generation` grows by one on every set() that finds the flag clear.
     * A waiter records the generation when it starts; it may return once the flag is set or the
     * generation moved on, which is how a set-then-clear still releases it.
     */
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    /** Written under the lock; volatile so isSet() and the fast path need no lock. */
    private volatile boolean set;
    private long generation;

    /** Creates an event that is not set. */
    public Event() {
        this(false);
    }

    /**
     * Creates an event.
     *
     * @param initiallySet whether it starts set
     */
    public Event(boolean initiallySet) {
        this.set = initiallySet;
    }

    /** Sets the event and wakes every thread waiting for it. Does nothing if it is already set. */
    public void set() {
        lock.lock();
        try {
            if (!set) {
                set = true;
                generation++;
                changed.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Clears the event: later {@code await} calls wait until the next {@link #set()}. */
    public void clear() {
        lock.lock();
        try {
            set = false;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Tells whether the event is set, without waiting.
     *
     * @return {@code true} if the event is set now
     */
    public boolean isSet() {
        return set;
    }

    /**
     * Waits until the event is set; returns at once if it is.
     *
     * @throws InterruptedException if interrupted before or while waiting
     */
    public void await() throws InterruptedException {
        awaitNanos(Long.MAX_VALUE);
    }

    /**
     * Waits at most {@code timeout} until the event is set.
     *
     * @param timeout the longest wait; zero or negative means do not wait
     * @return {@code true} if the event was set (now, or by a set that happened while waiting),
     *         {@code false} if the time ran out first
     * @throws InterruptedException if interrupted before or while waiting
     * @throws NullPointerException if {@code timeout} is null
     */
    public boolean await(Duration timeout) throws InterruptedException {
        Objects.requireNonNull(timeout, "timeout");
        long nanos;
        try {
            nanos = timeout.toNanos();
        } catch (ArithmeticException tooLong) {
            nanos = timeout.isNegative() ? 0 : Long.MAX_VALUE - 1;
        }
        return awaitNanos(nanos);
    }

    private boolean awaitNanos(long nanos) throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        if (set) {
            return true;
        }
        lock.lockInterruptibly();
        try {
            long start = generation;
            while (!set && generation == start) {
                if (nanos == Long.MAX_VALUE) {
                    changed.await();
                } else if (nanos <= 0) {
                    return false;
                } else {
                    nanos = changed.awaitNanos(nanos);
                }
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String toString() {
        return "Event[" + (set ? "set" : "clear") + "]";
    }
}
