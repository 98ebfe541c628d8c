package dev.conduit.channel.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * Runs a select: tries its clauses without blocking, and if none can fire, waits on all their
 * channels at once through readiness listeners. Immutable once built, so one engine may serve
 * several threads at the same time; each {@link #await()} keeps its own waiting state.
 *
 * <h2>Algorithm</h2>
 * A <i>round</i> tries every clause once, in a fresh random order (a Fisher-Yates shuffle), or in
 * declaration order when asked; the first clause whose {@code poll()}/{@code offer()} succeeds runs
 * its action, and the select returns. Random order per round gives every ready clause the same
 * chance, whatever its position and whatever the other clauses do, so none starves.
 *
 * <p>If a round finds nothing, the select registers one {@link SelectWaiter} on each distinct
 * channel (the readiness hook of {@link AbstractChannel}), then repeats: reset the signal, do a
 * round, park until signalled, interrupted or timed out.
 *
 * <h2>Why no wake-up is lost</h2>
 * The listener is registered before the round that precedes any park, and the signal is reset
 * before that round. Take a change that would let a clause fire. If it happened before the
 * clause's attempt in the round, the attempt sees it (the channel's lock, or the volatile accesses
 * of a lock-free implementation, order the two). If it happened after, the channel runs its
 * listeners after the change, and that run reads a listener array that already holds ours (our
 * registration precedes our attempt, which precedes the change); so the waiter is signalled and
 * unparked, and the park returns at once or does not start. A signal from an earlier change only
 * causes one extra round.
 *
 * <h2>Invariants</h2>
 * <ul>
 *   <li>At most one item is taken or put per await: a round returns as soon as one attempt
 *       succeeds, and an attempt moves at most one item.</li>
 *   <li>An await that throws {@link InterruptedException} moved no item: interruption is only
 *       checked between rounds.</li>
 *   <li>Every listener an await registered is removed before it returns or throws.</li>
 * </ul>
 *
 * @param <R> the result type
 */
public final class SelectEngine<R> {
    private final List<SelectClause<R>> clauses;
    /** For each clause, the onClosed action of its channel if the clause uses one, else null. */
    private final List<Supplier<? extends R>> closedActions;
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
        int[] order = new int[clauses.size()];
        Object result = round(order);
        if (result != SelectClause.NOT_READY) {
            return cast(result);
        }
        if (orElse != null) {
            return orElse.get();
        }
        if (timeoutNanos == 0 || (timeoutNanos > 0 && channels.isEmpty())) {
            return waitOutWithoutChannels();
        }
        if (channels.isEmpty()) {
            throw new IllegalStateException("select has no clauses: nothing to wait for");
        }
        long deadline = timeoutNanos > 0 ? System.nanoTime() + timeoutNanos : 0;
        SelectWaiter waiter = new SelectWaiter(Thread.currentThread());
        for (AbstractChannel<?> ch : channels) {
            ch.addReadinessListener(waiter);
        }
        try {
            for (;;) {
                waiter.reset();
                result = round(order);
                if (result != SelectClause.NOT_READY) {
                    return cast(result);
                }
                long nanos = Long.MAX_VALUE;
                if (timeoutNanos > 0) {
                    nanos = deadline - System.nanoTime();
                    if (nanos <= 0) {
                        return onTimeout.get();
                    }
                }
                waiter.park(nanos);
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
            }
        } finally {
            for (AbstractChannel<?> ch : channels) {
                ch.removeReadinessListener(waiter);
            }
        }
    }

    /** A select of only a timeout (or a zero timeout): sleep, interruptibly, then fire it. */
    private R waitOutWithoutChannels() throws InterruptedException {
        if (timeoutNanos > 0) {
            SelectWaiter waiter = new SelectWaiter(Thread.currentThread());
            long deadline = System.nanoTime() + timeoutNanos;
            long left;
            while ((left = deadline - System.nanoTime()) > 0) {
                waiter.park(left);
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
            }
        }
        return onTimeout.get();
    }

    /** Tries every clause once; returns the first fired action's result, or NOT_READY. */
    private Object round(int[] order) throws InterruptedException {
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
        for (int k = 0; k < n; k++) {
            int i = order[k];
            Object r = clauses.get(i).attempt(closedActions.get(i));
            if (r != SelectClause.NOT_READY) {
                return r;
            }
        }
        return SelectClause.NOT_READY;
    }

    @SuppressWarnings("unchecked")
    private static <R> R cast(Object result) {
        return (R) result;
    }
}
