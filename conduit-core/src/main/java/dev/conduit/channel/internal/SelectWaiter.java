package dev.conduit.channel.internal;

import java.util.concurrent.locks.LockSupport;

/**
 * The readiness listener of one waiting select: a change on any of its channels marks it
 * signalled and unparks its thread. Parking uses {@link LockSupport}, so a virtual thread releases
 * its carrier while it waits.
 *
 * <p>Running it must be safe anywhere, even under a channel's lock: it only writes a volatile flag
 * and unparks. It may run after its select has finished (a channel read its listener array just
 * before the select removed it); the stray unpark is harmless, as every parking loop re-checks its
 * own condition.
 */
final class SelectWaiter implements Runnable {
    private final Thread thread;
    private volatile boolean signalled;

    SelectWaiter(Thread thread) {
        this.thread = thread;
    }

    @Override
    public void run() {
        // The select's own attempts never need to wake it: a successful one ends the select, a
        // failed one changed nothing. Ignoring them keeps a channel that fires too eagerly from
        // turning the select into a busy loop.
        if (Thread.currentThread() != thread) {
            signalled = true;
            LockSupport.unpark(thread);
        }
    }

    /** Forgets earlier signals; call before each round of attempts. */
    void reset() {
        signalled = false;
    }

    /**
     * Parks until signalled, interrupted, or {@code nanos} have passed.
     *
     * @param nanos the longest wait, or {@link Long#MAX_VALUE} for no limit
     */
    void park(long nanos) {
        long deadline = nanos == Long.MAX_VALUE ? 0 : System.nanoTime() + nanos;
        while (!signalled && !thread.isInterrupted()) {
            if (nanos == Long.MAX_VALUE) {
                LockSupport.park(this);
            } else {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                LockSupport.parkNanos(this, left);
            }
        }
    }
}
