package dev.conduit.channel;

import dev.conduit.channel.internal.SelectClause;
import dev.conduit.channel.internal.SelectEngine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Waits on several channels at once and runs the action of exactly one clause that can proceed:
 * Go's {@code select}, for platform and virtual threads.
 *
 * <pre>{@code
 * String what = Select.<String>create()
 *         .onTake(orders, order -> "order " + order)
 *         .onTake(cancels, id -> "cancel " + id)
 *         .onPut(audit, event, () -> "audited")
 *         .onClosed(orders, () -> "no more orders")
 *         .onTimeout(Duration.ofSeconds(1), () -> "idle")
 *         .await();
 * }</pre>
 *
 * <h2>Clauses</h2>
 * <ul>
 *   <li>{@link #onTake}: takes one item from the channel and passes it to the action.</li>
 *   <li>{@link #onPut}: sends the given item to the channel, then runs the action.</li>
 *   <li>{@link #onClosed}: fires once the channel is closed and drained (by {@code close()},
 *       {@code close(cause)} or {@code cancel()}); also stands in for an {@code onTake} or
 *       {@code onPut} clause of the same select that meets the channel closed.</li>
 *   <li>{@link #onTimeout}: fires if no other clause could fire within the time.</li>
 *   <li>{@link #orElse}: fires at once if no other clause can fire now (Go's {@code default}):
 *       {@link #await()} then never waits.</li>
 * </ul>
 *
 * <h2>Exactly one clause</h2>
 * {@link #await()} runs exactly one action and returns its result. An item is taken from, or sent
 * to, exactly one channel: never two, and never taken without its action receiving it. An item a
 * select looked at but did not take stays where it was, in its place in the channel's order. If an
 * action throws, {@code await()} throws it; the item of that clause has been moved. An
 * {@code onTake} whose channel is closed and drained counts as ready: it fires the select's
 * {@code onClosed} clause for that channel if there is one, and otherwise {@code await()} throws
 * the channel's {@link ChannelClosedException} (with the cause given to {@code close(cause)}, if
 * any). Likewise an {@code onPut} on a channel closed for sending fires that channel's
 * {@code onClosed} clause or throws.
 *
 * <p>{@code orElse}, and an {@code onTimeout} of zero, fire only if at one moment no clause could
 * fire: the last check holds the locks of all the select's channels at once.
 *
 * <h2>Loops over channels that end: {@link #dropFinished()}</h2>
 * A select awaited in a loop over channels that are closed one by one would, without more ado,
 * find each ended channel ready again on every later round ({@code onClosed} fires again and
 * again, or {@code await()} throws). Go programs set such a channel to {@code nil}; here the
 * select leaves it out itself:
 * <pre>{@code
 * Select<Void> merge = Select.<Void>create()
 *         .dropFinished()
 *         .onTake(orders, order -> { handle(order); return null; })
 *         .onTake(refunds, refund -> { handle(refund); return null; })
 *         .onClosed(orders, () -> { log("no more orders"); return null; });
 * while (!merge.isFinished()) {
 *     merge.await(); // one item, or the end of one channel
 * }
 * }</pre>
 * Each {@code await()} then either runs the action of one item (or put), or ends one clause: the
 * clause is dropped for good, and if its channel is now closed and drained, the channel's
 * {@code onClosed} action runs, exactly once per channel, and is the result; otherwise
 * {@code await()} returns {@code null}. The loop ends once every clause has ended, after every
 * item was taken. A take whose channel was closed with a cause, or cancelled, still throws the
 * {@link ChannelClosedException} unless the select has an {@code onClosed} for that channel (a
 * failure is not an end); the clause is dropped all the same, so a loop that catches it goes on
 * with the others.
 *
 * <h2>Fairness</h2>
 * By default each attempt tries the clauses in a fresh random order, so when several clauses are
 * ready each is equally likely to fire and none starves. {@link #inOrder()} tries them in the order
 * they were added instead: the first ready clause always wins (a priority select).
 *
 * <h2>Blocking and interruption</h2>
 * When no clause is ready, {@code await()} queues one small waiter node in each of its channels,
 * beside the channel's plain receivers and senders, and parks (with
 * {@link java.util.concurrent.locks.LockSupport}, so a virtual thread frees its carrier). The
 * first change that one of its clauses can use claims the whole select atomically and wakes it:
 * a send to a channel hands its item to the first waiting receiver or select there, and wakes only
 * that one; changes to the select's other channels pass it by. So thousands of selects may wait
 * on one channel, each item waking one of them, in the order they began waiting. When a clause
 * has fired, or the timeout passes, or the thread is interrupted, the select's nodes are removed
 * from the other channels. An interrupted {@code await()} throws {@link InterruptedException} and
 * has moved no item.
 *
 * <h2>Rendezvous channels</h2>
 * On a rendezvous channel an {@code onTake} fires when a sender waits there (in
 * {@code put}, {@code offer(item, timeout)} or another select's {@code onPut}), and an
 * {@code onPut} when a receiver waits there. Two selects on the two ends of one rendezvous
 * channel, both waiting, meet: whichever comes second finds the first one's node and hands over.
 *
 * <h2>Reuse and thread safety</h2>
 * Adding clauses is not thread-safe. Once built, a select may be awaited again and again (an
 * {@code onPut} sends its item again each time), and by several threads at once; each await keeps
 * its own waiting state.
 *
 * <h2>Memory consistency effects</h2>
 * Those of the channel operation that fired: actions before a send happen-before the select's
 * action receives the item; actions in the thread before {@code await()} happen-before a receiver
 * gets an item an {@code onPut} sent.
 *
 * @param <R> the type of result the actions return
 */
public final class Select<R> {
    private final List<SelectClause<R>> clauses = new ArrayList<>();
    private final List<Channel<?>> closedWatched = new ArrayList<>();
    private boolean inOrder;
    private boolean dropFinished;
    private long timeoutNanos = -1;
    private Supplier<? extends R> onTimeout;
    private Supplier<? extends R> orElse;
    /** Built on the first await after a change; immutable, so concurrent awaits may share it. */
    private volatile SelectEngine<R> engine;

    private Select() {
    }

    /**
     * Starts an empty select.
     *
     * @param <R> the result type of its actions
     * @return a new select with no clauses, fair order
     */
    public static <R> Select<R> create() {
        return new Select<>();
    }

    /**
     * Adds a clause that takes one item from {@code channel} and returns {@code action}'s result.
     *
     * @param channel the channel, made by Conduit, or its {@linkplain Channel#receiveOnly() receive-only view}
     * @param action  receives the item
     * @param <T>     the item type
     * @return this select
     * @throws NullPointerException     if an argument is null
     * @throws IllegalArgumentException if {@code channel} is not a Conduit channel or a view of one
     */
    public <T> Select<R> onTake(ReceiveChannel<T> channel, Function<? super T, ? extends R> action) {
        return add(SelectClause.take(underlying(channel), action));
    }

    /**
     * Adds a clause that sends {@code item} to {@code channel} and then returns {@code action}'s
     * result.
     *
     * @param channel the channel, made by Conduit, or its {@linkplain Channel#sendOnly() send-only view}
     * @param item    the item, not null
     * @param action  runs after the item was sent
     * @param <T>     the item type
     * @return this select
     * @throws NullPointerException     if an argument is null (the message names the channel)
     * @throws IllegalArgumentException if {@code channel} is not a Conduit channel or a view of one
     */
    public <T> Select<R> onPut(SendChannel<T> channel, T item, Supplier<? extends R> action) {
        return add(SelectClause.put(underlying(channel), item, action));
    }

    /**
     * Adds a clause that fires once {@code channel} is closed and drained, and handles this select's
     * {@code onTake}/{@code onPut} clauses meeting that channel closed (see the class comment). The
     * action does not see a cause given to {@code close(cause)}; leave this clause out to have
     * {@code await()} throw the channel's exception with its cause instead.
     *
     * @param channel the channel, made by Conduit
     * @param action  runs when the channel has ended
     * @return this select
     * @throws NullPointerException     if an argument is null
     * @throws IllegalArgumentException if {@code channel} is not a Conduit channel
     * @throws IllegalStateException    if this select already has an {@code onClosed} for the channel
     */
    public Select<R> onClosed(Channel<?> channel, Supplier<? extends R> action) {
        return closed(channel, action);
    }

    /**
     * Adds an {@code onClosed} clause, as {@link #onClosed(Channel, Supplier)}, for the channel
     * behind a {@linkplain Channel#receiveOnly() receive-only view}.
     *
     * @param channel the view, or a Conduit channel
     * @param action  runs when the channel has ended
     * @return this select
     * @throws NullPointerException     if an argument is null
     * @throws IllegalArgumentException if {@code channel} is not a Conduit channel or a view of one
     * @throws IllegalStateException    if this select already has an {@code onClosed} for the channel
     */
    public Select<R> onClosed(ReceiveChannel<?> channel, Supplier<? extends R> action) {
        return closed(underlying(channel), action);
    }

    /**
     * Adds an {@code onClosed} clause, as {@link #onClosed(Channel, Supplier)}, for the channel
     * behind a {@linkplain Channel#sendOnly() send-only view}: it also stands in for an
     * {@code onPut} on that channel that meets it closed.
     *
     * @param channel the view, or a Conduit channel
     * @param action  runs when the channel has ended
     * @return this select
     * @throws NullPointerException     if an argument is null
     * @throws IllegalArgumentException if {@code channel} is not a Conduit channel or a view of one
     * @throws IllegalStateException    if this select already has an {@code onClosed} for the channel
     */
    public Select<R> onClosed(SendChannel<?> channel, Supplier<? extends R> action) {
        return closed(underlying(channel), action);
    }

    private Select<R> closed(Channel<?> channel, Supplier<? extends R> action) {
        for (Channel<?> c : closedWatched) {
            if (c == channel) {
                throw new IllegalStateException("select already has an onClosed clause for channel '"
                        + channel.name() + "'");
            }
        }
        SelectClause<R> clause = SelectClause.closed(channel, action);
        closedWatched.add(channel);
        return add(clause);
    }

    /**
     * Adds a clause that fires if no other clause could fire within {@code timeout}, counted from the
     * start of each {@link #await()}.
     *
     * @param timeout the longest wait; zero or negative fires after one attempt of every clause
     * @param action  runs on timeout
     * @return this select
     * @throws NullPointerException  if an argument is null
     * @throws IllegalStateException if the select already has a timeout or an {@code orElse}
     */
    public Select<R> onTimeout(Duration timeout, Supplier<? extends R> action) {
        Objects.requireNonNull(timeout, "select timeout");
        Objects.requireNonNull(action, "onTimeout action");
        if (onTimeout != null || orElse != null) {
            throw new IllegalStateException("select already has " + (orElse != null ? "an orElse clause" : "a timeout")
                    + "; it takes one onTimeout or one orElse");
        }
        long nanos;
        try {
            nanos = Math.max(0, timeout.toNanos());
        } catch (ArithmeticException tooLong) {
            nanos = timeout.isNegative() ? 0 : Long.MAX_VALUE - 1;
        }
        this.timeoutNanos = nanos;
        this.onTimeout = action;
        engine = null;
        return this;
    }

    /**
     * Adds a clause that fires at once when no other clause can fire now, so {@link #await()} never
     * waits.
     *
     * @param action runs when nothing is ready
     * @return this select
     * @throws NullPointerException  if {@code action} is null
     * @throws IllegalStateException if the select already has an {@code orElse} or a timeout
     */
    public Select<R> orElse(Supplier<? extends R> action) {
        Objects.requireNonNull(action, "orElse action");
        if (onTimeout != null || orElse != null) {
            throw new IllegalStateException("select already has " + (orElse != null ? "an orElse clause" : "a timeout")
                    + "; it takes one onTimeout or one orElse");
        }
        this.orElse = action;
        engine = null;
        return this;
    }

    /**
     * Tries clauses in the order they were added instead of a random order: the first ready clause
     * always fires, so later clauses may starve while earlier ones stay ready.
     *
     * @return this select
     */
    public Select<R> inOrder() {
        this.inOrder = true;
        engine = null;
        return this;
    }

    /**
     * Leaves clauses whose channel has finished out of every later {@link #await()}: a take once its
     * channel is closed and drained, a put once its channel is closed for sending, an
     * {@code onClosed} once it fired. See "Loops over channels that end" in the class comment for
     * what an await then returns. The select remembers which clauses it dropped across awaits and
     * threads: each clause is dropped by exactly one await, and a channel's {@code onClosed} runs
     * once. Once every clause is dropped, {@code await()} returns {@code null} at once, without
     * running {@code orElse} or waiting out {@code onTimeout}.
     *
     * @return this select
     */
    public Select<R> dropFinished() {
        this.dropFinished = true;
        engine = null;
        return this;
    }

    /**
     * Tells a loop over a {@link #dropFinished()} select when to stop.
     *
     * @return {@code true} once the select drops finished clauses and every one of its clauses on a
     *         channel has been dropped; always {@code false} without {@code dropFinished()}. Once
     *         true it stays true, unless clauses are added.
     */
    public boolean isFinished() {
        if (!dropFinished) {
            return false;
        }
        for (SelectClause<R> c : clauses) {
            if (!c.isFinishedForSelect()) {
                return false;
            }
        }
        return true;
    }

    /**
     * Runs exactly one clause: at once if one is ready, otherwise after waiting until one is, or the
     * timeout passes. See the class comment for fairness and closing.
     *
     * @return the result of the action that fired
     * @throws InterruptedException   if interrupted before or while waiting; no item was moved
     * @throws ChannelClosedException if an {@code onTake} met its channel closed and drained, or an
     *                                {@code onPut} met its channel closed, with no {@code onClosed}
     *                                clause for that channel
     * @throws IllegalStateException  if the select has no clauses at all
     */
    public R await() throws InterruptedException {
        SelectEngine<R> e = engine;
        if (e == null) {
            if (clauses.isEmpty() && onTimeout == null && orElse == null) {
                throw new IllegalStateException("select has no clauses: add onTake, onPut, onClosed, onTimeout or orElse");
            }
            e = new SelectEngine<>(clauses, inOrder, timeoutNanos, onTimeout, orElse, dropFinished);
            engine = e;
        }
        return e.await();
    }

    /** The channel behind an end: the end itself if it is a channel, the channel behind a view. */
    private static <T> Channel<T> underlying(ReceiveChannel<T> end) {
        if (end instanceof ReceiveOnlyView<T> view) {
            return view.channel;
        }
        if (end == null || end instanceof Channel<T>) {
            return (Channel<T>) end; // null: the clause reports it
        }
        throw notConduit(end);
    }

    private static <T> Channel<T> underlying(SendChannel<T> end) {
        if (end instanceof SendOnlyView<T> view) {
            return view.channel;
        }
        if (end == null || end instanceof Channel<T>) {
            return (Channel<T>) end;
        }
        throw notConduit(end);
    }

    private static IllegalArgumentException notConduit(Object end) {
        return new IllegalArgumentException("select works with channels made by Channel.builder() and its "
                + "shortcuts, and their sendOnly()/receiveOnly() views; " + end.getClass().getName() + " is not one");
    }

    private Select<R> add(SelectClause<R> clause) {
        clauses.add(clause);
        engine = null;
        return this;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Select[").append(clauses.size()).append(" clauses");
        if (onTimeout != null) {
            sb.append(", timeout ").append(Duration.ofNanos(timeoutNanos));
        }
        if (orElse != null) {
            sb.append(", orElse");
        }
        if (dropFinished) {
            sb.append(", dropping finished clauses");
        }
        return sb.append(inOrder ? ", in order]" : ", fair]").toString();
    }
}
