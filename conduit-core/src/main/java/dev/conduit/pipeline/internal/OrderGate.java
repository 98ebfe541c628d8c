package dev.conduit.pipeline.internal;

import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Makes a stage with several workers emit in input order (an {@code ordered()} stage).
 *
 * <h2>Algorithm</h2>
 * A worker takes an item and a ticket in one step under {@code takeLock}, so ticket order is the
 * order items left the input channel. After its function ran, the worker waits until
 * {@code nextToEmit} equals its ticket, emits its results, and passes the turn on. Each worker holds
 * at most one finished item while waiting, so memory stays bounded by the number of workers (a slow
 * item holds up the others, like a head-of-line block; that is the price of order).
 *
 * <h2>Invariants</h2>
 * Tickets are handed out without gaps; every ticket is passed exactly once by the worker that holds
 * it, unless the pipeline is stopping, in which case every worker is interrupted and nobody waits
 * on a turn any more. Locks, not monitors, so virtual threads never pin while waiting.
 */
final class OrderGate {
    private final ReentrantLock takeLock = new ReentrantLock();
    private long nextTicket;
    private final ReentrantLock turnLock = new ReentrantLock();
    private final Condition turnChanged = turnLock.newCondition();
    private long nextToEmit;

    /** Enters the take section; call {@link #ticket()} once an item is taken, then {@link #leaveTake()}. */
    void enterTake() throws InterruptedException {
        takeLock.lockInterruptibly();
    }

    /** @return the next ticket; only inside the take section */
    long ticket() {
        return nextTicket++;
    }

    void leaveTake() {
        takeLock.unlock();
    }

    /** Waits until the items before {@code ticket} have been emitted. */
    void awaitTurn(long ticket) throws InterruptedException {
        turnLock.lockInterruptibly();
        try {
            while (nextToEmit != ticket) {
                turnChanged.await();
            }
        } finally {
            turnLock.unlock();
        }
    }

    /** @return {@code true} if it is {@code ticket}'s turn now (so no wait needs timing) */
    boolean isTurn(long ticket) {
        turnLock.lock();
        try {
            return nextToEmit == ticket;
        } finally {
            turnLock.unlock();
        }
    }

    /** Hands the turn to the next ticket; only the holder of the current turn calls this. */
    void pass(long ticket) {
        turnLock.lock();
        try {
            nextToEmit = ticket + 1;
            turnChanged.signalAll();
        } finally {
            turnLock.unlock();
        }
    }
}
