package dev.conduit.channel.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The one outcome a waiting select gets: the first of its clause nodes ({@link Waiter}) to be
 * claimed wins, by a compare-and-set of {@link #winner} from {@code null}; every later claim of
 * another of its nodes fails, so at most one clause fires. The select itself sets a mark instead
 * when it stops waiting (timeout, interrupt), and a claim that comes after fails too. The winner
 * acts only once the winning node's outcome is published (see {@link Waiter}).
 */
final class SelectWaiter {
    /** The winner's value once the select has given up. */
    private static final Waiter GAVE_UP = Waiter.mark();
    private static final VarHandle WINNER;

    static {
        try {
            WINNER = MethodHandles.lookup().findVarHandle(SelectWaiter.class, "winner", Waiter.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Looks at {@link #winner} this many times before parking, where the select may spin: about 1.5 us. */
    private static final int SPINS = 64;

    final Thread thread = Thread.currentThread();
    private volatile Waiter winner;
    /**
     * Set before the select's last look at {@link #winner} ahead of parking: from then on a
     * server must unpark it; before, a server that claims a clause saves the unpark (the same
     * protocol as a plain waiter's, see {@link Waiter}).
     */
    private volatile boolean parked;

    /**
     * Makes {@code node} the clause that fired, if none has yet.
     *
     * @return {@code true} if it won
     */
    boolean win(Waiter node) {
        return winner == null && WINNER.compareAndSet(this, null, node);
    }

    /** @return whether no clause has won yet and the select still waits */
    boolean isWaiting() {
        return winner == null;
    }

    /** @return whether the select has begun to park: its server must unpark it (read after publishing) */
    boolean parked() {
        return parked;
    }

    /**
     * Parks until a clause wins, the time runs out or the thread is interrupted; then, if no clause
     * won, gives up, so that no clause can win afterwards.
     *
     * @param deadline the {@link System#nanoTime()} to stop at, or 0 for no limit
     * @param spin     whether to look at the winner a few times before parking (every channel's
     *                 wait strategy allows it): a hand-off that comes within the spin then costs
     *                 no park, no unpark and, for a virtual thread, no carrier wake-up
     * @return the winning node, or {@code null} if the select gave up (the caller checks the
     *         interrupt status to tell an interrupt from a timeout)
     */
    Waiter await(long deadline, boolean spin) {
        Waiter w = null;
        for (int i = spin ? SPINS : 0; i > 0 && (w = winner) == null; i--) {
            Thread.onSpinWait();
        }
        if (w == null) { // a select won within the spin never needed waking: no flag to set
            parked = true;
            while ((w = winner) == null && !thread.isInterrupted()) {
                if (!Waiter.parkUntil(this, deadline)) {
                    break;
                }
            }
        }
        if (w == null && !WINNER.compareAndSet(this, null, GAVE_UP)) {
            w = winner; // a clause won just as we stopped waiting: its item has moved, so it stands
        }
        if (w == null || w == GAVE_UP) {
            return null;
        }
        w.awaitPublished(); // the winner's server may still be inside its critical section
        return w;
    }
}
