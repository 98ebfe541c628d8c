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
 * {@linkplain #publish() publishes} it by clearing that bit with a volatile store just before it
 * releases its lock, and only then unparks the thread. A waiter, spinning or woken, acts only on a
 * published outcome ({@link #state()} reports a claimed state as still waiting), so everything the server did in its
 * critical section, the item and everything the sender did before sending it included, is visible
 * to it. A waiter that lost its give-up CAS to a claim, or a select whose winner is set, waits for
 * that publication with {@link #awaitPublished()}: a short spin, since the server is inside its
 * critical section.
 *
 * <h2>Waking</h2>
 * A plain waiter that spun and was served never parked, so unparking it would only cost the server
 * an atomic on the waiter's thread and leave a stray permit behind. The waiter therefore sets
 * {@link #parked} before it looks at its state for the last time and parks; the server publishes
 * (a volatile store) and then reads {@code parked}. Both are volatile, so at least one of the two
 * sees the other's store: either the waiter sees its outcome and does not park, or the server
 * unparks it. A select parks on its {@link SelectWaiter}, which keeps the same flag for all its
 * nodes: it spins a little first, and a server unparks it only once it has set the flag.
 *
 * <p>A plain waiter in the rendezvous slot (see {@code RendezvousChannel}) is claimed instead by
 * the CAS that takes it out of the slot, which the waiter itself must win to give up; its state
 * goes straight from {@code WAITING} to the outcome when published ({@link #publishServedOutOfSlot}).
 *
 * <p>A node is kept small (40 bytes with compressed references): one is made for every wait, and
 * a rendezvous ping-pong between two virtual threads measured ~20 ns a hand-off slower with a
 * 56-byte node (the select's clause index and the wait's length lived here; the select now finds
 * the index by the winning node, and the wait adds its own length to the channel's totals).
 * Once out of the slot it is its server's alone, so queued waiters are still claimed only by lock
 * holders, one at a time.
 *
 * <p>A claimed or abandoned node is unlinked by whoever holds the lock and notices; a waiter that
 * gives up unlinks its own node, so a long line of timed-out polls leaves nothing behind.
 */
final class Waiter {
    /** What the waiter waits for. */
    static final byte RECEIVE = 0, SEND = 1, WATCH_CLOSE = 2;

    /** Outcomes: still waiting, served (an item moved), woken by a close or cancel, gave up. */
    static final int WAITING = 0, SERVED = 1, CLOSED = 2, GAVE_UP = 3;
    /** Set with the outcome by a claim and cleared when published; never returned by {@link #state()}. */
    private static final int CLAIMED = 4;

    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(Waiter.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Links in the channel's queue; {@code queued} says whether the node is in it. Under the channel's lock. */
    Waiter prev, next;
    boolean queued;
    final byte kind;
    /** A sender's item; a receiver's item once served (written before the claim). */
    Object item;
    final Thread thread;
    /** The select this node is a clause of, or {@code null} for a plain send or receive. */
    final SelectWaiter select;
    /**
     * A plain waiter's outcome, decided by CAS ({@code CLAIMED |} outcome until published). For a
     * select's node, the outcome it was claimed with, written after the select's own CAS and read
     * only by the select once that node won and was published.
     */
    private volatile int state;
    /** Set by a plain waiter just before it parks: from then on its server must unpark it. */
    private volatile boolean parked;

    private Waiter(byte kind, Object item, Thread thread, SelectWaiter select) {
        this.kind = kind;
        this.item = item;
        this.thread = thread;
        this.select = select;
    }

    /** @return a node for the current thread's receive */
    static Waiter receiver() {
        return new Waiter(RECEIVE, null, Thread.currentThread(), null);
    }

    /** @return a node for the current thread's send of {@code item} */
    static Waiter sender(Object item) {
        return new Waiter(SEND, item, Thread.currentThread(), null);
    }

    /** @return a node for a clause of {@code select}, waiting to {@code kind} */
    static Waiter ofSelect(SelectWaiter select, byte kind, Object item) {
        return new Waiter(kind, item, select.thread, select);
    }

    /** @return a node that is never queued, used as a marker value */
    static Waiter mark() {
        return new Waiter(RECEIVE, null, null, null);
    }

    /**
     * Gives this waiter its outcome, if it is still waiting. Under the channel's lock.
     *
     * @param outcome {@link #SERVED} or {@link #CLOSED}
     * @return {@code true} if this call decided the waiter's outcome
     */
    boolean claim(int outcome) {
        if (select == null) {
            return STATE.compareAndSet(this, WAITING, CLAIMED | outcome);
        }
        if (select.win(this)) {
            state = CLAIMED | outcome; // nobody else writes a select's node
            return true;
        }
        return false;
    }

    /**
     * Makes a claimed waiter's outcome visible to it, after all the claim's bookkeeping. A volatile
     * store, not a release: the read of {@link #parked} that follows in {@link #wake()} must not
     * pass it.
     */
    void publish() {
        STATE.setVolatile(this, (int) STATE.get(this) & ~CLAIMED); // we claimed it: nobody else writes it now
    }

    /**
     * Publishes {@link #SERVED} to a waiter taken out of the rendezvous slot by its server's CAS,
     * which is its claim: nobody else can claim it or make it give up now. A volatile store, as in
     * {@link #publish()}.
     */
    void publishServedOutOfSlot() {
        STATE.setVolatile(this, SERVED);
    }

    /** Called by a plain waiter before its last look at its state ahead of parking. */
    void markParking() {
        parked = true;
    }

    /** After {@link #publish()}: unparks the waiting thread, unless it never parked (see above). */
    void wake() {
        if (select != null ? select.parked() : parked) {
            LockSupport.unpark(thread);
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
        for (int i = 0; (s = state) == WAITING || (s & CLAIMED) != 0; i++) {
            if ((i & 63) == 63) {
                Thread.yield(); // the claimer may have lost its CPU; let it finish
            } else {
                Thread.onSpinWait();
            }
        }
        return s;
    }

    /**
     * Called by the waiting thread that stops waiting on its own (plain waiters only).
     *
     * @return {@code true} if it gave up; {@code false} if it had been claimed first
     */
    boolean giveUp() {
        return STATE.compareAndSet(this, WAITING, GAVE_UP);
    }

    /** @return whether a server claiming this node now could still win (cheap pre-check) */
    boolean isLive() {
        return select == null ? state == WAITING : select.isWaiting();
    }

    /** @return the published outcome, or {@link #WAITING} until there is one */
    int state() {
        int s = state;
        return (s & CLAIMED) != 0 ? WAITING : s;
    }
}
