package dev.conduit.channel.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * Runs a select: tries its clauses, and if none can fire, waits inside all their channels at once.
 * Immutable once built, so one engine may serve several threads at the same time; each
 * {@link #await()} keeps its own waiting state (a {@link SelectWaiter}).
 *
 * <h2>Algorithm (after Go's {@code selectgo})</h2>
 * <ol>
 *   <li><b>Quick round.</b> Each clause tries its channel's ordinary non-blocking operation, in a
 *       fresh random order (a Fisher-Yates shuffle) or in declaration order when asked; the first
 *       that moves an item fires. Nothing is locked, so this is cheap when something is ready.</li>
 *   <li><b>Locked round.</b> Lock every distinct channel of the select, in the order of their
 *       {@link AbstractChannel#id ids} (so two selects never deadlock), and let each prepare for a
 *       waiter (the ring stops its lock-free moves). Now nothing can change on any of them: try
 *       every clause again, in a fresh order. The first that can fire, fires; if none can, that is
 *       true of all of them at this one moment, so {@code orElse} or a zero timeout fires.</li>
 *   <li><b>Register.</b> Otherwise, still holding every lock, queue one {@link Waiter} per clause,
 *       all sharing one {@link SelectWaiter}; release the locks and park.</li>
 *   <li><b>Wake.</b> Whoever changes one of the channels so that a clause can proceed serves its
 *       node under that channel's lock, as it would a blocked {@code take} or {@code put}: the item
 *       is handed over, and the select's one CAS decides that this clause, and no other, won. The
 *       select then unlinks its other nodes and runs the winner's action.</li>
 * </ol>
 *
 * <h2>Why no wake-up is lost, and why two selects meet</h2>
 * A select's nodes are queued while it holds every one of its channels' locks, right after the
 * exact attempt that found no clause ready; every later change on those channels happens under
 * their locks and so sees the nodes. While a select holds its locks nobody can claim it (claims
 * are made under a channel's lock), so when a select finds another select's node queued (a select
 * sending meets a select receiving on a rendezvous channel) only that other select's CAS is
 * contested, and it decides the match.
 *
 * <h2>Invariants</h2>
 * <ul>
 *   <li>At most one item is taken or put per await: a round stops at the first clause that moves
 *       one, and of the queued nodes only the CAS winner moves one.</li>
 *   <li>An await that throws {@link InterruptedException} moved no item: the select gives up by the
 *       same CAS a server claims it with, so either it gave up first or a clause won (and then the
 *       await returns normally with the interrupt still set).</li>
 *   <li>Every node an await queued is unlinked before it returns or throws; an item it touched
 *       but did not take stays where it was, in order.</li>
 * </ul>
 *
 * @param <R> the result type
 */
public final class SelectEngine<R> {
    private final List<SelectClause<R>> clauses;
    /** For each clause, the onClosed action of its channel if the clause uses one, else null. */
    private final List<Supplier<? extends R>> closedActions;
    /** The distinct channels, in lock order. */
    private final List<AbstractChannel<?>> channels;
    private final boolean inOrder;
    private final long timeoutNanos;
    private final Supplier<? extends R> onTimeout;
    private final Supplier<? extends R> orElse;

    /**
     * Builds an engine.
     *
     * @param clauses      the take, put and closed clauses, in declaration order; not empty unless
     *                     a timeout or orElse is given
     * @param inOrder      try clauses in declaration order instead of a random order
     * @param timeoutNanos how long to wait before {@code onTimeout} fires, or -1 for no timeout
     * @param onTimeout    the timeout action, or null
     * @param orElse       the action when no clause is ready at once, or null
     */
    public SelectEngine(List<SelectClause<R>> clauses, boolean inOrder, long timeoutNanos,
                        Supplier<? extends R> onTimeout, Supplier<? extends R> orElse) {
        this.clauses = List.copyOf(clauses);
        this.inOrder = inOrder;
        this.timeoutNanos = timeoutNanos;
        this.onTimeout = onTimeout;
        this.orElse = orElse;
        Map<AbstractChannel<?>, Supplier<? extends R>> closedByChannel = new IdentityHashMap<>();
        Set<AbstractChannel<?>> distinct = Collections.newSetFromMap(new IdentityHashMap<>());
        List<AbstractChannel<?>> ordered = new ArrayList<>();
        for (SelectClause<R> c : this.clauses) {
            if (c instanceof SelectClause.Closed<R> closed) {
                closedByChannel.putIfAbsent(c.channel, closed.action());
            }
            if (distinct.add(c.channel)) {
                ordered.add(c.channel);
            }
        }
        ordered.sort(Comparator.comparingLong(ch -> ch.id));
        List<Supplier<? extends R>> actions = new ArrayList<>(this.clauses.size());
        for (SelectClause<R> c : this.clauses) {
            actions.add(c.usesOnClosed() ? closedByChannel.get(c.channel) : null);
        }
        this.closedActions = Collections.unmodifiableList(actions);
        this.channels = List.copyOf(ordered);
    }

    /**
     * Runs the select once.
     *
     * @return the result of the one action that fired
     * @throws InterruptedException if interrupted before or while waiting; no item moved
     */
    public R await() throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        int n = clauses.size();
        int[] order = new int[n];
        shuffle(order);
        for (int k = 0; k < n; k++) {
            int i = order[k];
            Object token = clauses.get(i).attemptQuickly();
            if (token != SelectClause.NOT_READY) {
                return fire(i, token);
            }
        }
        if (channels.isEmpty()) {
            if (orElse != null) {
                return orElse.get();
            }
            return waitOutWithoutChannels();
        }
        long deadline = timeoutNanos > 0 ? System.nanoTime() + timeoutNanos : 0;
        boolean mayWait = orElse == null && timeoutNanos != 0;
        SelectWaiter select = mayWait ? new SelectWaiter() : null;
        Waiter[] nodes = null;
        int fired = -1;
        Object token = null;
        shuffle(order);
        lockAll();
        try {
            for (AbstractChannel<?> ch : channels) {
                ch.prepareToWait();
            }
            for (int k = 0; k < n && fired < 0; k++) {
                int i = order[k];
                Object t = clauses.get(i).attemptLocked();
                if (t != SelectClause.NOT_READY) {
                    fired = i;
                    token = t;
                }
            }
            if (fired < 0 && mayWait) {
                nodes = new Waiter[n];
                for (int i = 0; i < n; i++) {
                    nodes[i] = clauses.get(i).register(select, i);
                }
            }
        } finally {
            unlockAll();
        }
        if (fired >= 0) {
            return fire(fired, token);
        }
        if (!mayWait) {
            return orElse != null ? orElse.get() : onTimeout.get();
        }
        Waiter winner = select.await(deadline);
        unregister(nodes, winner);
        if (winner == null) {
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            return onTimeout.get();
        }
        return fire(winner.clause, clauses.get(winner.clause).tokenOf(winner));
    }

    private R fire(int clause, Object token) {
        @SuppressWarnings("unchecked") R r = (R) clauses.get(clause).fire(token, closedActions.get(clause));
        return r;
    }

    private void lockAll() {
        int locked = 0;
        try {
            for (AbstractChannel<?> ch : channels) {
                ch.lockChannel();
                locked++;
            }
        } catch (RuntimeException | Error e) {
            for (int i = locked - 1; i >= 0; i--) {
                channels.get(i).unlockChannel();
            }
            throw e;
        }
    }

    private void unlockAll() {
        for (int i = channels.size() - 1; i >= 0; i--) {
            channels.get(i).unlockChannel();
        }
    }

    /** Unlinks the nodes that did not win (the winner's server unlinked it), one lock at a time. */
    private void unregister(Waiter[] nodes, Waiter winner) {
        for (AbstractChannel<?> ch : channels) {
            boolean locked = false;
            try {
                for (int i = 0; i < nodes.length; i++) {
                    Waiter w = nodes[i];
                    if (w != winner && clauses.get(i).channel == ch) {
                        if (!locked) {
                            ch.lockChannel();
                            locked = true;
                        }
                        ch.unlink(w);
                    }
                }
            } finally {
                if (locked) {
                    ch.unlockChannel();
                }
            }
        }
    }

    /** A select of only a timeout (or a zero timeout): sleep, interruptibly, then fire it. */
    private R waitOutWithoutChannels() throws InterruptedException {
        if (timeoutNanos > 0) {
            long deadline = System.nanoTime() + timeoutNanos;
            long left;
            while ((left = deadline - System.nanoTime()) > 0) {
                java.util.concurrent.locks.LockSupport.parkNanos(this, left);
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
            }
        } else if (timeoutNanos < 0) {
            throw new IllegalStateException("select has no clauses: nothing to wait for");
        }
        return onTimeout.get();
    }

    /** Fills {@code order} with 0..n-1, shuffled unless the select tries clauses in order. */
    private void shuffle(int[] order) {
        int n = order.length;
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        if (!inOrder && n > 1) {
            ThreadLocalRandom rnd = ThreadLocalRandom.current();
            for (int i = n - 1; i > 0; i--) {
                int j = rnd.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
        }
    }
}
