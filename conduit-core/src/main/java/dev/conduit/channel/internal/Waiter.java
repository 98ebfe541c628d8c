package dev.conduit.channel.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;

/**
 * One party waiting inside a channel: a blocked send or receive, or one clause of a waiting
 * select. It sits in its channel's waiter queue (a FIFO list guarded by the channel's lock) until
 * another party <i>claims</i> it, which gives it its outcome in one atomic step, or until it gives
 * up (timeout, interrupt, or for a select: another clause won).
 *
 * <h2>Claiming</h2>
 * Whoever serves a waiter holds the channel's lock, so two servers never race on one node. The race
 * that is left is with the waiter itself (it times out, is interrupted, or its select fires on
 * another channel), and one compare-and-set decides it:
 * <ul>
 *   <li>a plain waiter's {@link #state} goes from {@link #WAITING} to its outcome, or to
 *       {@link #GAVE_UP} by the waiter;</li>
 *   <li>a select's nodes share one {@link SelectWaiter}, whose {@code winner} goes from null to the
 *       node that won (or to a mark when the select gave up), so at most one clause fires.</li>
 * </ul>
 * A server that loses the CAS still owns its item and moves on to the next waiter.
 *
 * <h2>Publishing</h2>
 * Winning the claim is not yet telling the waiter: the server still has to count the hand-off
 * (accepted and delivered counts, which {@code taskDone} checks against) before it leaves the
 * critical section. So a claim only moves a plain waiter to its outcome with the private
 * {@link #CLAIMED} bit set (a select: sets its winner, then the same for the node); the channel
 * {@linkplain #publish() publishes} it by clearing that bit (an atomic add) just before it
 * releases its lock, and only then unparks the thread. A waiter, spinning or woken, acts only on a
 * published outcome ({@link #state()} reports a claimed state as still waiting), so everything the server did in its
 * critical section, the item and everything the sender did before sending it included, is visible
 * to it. A waiter that lost its give-up CAS to a claim, or a select whose winner is set, waits for
 * that publication with {@link #awaitPublished()}: a short spin, since the server is inside its
 * critical section.
 *
 * <h2>Waking</h2>
 * A plain waiter that spun and was served never parked, so unparking it would only cost the server
 * an atomic on the waiter's thread and leave a stray permit behind. The waiter therefore sets the
 * {@link #PARKED} bit of its state (an atomic add) before it looks at its state for the last time
 * and parks; the server publishes (an atomic add on the same word) and then looks at the bit.
 * The two read-modify-writes of one word are ordered, so whichever comes second sees the first:
 * either the waiter sees its outcome and does not park, or the server sees the bit and unparks it.
 * A select parks on its {@link SelectWaiter}, which keeps a flag of its own for all its nodes: it
 * spins a little first, and a server unparks it only once it has set the flag.
 *
 * <p>A plain waiter in the rendezvous slot (see {@code RendezvousChannel}) is claimed instead by
 * the CAS that takes it out of the slot, which the waiter itself must win to give up; its state
 * goes straight from {@code WAITING} to the outcome when published ({@link #publishServedOutOfSlot}).
 * Once out of the slot it is its server's alone, so queued waiters are still claimed only by lock
 * holders, one at a time.
 *
 * <p>A node is kept small, 32 bytes with compressed references (a header, one int, four
 * references; {@code LinkedTransferQueue}'s node is as big): one is made for every wait, and a
 * rendezvous ping-pong between two virtual threads measured ~20 ns a hand-off slower with a
 * 56-byte node than with a 40-byte one, and ~10 ns slower with 40 bytes than with 32. So the
 * select's clause index and the wait's length are not kept here (the select finds the index by
 * the winning node, and the wait adds its own length to the channel's totals); the kind, the
 * {@code CLAIMED} and {@code PARKED} marks share the state word with the outcome; one reference
 * holds the waiting thread or, for a select's clause, the select; and a node is in its channel's
 * queue exactly when it has a predecessor or is the head (the channel tells, under its lock).
 *
 * <p>A claimed or abandoned node is unlinked by whoever holds the lock and notices; a waiter that
 * gives up unlinks its own node, so a long line of timed-out polls leaves nothing behind.
 */
