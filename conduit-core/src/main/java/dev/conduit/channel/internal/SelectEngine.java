package dev.conduit.channel.internal;

import dev.conduit.channel.WaitStrategy;

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
 * <h2>Dropping finished clauses (Go's nil-channel idiom)</h2>
 * With {@code dropFinished}, a clause that meets its channel finished (a take: closed and
 * drained; a put: closed for sending; an onClosed: closed and drained) is dropped from the select
 * for good, by a CAS on the clause ({@link SelectClause#drop()}), so a select loop does not spin
 * on a channel that has ended. The flags live in the clauses, which the select shares among its
 * awaits and engines, so they survive a rebuild. Invariants:
 * <ul>
 *   <li>a dropped clause is never attempted nor registered again; being finished is for ever
 *       (a closed channel stays closed, a drained closed one stays drained), so nothing it could
 *       have done is lost;</li>
 *   <li>exactly one await drops each clause, and only that await acts on it: another await that
 *       met the same end loses the CAS and starts its rounds again without that clause, so an
 *       onClosed action runs once per channel, whichever clause met the end, however many threads
 *       await;</li>
 *   <li>an await whose clauses are all dropped returns {@code null} at once, even one that was
 *       waiting when the last of them was dropped (its node's end wakes it, it loses the CAS,
 *       finds nothing left).</li>
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
    /** Whether clauses that met their channel finished are left out of later rounds (see below). */
    private final boolean dropFinished;
    /** For each clause, the index of the select's onClosed clause for its channel, or -1. */
    private final int[] closedIndex;

    /** What a round returns in drop mode when the clause it met finished was dropped by another await. */
    private static final Object RETRY = new Object();

    /**
     * Builds an engine that keeps every clause.
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
        this(clauses, inOrder, timeoutNanos, onTimeout, orElse, false);
    }

    /**
     * Builds an engine.
     *
     * @param clauses      the take, put and closed clauses, in declaration order; not empty unless
     *                     a timeout or orElse is given
     * @param inOrder      try clauses in declaration order instead of a random order
     * @param timeoutNanos how long to wait before {@code onTimeout} fires, or -1 for no timeout
     * @param onTimeout    the timeout action, or null
     * @param orElse       the action when no clause is ready at once, or null
     * @param dropFinished leave out, from the round after, every clause that met its channel
     *                     finished (see "Dropping finished clauses")
     */
    public SelectEngine(List<SelectClause<R>> clauses, boolean inOrder, long timeoutNanos,
                        Supplier<? extends R> onTimeout, Supplier<? extends R> orElse, boolean dropFinished) {
        this.dropFinished = dropFinished;
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
        this.closedIndex = new int[this.clauses.size()];
        for (int i = 0; i < closedIndex.length; i++) {
            closedIndex[i] = -1;
            for (int j = 0; j < closedIndex.length; j++) {
                SelectClause<R> c = this.clauses.get(j);
                if (c instanceof SelectClause.Closed<R> && c.channel == this.clauses.get(i).channel) {
                    closedIndex[i] = j;
                    break;
                }
            }
        }
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
        for (;;) {
            Object r = round();
            if (r != RETRY) {
                @SuppressWarnings("unchecked") R result = (R) r;
                return result;
            }
        }
    }

    /** Whether clause {@code i} takes part in rounds: always, unless dropped in drop mode. */
    private boolean live(int i) {
        return !dropFinished || !clauses.get(i).isDropped();
    }

    /** @return whether, in drop mode, every clause has been dropped */
    private boolean allDropped() {
        if (!dropFinished) {
            return false;
        }
        for (SelectClause<R> c : clauses) {
            if (!c.isDropped()) {
                return false;
            }
        }
        return true;
    }

    /** One await's rounds: the result, or, in drop mode only, {@link #RETRY}. */
    private Object round() throws InterruptedException {
        int n = clauses.size();
        int[] order = new int[n];
        shuffle(order);
        for (int k = 0; k < n; k++) {
            int i = order[k];
            if (!live(i)) {
                continue;
            }
            Object token = clauses.get(i).attemptQuickly();
            if (token != SelectClause.NOT_READY) {
                return fire(i, token);
            }
        }
        if (!channels.isEmpty() && allDropped()) {
            return null; // every clause has finished: nothing is left to wait for
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
                if (!live(i)) {
                    continue;
                }
                Object t = clauses.get(i).attemptLocked();
                if (t != SelectClause.NOT_READY) {
                    fired = i;
                    token = t;
                }
            }
            if (fired < 0 && mayWait) {
                nodes = new Waiter[n];
                boolean any = false;
                for (int i = 0; i < n; i++) {
                    nodes[i] = live(i) ? clauses.get(i).register(select) : null;
                    any |= nodes[i] != null;
                }
                if (!any) {
                    nodes = null; // drop mode: the last clauses were dropped by another await meanwhile
                }
            }
        } finally {
            unlockAll();
        }
        if (fired >= 0) {
            return fire(fired, token);
        }
        if (mayWait && nodes == null) {
            return null; // every clause has finished: nothing is left to wait for
        }
        if (!mayWait) {
            return orElse != null ? orElse.get() : onTimeout.get();
        }
        Waiter winner = select.await(deadline, maySpin());
        unregister(nodes, winner);
        if (winner == null) {
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            return onTimeout.get();
        }
        int clause = clauseOf(nodes, winner);
        return fire(clause, clauses.get(clause).tokenOf(winner));
    }

    /** @return whether a waiting select may spin before it parks: unless one of its channels' strategies is BLOCKING */
    private boolean maySpin() {
        for (AbstractChannel<?> ch : channels) {
            if (ch.waitStrategy == WaitStrategy.BLOCKING) {
                return false;
            }
        }
        return true;
    }

    /** @return the index of the clause whose node won (a node does not carry it: a waiter is kept small) */
    private static int clauseOf(Waiter[] nodes, Waiter winner) {
        for (int i = 0; i < nodes.length; i++) {
            if (nodes[i] == winner) {
                return i;
            }
        }
        throw new AssertionError("the winning node is not one of this select's");
    }

    private Object fire(int clause, Object token) {
        if (dropFinished && token == SelectClause.ENDED) {
            return finish(clause);
        }
        return clauses.get(clause).fire(token, closedActions.get(clause));
    }

    /**
     * Drop mode: clause {@code i} met its channel finished. Drops it (or, if another await dropped
     * it first, retries without it), then runs the channel's onClosed action if the channel is now
     * closed and drained and this await is the one that drops the onClosed clause.
     *
     * @return the onClosed action's result; {@code null} if no action ran; or {@link #RETRY}
     * @throws dev.conduit.channel.ChannelClosedException if a take met its channel closed with a
     *         cause or cancelled and the select has no onClosed clause for it
     */
    private Object finish(int i) {
        SelectClause<R> c = clauses.get(i);
        if (!c.drop()) {
            return RETRY;
        }
        if (c instanceof SelectClause.Closed<R>) {
            return c.fire(SelectClause.ENDED, null);
        }
        int j = closedIndex[i];
        if (j >= 0 && c.channel.isClosedForReceive() && clauses.get(j).drop()) {
            return clauses.get(j).fire(SelectClause.ENDED, null);
        }
        if (c instanceof SelectClause.Take<?, R> && j < 0) {
            dev.conduit.channel.ChannelClosedException end = c.channel.closedForReceive();
            if (end.getCause() != null || end.wasCancelled()) {
                throw end; // a failure upstream is not a normal end, as in iteration
            }
        }
        return null;
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
                    if (w != null && w != winner && clauses.get(i).channel == ch) {
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
