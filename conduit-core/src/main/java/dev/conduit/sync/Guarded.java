package dev.conduit.sync;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Objects;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * One variable shared between threads, changed atomically, that threads can wait on until it
 * satisfies a condition: a lock, a condition variable and the value they protect, kept together so
 * they cannot be used apart.
 *
 * <pre>{@code
 * Guarded<Long> balance = new Guarded<>(100L);
 * depositor:  balance.update(b -> b + 50);
 * withdrawer: balance.awaitAndUpdate(b -> b >= 80, b -> b - 80); // waits until it is covered
 * }</pre>
 *
 * <h2>Values</h2>
 * The value may be any object, including {@code null}, but should be immutable (a record, a
 * {@code Long}, an immutable collection): {@link #update} replaces it, and a mutable value changed
 * in place would bypass both the lock and the wake-ups.
 *
 * <h2>Waiting</h2>
 * {@link #awaitUntil} and {@link #awaitAndUpdate} wait until the value satisfies a predicate. A
 * waiting thread is woken only by a change after which its own predicate holds: each change
 * evaluates the predicates of the waiting threads (in the changing thread, under the lock) and
 * signals just those that may now proceed, so a change that helps nobody wakes nobody. A woken
 * thread checks its predicate again before it proceeds, because another thread may have changed the
 * value in between. Predicates and update functions therefore run under the lock: they must be
 * quick, free of side effects, and must not use this {@code Guarded}. A predicate that throws while
 * a change evaluates it wakes its waiter, which then gets the exception in its own thread. Waiting
 * uses {@link ReentrantLock} conditions, so virtual threads do not pin their carrier; waits throw
 * {@link InterruptedException} when interrupted, and a wait that throws has changed nothing.
 *
 * <h2>Memory consistency effects</h2>
 * Every read and change happens under one lock, so actions before a change happen-before every
 * later {@link #get()}, and before a wait returns the value that change produced.
 *
 * @param <T> the type of the value
 */
public final class Guarded<T> {
    /*
     * Invariant (under lock): `waiters` holds exactly the threads inside a wait, each with its own
     * condition. A waiter is signalled when a change makes its predicate true (or throw). No
     * wake-up is lost: a waiter checks its predicate under the lock before it registers and after
     * every wake-up, and every change made while it is registered evaluates its predicate; so a
     * value that satisfies it is either seen by its own check or signalled by the change.
     */
    private final ReentrantLock lock = new ReentrantLock();
    private final ArrayList<Waiter<T>> waiters = new ArrayList<>();
    /** Written under the lock; volatile so {@link #get()} needs no lock. */
    private volatile T value;

    /** A thread waiting for its predicate, with its own condition so it can be woken alone. */
    private static final class Waiter<T> {
        final Predicate<? super T> predicate;
        final Condition wake;

        Waiter(Predicate<? super T> predicate, Condition wake) {
            this.predicate = predicate;
            this.wake = wake;
        }
    }

    /**
     * Creates a guarded variable.
     *
     * @param initial the first value, may be {@code null}
     */
    public Guarded(T initial) {
        this.value = initial;
    }

    /**
     * Reads the value, without waiting.
     *
     * @return the current value (a snapshot; it may change at once)
     */
    public T get() {
        return value;
    }

    /**
     * Replaces the value and wakes the waiters whose predicate the new value satisfies.
     *
     * @param newValue the new value, may be {@code null}
     */
    public void set(T newValue) {
        lock.lock();
        try {
            change(newValue);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Replaces the value by {@code fn} applied to it, atomically, and wakes the waiters whose
     * predicate the new value satisfies. If {@code fn} throws, the value is unchanged.
     *
     * @param fn computes the new value from the current one; runs under the lock
     * @return the new value
     * @throws NullPointerException if {@code fn} is null
     */
    public T update(UnaryOperator<T> fn) {
        Objects.requireNonNull(fn, "update function");
        lock.lock();
        try {
            T next = fn.apply(value);
            change(next);
            return next;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until the value satisfies {@code condition}; returns at once if it does.
     *
     * @param condition the predicate to wait for; runs under the lock
     * @return the value that satisfied it (the value may change at once afterwards)
     * @throws InterruptedException if interrupted before or while waiting
     * @throws NullPointerException if {@code condition} is null
     */
    public T awaitUntil(Predicate<? super T> condition) throws InterruptedException {
        Objects.requireNonNull(condition, "condition");
        lock.lockInterruptibly();
        try {
            awaitLocked(condition, Long.MAX_VALUE);
            return value;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits at most {@code timeout} until the value satisfies {@code condition}.
     *
     * @param condition the predicate to wait for; runs under the lock
     * @param timeout   the longest wait; zero or negative means only check now
     * @return {@code true} if the value satisfied it, {@code false} if the time ran out first
     * @throws InterruptedException if interrupted before or while waiting
     * @throws NullPointerException if an argument is null
     */
    public boolean awaitUntil(Predicate<? super T> condition, Duration timeout) throws InterruptedException {
        Objects.requireNonNull(condition, "condition");
        long nanos = toNanos(timeout);
        lock.lockInterruptibly();
        try {
            return awaitLocked(condition, nanos);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until the value satisfies {@code condition}, then replaces it by {@code fn} applied to
     * it, in one atomic step: no other change can come between the check and the update. The bank
     * account's withdrawal: wait until the balance covers it, then take it.
     *
     * @param condition the predicate to wait for; runs under the lock
     * @param fn        computes the new value; runs under the lock; if it throws, nothing changes
     * @return the new value
     * @throws InterruptedException if interrupted before or while waiting; nothing changed
     * @throws NullPointerException if an argument is null
     */
    public T awaitAndUpdate(Predicate<? super T> condition, UnaryOperator<T> fn) throws InterruptedException {
        Objects.requireNonNull(condition, "condition");
        Objects.requireNonNull(fn, "update function");
        lock.lockInterruptibly();
        try {
            awaitLocked(condition, Long.MAX_VALUE);
            T next = fn.apply(value);
            change(next);
            return next;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Like {@link #awaitAndUpdate(Predicate, UnaryOperator)}, waiting at most {@code timeout}.
     *
     * @param condition the predicate to wait for; runs under the lock
     * @param fn        computes the new value; runs under the lock
     * @param timeout   the longest wait; zero or negative means only check now
     * @return {@code true} if the value was updated, {@code false} if the time ran out first (nothing
     *         changed)
     * @throws InterruptedException if interrupted before or while waiting; nothing changed
     * @throws NullPointerException if an argument is null
     */
    public boolean awaitAndUpdate(Predicate<? super T> condition, UnaryOperator<T> fn, Duration timeout)
            throws InterruptedException {
        Objects.requireNonNull(condition, "condition");
        Objects.requireNonNull(fn, "update function");
        long nanos = toNanos(timeout);
        lock.lockInterruptibly();
        try {
            if (!awaitLocked(condition, nanos)) {
                return false;
            }
            change(fn.apply(value));
            return true;
        } finally {
            lock.unlock();
        }
    }

    // ---------------------------------------------------------------- the core, under the lock

    /** Waits (holding the lock between wake-ups) until {@code condition} holds or time runs out. */
    private boolean awaitLocked(Predicate<? super T> condition, long nanos) throws InterruptedException {
        if (condition.test(value)) {
            return true;
        }
        if (nanos <= 0) {
            return false;
        }
        Waiter<T> me = new Waiter<>(condition, lock.newCondition());
        waiters.add(me);
        try {
            do {
                if (nanos == Long.MAX_VALUE) {
                    me.wake.await();
                } else if (nanos <= 0) {
                    return false;
                } else {
                    nanos = me.wake.awaitNanos(nanos);
                }
            } while (!condition.test(value));
            return true;
        } finally {
            waiters.remove(me);
        }
    }

    /** Stores a new value and signals exactly the waiters it may let proceed. */
    private void change(T next) {
        value = next;
        for (Waiter<T> w : waiters) {
            boolean wake;
            try {
                wake = w.predicate.test(next);
            } catch (RuntimeException | Error e) {
                wake = true; // let the waiter meet its own predicate's failure in its own thread
            }
            if (wake) {
                w.wake.signal();
            }
        }
    }

    private static long toNanos(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        try {
            return timeout.toNanos();
        } catch (ArithmeticException tooLong) {
            return timeout.isNegative() ? 0 : Long.MAX_VALUE - 1;
        }
    }

    @Override
    public String toString() {
        return "Guarded[" + value + "]";
    }
}