final class Waiter {
    /** What the waiter waits for. */
    static final byte RECEIVE = 0, SEND = 1, WATCH_CLOSE = 2;

    /** Outcomes: still waiting, served (an item moved), woken by a close or cancel, gave up. */
    static final int WAITING = 0, SERVED = 1, CLOSED = 2, GAVE_UP = 3;
    /*
     * The state word: the outcome in bits 0-1; CLAIMED, set with the outcome by a claim and cleared
     * when published, so never returned by state(); PARKED, set once by a plain waiter about to park;
     * the kind in bits 4-5 and OF_SELECT (whether the owner is a select), written before the node is
     * shared and never changed: telling a select's node by this bit spares a look at the owner's
     * class, which sits on the partner thread's object.
     */
    private static final int OUTCOME = 3, CLAIMED = 4, PARKED = 8, KIND_SHIFT = 4, KIND_BITS = 3 << KIND_SHIFT,
            OF_SELECT = 64;
    /** The bits that say whether the waiter can still be claimed: clear while it waits. */
    private static final int DECIDED = OUTCOME | CLAIMED;

    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(Waiter.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The outcome, the marks and the kind (see above): decided by CAS, published by an atomic add. */
    private volatile int state;
    /**
     * Links in the channel's queue, under the channel's lock; a claimed node waiting to be woken is
     * linked into the channel's wake list by {@code next}.
     */
    Waiter prev, next;
    /** A sender's item; a receiver's item once served (written before the claim). */
    Object item;
    /** The waiting {@link Thread}, or the {@link SelectWaiter} this node is a clause of. */
    private final Object owner;

    /** @param fixed the kind and select bits of the state word, which never change */
    private Waiter(int fixed, Object item, Object owner) {
        this.item = item;
        this.owner = owner;
        if (fixed != 0) {
            STATE.set(this, fixed); // plain: the node is shared only by a CAS or a lock release
        }
    }

    /**
     * Parks the current thread once, for ever or until {@code deadline}; the callers loop, since a
     * park may return early (an unpark meant for a past wait, an interrupt, or for no reason).
     *
     * @param blocker  what the thread waits on, for thread dumps
     * @param deadline the {@link System#nanoTime()} to stop at, or 0 for no limit
     * @return {@code false}, without parking, once the deadline has passed
     */
    static boolean parkUntil(Object blocker, long deadline) {
        if (deadline == 0) {
            LockSupport.park(blocker);
            return true;
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            return false;
        }
        LockSupport.parkNanos(blocker, left);
        return true;
    }

    /** @return a node for the current thread's receive */
    static Waiter receiver() {
        return new Waiter(RECEIVE << KIND_SHIFT, null, Thread.currentThread());
    }

    /** @return a node for the current thread's send of {@code item} */
    static Waiter sender(Object item) {
        return new Waiter(SEND << KIND_SHIFT, item, Thread.currentThread());
    }

    /** @return a node for a clause of {@code select}, waiting to {@code kind} */
    static Waiter ofSelect(SelectWaiter select, byte kind, Object item) {
        return new Waiter(kind << KIND_SHIFT | OF_SELECT, item, select);
    }

    /** @return a node that is never queued, used as a marker value */
    static Waiter mark() {
        return new Waiter(RECEIVE << KIND_SHIFT, null, null);
    }

    /** @return {@link #RECEIVE}, {@link #SEND} or {@link #WATCH_CLOSE} (never changes, so a plain read) */
    byte kind() {
        return (byte) (((int) STATE.get(this) & KIND_BITS) >>> KIND_SHIFT);
    }

    /** @return whether this node is a select's clause (never changes, so a plain read) */
    private boolean ofSelect() {
        return ((int) STATE.get(this) & OF_SELECT) != 0;
    }

    /**
     * Gives this waiter its outcome, if it is still waiting. Under the channel's lock.
     *
     * @param outcome {@link #SERVED} or {@link #CLOSED}
     * @return {@code true} if this call decided the waiter's outcome
     */
    boolean claim(int outcome) {
        if (ofSelect()) {
            if (((SelectWaiter) owner).win(this)) {
                state = state | CLAIMED | outcome; // nobody else writes a select's node
                return true;
            }
            return false;
        }
        for (;;) { // only the PARKED bit can change under us: retry then
            int s = state;
            if ((s & DECIDED) != WAITING) {
                return false;
            }
            if (STATE.compareAndSet(this, s, s | CLAIMED | outcome)) {
                return true;
            }
        }
    }

    /*
     * The three writes that may race with another's (publishing, against the waiter's PARKED; the
     * waiter's PARKED, against publishing) are additions: each knows the bit it changes is clear or
     * set, and an atomic add is one locked instruction on the line, where an atomic AND or OR would
     * read the line first and then compare-and-set it (two transfers of a line the other side is
     * spinning on; the rendezvous ping-pong measured ~25 ns a hand-off slower that way).
     */

    /**
     * Makes a claimed waiter's outcome visible to it, after all the claim's bookkeeping: clears
     * {@link #CLAIMED}, which the claim set. Atomic, not a store: the waiter may be setting
     * {@link #PARKED} at the same time, and the look at that bit in {@link #wake()} must come after it.
     */
    void publish() {
        STATE.getAndAdd(this, -CLAIMED);
    }

    /**
     * Publishes {@link #SERVED} to a waiter taken out of the rendezvous slot by its server's CAS,
     * which is its claim: nobody else can claim it or make it give up now, and its outcome bits are
     * still {@link #WAITING} (zero). Atomic, as in {@link #publish()}.
     */
    void publishServedOutOfSlot() {
        STATE.getAndAdd(this, SERVED);
    }

    /** Called once by a plain waiter, before its last look at its state ahead of parking. */
    void markParking() {
        STATE.getAndAdd(this, PARKED);
    }

    /** After {@link #publish()}: unparks the waiting thread, unless it never parked (see above). */
    void wake() {
        int s = state;
        if ((s & OF_SELECT) != 0) {
            SelectWaiter select = (SelectWaiter) owner;
            if (select.parked()) {
                LockSupport.unpark(select.thread);
            }
        } else if ((s & PARKED) != 0) {
            LockSupport.unpark((Thread) owner);
        }
    }

    /**
     * Waits for the outcome of a claim that has been made but may not be published yet: the claimer
     * is inside its critical section, so this is short.
     *
     * @return the published outcome
     */
    int awaitPublished() {
        int s;
        for (int i = 0; ((s = state) & CLAIMED) != 0 || (s & OUTCOME) == WAITING; i++) {
            if ((i & 63) == 63) {
                Thread.yield(); // the claimer may have lost its CPU; let it finish
            } else {
                Thread.onSpinWait();
            }
        }
        return s & OUTCOME;
    }

    /**
     * Called by the waiting thread that stops waiting on its own (plain waiters only).
     *
     * @return {@code true} if it gave up; {@code false} if it had been claimed first
     */
    boolean giveUp() {
        for (;;) { // a failed CAS means a claim came first: the next look returns false
            int s = state;
            if ((s & DECIDED) != WAITING) {
                return false;
            }
            if (STATE.compareAndSet(this, s, s | GAVE_UP)) {
                return true;
            }
        }
    }

    /** @return whether a server claiming this node now could still win (cheap pre-check) */
    boolean isLive() {
        int s = state;
        return (s & OF_SELECT) != 0 ? ((SelectWaiter) owner).isWaiting() : (s & DECIDED) == WAITING;
    }

    /** @return the published outcome, or {@link #WAITING} until there is one */
    int state() {
        int s = state;
        return (s & CLAIMED) != 0 ? WAITING : s & OUTCOME;
    }
}
