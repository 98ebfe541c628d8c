package dev.conduit.channel.internal;

import dev.conduit.channel.Channel;
import dev.conduit.channel.ChannelClosedException;

import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One clause of a select: what it does on its channel, how it waits there, and the action to run
 * once it fired. {@link SelectEngine} drives the clauses; a clause moves at most one item, and runs
 * its action only if that item moved.
 *
 * <p>Each clause can:
 * <ul>
 *   <li>{@link #attemptQuickly} try its channel's ordinary non-blocking operation ({@code poll},
 *       {@code offer}) and fire at once;</li>
 *   <li>{@link #attemptLocked} try again under its channel's lock, where the result is exact;</li>
 *   <li>{@link #register} queue a {@link Waiter} for its select in its channel, under that lock;</li>
 *   <li>{@link #fire} run its action with what the attempt or the winning node brought.</li>
 * </ul>
 *
 * @param <R> the select's result type
 */
public abstract sealed class SelectClause<R> {
    /** What an attempt returns when the clause cannot fire now; never a user's item or result. */
    static final Object NOT_READY = new Object();
    /** What an attempt returns when the clause fires because its channel has ended. */
    static final Object ENDED = new Object();

    private static final java.lang.invoke.VarHandle DROPPED;

    static {
        try {
            DROPPED = java.lang.invoke.MethodHandles.lookup().findVarHandle(SelectClause.class, "dropped", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final AbstractChannel<?> channel;
    /**
     * Whether a select that drops finished clauses ({@code Select.dropFinished()}) has left this
     * one out for good; set once, by CAS, by the await that met the clause finished.
     */
    private volatile boolean dropped;

    private SelectClause(Channel<?> channel) {
        Objects.requireNonNull(channel, "select channel");
        if (!(channel instanceof AbstractChannel<?> ac)) {
            throw new IllegalArgumentException("select works with channels made by Channel.builder() and its "
                    + "shortcuts; " + channel.getClass().getName() + " is not one");
        }
        this.channel = ac;
    }

    /**
     * Tries the clause with its channel's ordinary non-blocking operation.
     *
     * @return a token for {@link #fire}, or {@link #NOT_READY}
     */
    abstract Object attemptQuickly();

    /**
     * Tries the clause under its channel's lock (held by the caller), exactly.
     *
     * @return a token for {@link #fire}, or {@link #NOT_READY}
     */
    abstract Object attemptLocked();

    /**
     * Queues a node for {@code select} in the channel, under its lock (held by the caller).
     *
     * @return the node
     */
    abstract Waiter register(SelectWaiter select);

    /**
     * @param node the node that won: its outcome and item tell what happened
     * @return the token {@link #fire} expects
     */
    abstract Object tokenOf(Waiter node);

    /**
     * Runs the action for what the clause did.
     *
     * @param token    what an attempt or {@link #tokenOf} returned
     * @param onClosed the select's {@code onClosed} action for this clause's channel, or {@code null}
     * @return the action's result
     */
    abstract Object fire(Object token, Supplier<? extends R> onClosed);

    /**
     * Leaves this clause out of every later round of its select.
     *
     * @return {@code true} if this call dropped it, {@code false} if it was dropped already
     */
    final boolean drop() {
        return DROPPED.compareAndSet(this, false, true);
    }

    /** @return whether the clause has been dropped (see {@link #drop()}) */
    final boolean isDropped() {
        return dropped;
    }

    /** @return whether a select that drops finished clauses has dropped this one (for {@code Select.isFinished()}) */
    public final boolean isFinishedForSelect() {
        return dropped;
    }

    /** @return {@code true} for the clauses that need the channel's {@code onClosed} action */
    boolean usesOnClosed() {
        return false;
    }

    /**
     * @param channel the channel to take from
     * @param action  receives the item
     * @param <T>     the item type
     * @param <R>     the result type
     * @return a clause that takes one item
     */
    public static <T, R> SelectClause<R> take(Channel<T> channel, Function<? super T, ? extends R> action) {
        return new Take<>(channel, action);
    }

    /**
     * @param channel the channel to send to
     * @param item    the item
     * @param action  runs once the item is sent
     * @param <T>     the item type
     * @param <R>     the result type
     * @return a clause that sends one item
     */
    public static <T, R> SelectClause<R> put(Channel<T> channel, T item, Supplier<? extends R> action) {
        return new Put<>(channel, item, action);
    }

    /**
     * @param channel the channel to watch
     * @param action  runs once the channel is closed and drained
     * @param <R>     the result type
     * @return a clause that fires on the channel's end
     */
    public static <R> SelectClause<R> closed(Channel<?> channel, Supplier<? extends R> action) {
        return new Closed<>(channel, action);
    }

    /** @return the clause's channel */
    public Channel<?> channel() {
        return channel;
    }

    static final class Take<T, R> extends SelectClause<R> {
        private final AbstractChannel<T> source;
        private final Function<? super T, ? extends R> action;

        @SuppressWarnings("unchecked")
        Take(Channel<T> channel, Function<? super T, ? extends R> action) {
            super(channel);
            this.source = (AbstractChannel<T>) this.channel;
            this.action = Objects.requireNonNull(action, "onTake action");
        }

        @Override
        Object attemptQuickly() {
            T item = source.poll();
            return item != null ? item : NOT_READY;
        }

        @Override
        Object attemptLocked() {
            T item = source.receiveNow();
            if (item != null) {
                source.afterReceiveNow();
                return item;
            }
            return source.drainedNow() ? ENDED : NOT_READY;
        }

        @Override
        Waiter register(SelectWaiter select) {
            Waiter w = Waiter.ofSelect(select, Waiter.RECEIVE, null);
            source.enqueue(w);
            return w;
        }

        @Override
        Object tokenOf(Waiter node) {
            return node.state() == Waiter.SERVED ? node.item : ENDED;
        }

        @Override
        Object fire(Object token, Supplier<? extends R> onClosed) {
            if (token != ENDED) {
                @SuppressWarnings("unchecked") T item = (T) token;
                return action.apply(item);
            }
            if (onClosed != null) {
                return onClosed.get();
            }
            throw source.closedForReceive();
        }

        @Override
        boolean usesOnClosed() {
            return true;
        }
    }

    static final class Put<T, R> extends SelectClause<R> {
        private final AbstractChannel<T> sink;
        private final T item;
        private final Supplier<? extends R> action;

        @SuppressWarnings("unchecked")
        Put(Channel<T> channel, T item, Supplier<? extends R> action) {
            super(channel);
            this.sink = (AbstractChannel<T>) this.channel;
            this.item = Objects.requireNonNull(item, () -> "select onPut item for channel '" + channel.name()
                    + "' must not be null");
            this.action = Objects.requireNonNull(action, "onPut action");
        }

        @Override
        Object attemptQuickly() {
            try {
                return sink.offer(item) ? AbstractChannel.SENT : NOT_READY;
            } catch (ChannelClosedException e) {
                return ENDED;
            }
        }

        @Override
        Object attemptLocked() {
            if (sink.state != AbstractChannel.OPEN) {
                return ENDED;
            }
            Object r = sink.sendNow(item);
            return r == AbstractChannel.NO_ROOM ? NOT_READY : r; // SENT, or an item the policy dropped
        }

        @Override
        Waiter register(SelectWaiter select) {
            Waiter w = Waiter.ofSelect(select, Waiter.SEND, item);
            sink.enqueue(w);
            return w;
        }

        @Override
        Object tokenOf(Waiter node) {
            return node.state() == Waiter.SERVED ? AbstractChannel.SENT : ENDED;
        }

        @Override
        Object fire(Object token, Supplier<? extends R> onClosed) {
            if (token == ENDED) {
                if (onClosed != null) {
                    return onClosed.get();
                }
                throw sink.closedForSend(sink.state);
            }
            if (token != AbstractChannel.SENT) { // accepted, and the overflow policy dropped this one
                @SuppressWarnings("unchecked") T dropped = (T) token;
                sink.discarded(dropped);
            }
            return action.get();
        }

        @Override
        boolean usesOnClosed() {
            return true;
        }
    }

    static final class Closed<R> extends SelectClause<R> {
        private final Supplier<? extends R> action;

        Closed(Channel<?> channel, Supplier<? extends R> action) {
            super(channel);
            this.action = Objects.requireNonNull(action, "onClosed action");
        }

        Supplier<? extends R> action() {
            return action;
        }

        @Override
        Object attemptQuickly() {
            return channel.isClosedForReceive() ? ENDED : NOT_READY;
        }

        @Override
        Object attemptLocked() {
            return channel.drainedNow() ? ENDED : NOT_READY;
        }

        @Override
        Waiter register(SelectWaiter select) {
            Waiter w = Waiter.ofSelect(select, Waiter.WATCH_CLOSE, null);
            channel.enqueue(w);
            return w;
        }

        @Override
        Object tokenOf(Waiter node) {
            return ENDED;
        }

        @Override
        Object fire(Object token, Supplier<? extends R> onClosed) {
            return action.get();
        }
    }
}
