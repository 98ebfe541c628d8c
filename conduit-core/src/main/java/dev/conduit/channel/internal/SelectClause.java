package dev.conduit.channel.internal;

import dev.conduit.channel.Channel;
import dev.conduit.channel.ChannelClosedException;

import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One clause of a select: a non-blocking attempt on one channel and the action to run if it
 * succeeds. {@link SelectEngine} tries clauses; it never blocks inside one.
 *
 * <p>An attempt moves at most one item (one {@code poll()} or one {@code offer()}), and runs its
 * action only if that item moved, so a select that tries several clauses takes or puts exactly
 * one item.
 *
 * @param <R> the select's result type
 */
public abstract sealed class SelectClause<R> {
    /** What {@link #attempt} returns when the clause cannot fire now; never a user's result. */
    static final Object NOT_READY = new Object();

    final AbstractChannel<?> channel;

    private SelectClause(Channel<?> channel) {
        Objects.requireNonNull(channel, "select channel");
        if (!(channel instanceof AbstractChannel<?> ac)) {
            throw new IllegalArgumentException("select works with channels made by Channel.builder() and its "
                    + "shortcuts; " + channel.getClass().getName() + " is not one");
        }
        this.channel = ac;
    }

    /**
     * Tries the clause once, without waiting.
     *
     * @param onClosed the select's {@code onClosed} action for this clause's channel, or {@code null}
     * @return the action's result, or {@link #NOT_READY}
     * @throws InterruptedException only if the thread is interrupted while fetching the closing
     *                              exception of a closed channel
     */
    abstract Object attempt(Supplier<? extends R> onClosed) throws InterruptedException;

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
        Object attempt(Supplier<? extends R> onClosed) throws InterruptedException {
            T item = source.poll();
            if (item != null) {
                return action.apply(item);
            }
            if (!source.isClosedForReceive()) {
                return NOT_READY;
            }
            if (onClosed != null) {
                return onClosed.get();
            }
            // Closed and drained is final, so take() throws at once, with the channel's own message
            // and cause; should an implementation still return an item, it is delivered, not lost.
            return action.apply(source.take());
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
        Object attempt(Supplier<? extends R> onClosed) {
            try {
                if (!sink.offer(item)) {
                    return NOT_READY;
                }
            } catch (ChannelClosedException e) {
                if (onClosed == null) {
                    throw e;
                }
                return onClosed.get();
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
        Object attempt(Supplier<? extends R> onClosed) {
            return channel.isClosedForReceive() ? action.get() : NOT_READY;
        }
    }
}
