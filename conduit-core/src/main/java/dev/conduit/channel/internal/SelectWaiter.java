package dev.conduit.channel.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;

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

    final Thread thread = Thread.currentThread();
    private volatile Waiter winner;

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

    /**
     * Parks until a clause wins, the time runs out or the thread is interrupted; then, if no clause
     * won, gives up, so that no clause can win afterwards.
     *
     * @param deadline the {@link System#nanoTime()} to stop at, or 0 for no limit
     * @return the winning node, or {@code null} if the select gave up (the caller checks the
     *         interrupt status to tell an interrupt from a timeout)
     */
    Waiter await(long deadline) {
        Waiter w;
        while ((w = winner) == null && !thread.isInterrupted()) {
            if (deadline == 0) {
                LockSupport.park(this);
            } else {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                LockSupport.parkNanos(this, left);
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
