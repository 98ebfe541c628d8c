/**
 * Synchronisation between threads beyond what channels carry: {@link dev.conduit.sync.Event}, a
 * resettable signal (Python's {@code threading.Event}), and {@link dev.conduit.sync.Guarded}, one
 * shared variable whose readers can wait until it satisfies a condition.
 *
 * <p>Everything here waits with {@link java.util.concurrent.locks.ReentrantLock} conditions, never
 * a monitor, so virtual threads that wait do not pin their carrier.
 */
package dev.conduit.sync;
