package dev.conduit.channel;

import java.time.Duration;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.BlockingQueue;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A channel passes items from sending threads to receiving threads, and can be closed so that
 * receivers learn that no more items will come, without poison pills.
 *
 * <h2>Sending and receiving</h2>
 * <ul>
 *   <li>{@link #put} waits while the channel is full; {@link #offer(Object)} returns {@code false}
 *       at once; {@link #offer(Object, Duration)} waits at most the given time.</li>
 *   <li>{@link #take} waits while the channel is empty; {@link #poll()} returns {@code null} at once;
 *       {@link #poll(Duration)} waits at most the given time; {@link #drainTo} moves what is
 *       there without waiting; {@link #iterator()}, {@link #forEach} and {@link #stream()} take
 *       items until the channel is closed and drained.</li>
 * </ul>
 * Items are never {@code null}. A channel of capacity 0 ({@link #rendezvous()}) holds nothing: a
 * {@code put} completes only when a receiver takes its item.
 *
 * <h2>Closing</h2>
 * <table class="striped">
 *   <caption>What each party sees after a close</caption>
 *   <tr><th></th><th>{@link #close()}</th><th>{@link #close(Throwable) close(cause)}</th><th>{@link #cancel()}</th></tr>
 *   <tr><td>new and blocked senders</td><td colspan="3">fail with {@link ChannelClosedException}; a
 *       failed send never leaves its item in the channel</td></tr>
 *   <tr><td>buffered items</td><td colspan="2">still delivered to receivers</td><td>removed, returned by
 *       {@code cancel()} and passed to {@code onUndelivered}</td></tr>
 *   <tr><td>receivers, once drained</td><td>{@code take} throws {@link ChannelClosedException},
 *       {@code poll} returns {@code null}, iteration ends</td><td>the same, the exception's cause is
 *       {@code cause}; iteration throws it</td><td>{@code take} and iteration throw
 *       {@link ChannelClosedException} at once; {@code poll} returns {@code null}</td></tr>
 *   <tr><td>{@link #awaitTasks()}</td><td colspan="2">returns once every delivered item is marked
 *       {@linkplain #taskDone() done}</td><td>discarded items count as done</td></tr>
 * </table>
 * Closing is idempotent: the first close or cancel decides the outcome; a later {@code cancel()}
 * after {@code close()} still removes and returns what is buffered.
 *
 * <h2>Task accounting</h2>
 * Like Python's {@code Queue.task_done()}/{@code join()}: each item accepted by a send is an
 * unfinished task until a receiver calls {@link #taskDone()} for it, or the channel drops or
 * cancels it. {@link #awaitTasks()} waits until no task is unfinished; unlike Python it has a
 * timed form.
 *
 * <h2>Blocking and interruption</h2>
 * Blocking methods throw {@link InterruptedException} if the thread is interrupted before or while
 * waiting; an interrupted send leaves nothing of its item in the channel, and an interrupted
 * receive removes nothing. Channels never hold a monitor while waiting, so virtual threads that
 * block on them do not pin their carrier.
 *
 * <h2>Memory consistency effects</h2>
 * Actions in a thread before it sends an item <i>happen-before</i> actions after the receipt of
 * that item in the receiving thread. Actions before {@code close} or {@code cancel} happen-before a
 * receiver observes the channel closed. Actions before {@code taskDone()} happen-before the return
 * of the {@code awaitTasks()} it allows to return.
 *
 * <h2>Handing out one end</h2>
 * A channel is both a {@link SendChannel} and a {@link ReceiveChannel}. An API that should only
 * produce, or only consume, can be given {@link #sendOnly()} or {@link #receiveOnly()}: views that
 * reach the same channel and cannot be cast back to {@code Channel} (Go's {@code chan<- T} and
 * {@code <-chan T}). {@link Select} accepts the views as it accepts the channel.
 *
 * @param <T> the type of items
 */
public interface Channel<T> extends SendChannel<T>, ReceiveChannel<T> {

    // ---------------------------------------------------------------- creating

    /**
     * Creates a FIFO channel that holds at most {@code capacity} items; senders wait while it is full.
     *
     * @param capacity the most items buffered at once, at least 1 (use {@link #rendezvous()} for 0)
     * @param <T>      the item type
     * @return a new open channel
     * @throws IllegalArgumentException if {@code capacity} is less than 1
     */
    static <T> Channel<T> bounded(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("bounded channel capacity must be at least 1, was " + capacity
                    + (capacity == 0 ? " (use Channel.rendezvous() for a capacity of 0)" : ""));
        }
        return Channel.<T>builder().capacity(capacity).build();
    }

    /**
     * Creates a FIFO channel with no bound; sends never wait. Use only when producers are known to
     * be slower than consumers, or memory is not a concern.
     *
     * @param <T> the item type
     * @return a new open channel
     */
    static <T> Channel<T> unbounded() {
        return Channel.<T>builder().unbounded().build();
    }

    /**
     * Creates a channel of capacity 0: each {@link #put} waits until a receiver takes its item, like
     * Go's unbuffered channel or {@link java.util.concurrent.SynchronousQueue}. {@link #offer(Object)}
     * succeeds only if a receiver is already waiting; {@link #poll()} only if a sender is.
     *
     * @param <T> the item type
     * @return a new open channel
     */
    static <T> Channel<T> rendezvous() {
        return Channel.<T>builder().capacity(0).build();
    }

    /**
     * Returns a builder for a channel with chosen capacity, ordering, overflow policy, name and
     * undelivered-item callback.
     *
     * @param <T> the item type
     * @return a new builder with the defaults: bounded 1024 items, FIFO, {@link Overflow#BLOCK}
     */
    static <T> ChannelBuilder<T> builder() {
        return new ChannelBuilder<>();
    }

    // ---------------------------------------------------------------- one end

    /**
     * Returns a view of this channel that can only send: producers given it can put, offer, close
     * and wait for tasks, but cannot receive, cancel, or cast it back to {@code Channel}. Each call
     * returns a new view; all of them act on this channel, and act at once (the view holds no
     * state of its own).
     *
     * @return a send-only view of this channel
     */
    default SendChannel<T> sendOnly() {
        return new SendOnlyView<>(this);
    }

    /**
     * Returns a view of this channel that can only receive: consumers given it can take, poll,
     * iterate, mark tasks done and cancel, but cannot send, close, or cast it back to
     * {@code Channel}. Each call returns a new view; all of them act on this channel at once.
     *
     * @return a receive-only view of this channel
     */
    default ReceiveChannel<T> receiveOnly() {
        return new ReceiveOnlyView<>(this);
    }

    // ---------------------------------------------------------------- sending

    /**
     * Sends an item, waiting while the channel is full.
     *
     * @param item the item, not {@code null}
     * @throws InterruptedException   if interrupted while waiting; the item was not sent
     * @throws ChannelClosedException if the channel is closed for sending, before or while waiting;
     *                                the item was not sent
     * @throws NullPointerException   if {@code item} is {@code null}
     */
    void put(T item) throws InterruptedException;

    /**
     * Sends an item if there is room now.
     *
     * @param item the item, not {@code null}
     * @return {@code true} if sent (or, under a drop policy, accepted and dropped); {@code false} if
     *         the channel is full, or for a rendezvous channel if no receiver is waiting
     * @throws ChannelClosedException if the channel is closed for sending
     * @throws NullPointerException   if {@code item} is {@code null}
     */
    boolean offer(T item);

    /**
     * Sends an item, waiting at most {@code timeout} for room.
     *
     * @param item    the item, not {@code null}
     * @param timeout the longest wait; zero or negative means do not wait
     * @return {@code true} if sent, {@code false} if the time ran out first (the item was not sent)
     * @throws InterruptedException   if interrupted while waiting; the item was not sent
     * @throws ChannelClosedException if the channel is closed for sending, before or while waiting
     * @throws NullPointerException   if {@code item} or {@code timeout} is {@code null}
     */
    boolean offer(T item, Duration timeout) throws InterruptedException;

    // ---------------------------------------------------------------- receiving

    /**
     * Receives an item, waiting while the channel is empty.
     *
     * @return the item
     * @throws InterruptedException   if interrupted while waiting; no item was removed
     * @throws ChannelClosedException if the channel is closed and drained (its cause is the one given
     *                                to {@link #close(Throwable)}, if any) or was cancelled
     */
    T take() throws InterruptedException;

    /**
     * Receives an item if one is there now.
     *
     * @return the item, or {@code null} if the channel is empty or closed and drained
     */
    T poll();

    /**
     * Receives an item, waiting at most {@code timeout} for one.
     *
     * @param timeout the longest wait; zero or negative means do not wait
     * @return the item, or {@code null} if the time ran out, or at once if the channel is closed
     *         and drained
     * @throws InterruptedException if interrupted while waiting; no item was removed
     * @throws NullPointerException if {@code timeout} is {@code null}
     */
    T poll(Duration timeout) throws InterruptedException;

    /**
     * Moves up to {@code max} items that are in the channel now into {@code sink}, in the order
     * {@link #take} would return them, without waiting.
     *
     * @param sink where the items go
     * @param max  the most items to move; 0 or less moves none
     * @return how many items were moved
     * @throws NullPointerException if {@code sink} is {@code null}
     */
    int drainTo(Collection<? super T> sink, int max);

    /**
     * Returns an iterator that takes items until the channel is closed and drained. Each
     * {@code hasNext()} waits for an item; it returns {@code false} once the channel is closed and
     * drained, and throws {@link ChannelClosedException} if the channel was closed with a cause or
     * cancelled, so that a failure upstream is not mistaken for a normal end. An interrupt while
     * waiting throws {@link ChannelInterruptedException}. Several threads may iterate one channel at
     * once; each item goes to exactly one of them.
     *
     * @return a consuming iterator
     */
    @Override
    Iterator<T> iterator();

    /**
     * Returns a sequential stream that takes items until the channel is closed and drained, with the
     * same waiting and error behaviour as {@link #iterator()}.
     *
     * @return a consuming stream
     */
    default Stream<T> stream() {
        return StreamSupport.stream(
                Spliterators.spliteratorUnknownSize(iterator(), Spliterator.ORDERED | Spliterator.NONNULL), false);
    }

    /**
     * Returns a live {@link BlockingQueue} view of this channel, for code written against
     * {@code java.util.concurrent} (a {@link java.util.concurrent.ThreadPoolExecutor}'s work queue,
     * a library that takes a queue). The view holds nothing of its own: what is sent through it can
     * be received from the channel and the other way round, and two views of one channel see the
     * same items. Every {@code BlockingQueue}, {@code Queue} and {@code Collection} method works.
     *
     * <h4>Sending and receiving</h4>
     * {@code put}, {@code offer}, {@code take}, {@code poll} and {@code drainTo} are the channel's
     * own operations, with the same blocking behaviour: an untimed wait parks the thread (its state
     * is {@code WAITING}), a timed one {@code TIMED_WAITING}; an interrupt before or during a wait
     * throws {@link InterruptedException} and moves no item. Nulls are refused with
     * {@link NullPointerException}. {@code add} throws {@link IllegalStateException} when the
     * channel is full. Under a drop policy ({@link Overflow}) {@code offer} and {@code add}
     * succeed at once even though an item may be dropped (and handed to {@code onUndelivered}).
     *
     * <h4>Closing</h4>
     * On a channel closed for sending, {@code put} and {@code add} throw an
     * {@link IllegalStateException} whose cause is the channel's {@link ChannelClosedException},
     * and both {@code offer}s return {@code false}. Once the channel is closed and drained,
     * {@code poll} returns {@code null} (the timed one at once), and {@code take} throws an
     * {@link IllegalStateException} whose cause is the {@code ChannelClosedException} (with the
     * cause given to {@link #close(Throwable)}, if any), rather than waiting for an item that can
     * never come. A queue handed to a {@code ThreadPoolExecutor} should therefore not be closed
     * while the executor runs: shut the executor down instead.
     *
     * <h4>Looking and removing</h4>
     * {@code size()} and {@code isEmpty()} are the channel's; {@code remainingCapacity()} is
     * {@code capacity() - size()} at that moment, {@link Integer#MAX_VALUE} when unbounded.
     * {@code peek}, {@code contains}, {@code toArray}, {@code toString} and iteration look at the
     * items in the order receivers would take them, without taking them. The iterator is weakly
     * consistent: it goes over the items there when it was made, never throws
     * {@link java.util.ConcurrentModificationException}, and does not reflect later changes; its
     * {@code remove()} removes that item from the channel if it is still there. {@code remove(Object)},
     * {@code removeAll}, {@code retainAll}, {@code removeIf} and {@code clear} really remove items
     * from the middle of the channel, keeping the order of the others; a removed item counts as
     * received, and its task as done ({@link #taskDone()} is not called for it; it is not passed
     * to {@code onUndelivered}), and the room it leaves goes to a waiting sender. {@code equals},
     * the filter or the collection's {@code contains} run without any lock of the channel held.
     * Looking at, or removing from, a lock-free channel briefly routes its other operations
     * through its lock, so these methods are for occasional use, as on any concurrent queue.
     *
     * <p>A rendezvous channel holds no items, like a {@link java.util.concurrent.SynchronousQueue}:
     * its view is always empty and has no remaining capacity; a waiting sender's item is still its
     * own until a receiver takes it.
     *
     * <h4>Memory consistency effects</h4>
     * Those of the channel: actions before sending an item happen-before the actions after it is
     * received, through the channel or through a view; the items a snapshot shows are seen as
     * completely as a receiver would see them.
     *
     * <p>Items received through the view are unfinished tasks like any other
     * ({@link #awaitTasks()}); {@code equals} and {@code hashCode} are those of {@link Object}, and
     * the view is not serializable.
     *
     * <p>The default implementation throws {@link UnsupportedOperationException}; every channel
     * made by {@link #builder()} and its shortcuts supports it.
     *
     * @return a view of this channel; a new one each call, all of them equivalent
     */
    default BlockingQueue<T> asBlockingQueue() {
        throw new UnsupportedOperationException(getClass().getName() + " has no BlockingQueue view");
    }

    // ---------------------------------------------------------------- closing

    /**
     * Closes the channel for sending; buffered items remain for receivers. Blocked and later senders
     * fail with {@link ChannelClosedException}; once the buffer is drained, receivers see the end.
     * Idempotent: calls after the first close or cancel have no effect.
     */
    void close();

    /**
     * Closes the channel like {@link #close()}, recording {@code cause} so that, once drained,
     * receivers fail with a {@link ChannelClosedException} whose cause it is. Only the first close
     * records a cause.
     *
     * @param cause why the channel was closed, not {@code null}
     * @throws NullPointerException if {@code cause} is {@code null}
     */
    void close(Throwable cause);

    /**
     * Closes the channel at once: removes every buffered item, passes each to the
     * {@code onUndelivered} callback, and returns them in the order they would have been taken.
     * Blocked senders and receivers wake with {@link ChannelClosedException}. Removed items count as
     * finished for {@link #awaitTasks()}. Calling it again returns an empty list.
     *
     * <p>If the callback throws, it is still called for every removed item, and the first failure is
     * then thrown with the others suppressed; the channel is cancelled either way.
     *
     * @return the items that were buffered and will now never be delivered
     */
    List<T> cancel();

    /**
     * Registers a callback that runs exactly once, when the channel is closed: by the first of
     * {@link #close()}, {@link #close(Throwable)} and {@link #cancel()}. Any number of callbacks
     * may be registered (unlike Kotlin's {@code invokeOnClose}, which takes one); they run in the
     * order they were registered.
     *
     * <p>The callback receives the cause: {@code null} after {@code close()}, the given throwable
     * after {@code close(cause)}, and a {@link java.util.concurrent.CancellationException} after
     * {@code cancel()} (a cancel that follows a close runs nothing: the close already did). It runs
     * on the thread that closes the channel, after the channel's state has changed and its waiting
     * parties were woken, and before that {@code close}/{@code cancel} returns (for a cancel, after
     * the removed items were handed to {@code onUndelivered}); no lock of the channel is held, so
     * it may use the channel. If the channel is already closed, the callback runs at once, on the
     * calling thread, before this method returns. It does not wait for the buffered items to be
     * received: that is {@link #isClosedForReceive()}.
     *
     * <p>If callbacks throw, every callback still runs, and the first failure is then thrown by the
     * {@code close}/{@code cancel} that ran them (or by this method, if it ran the callback), with
     * the others suppressed; the channel is closed either way.
     *
     * <p>Memory consistency effects: actions in the closing thread before the close happen-before
     * each callback runs; actions before registering happen-before the callback runs.
     *
     * <p>The default implementation throws {@link UnsupportedOperationException}; every channel
     * made by {@link #builder()} and its shortcuts supports it.
     *
     * @param callback receives the cause of the close, or {@code null}; not {@code null} itself
     * @throws NullPointerException if {@code callback} is {@code null}
     */
    default void invokeOnClose(java.util.function.Consumer<? super Throwable> callback) {
        throw new UnsupportedOperationException(getClass().getName() + " does not support invokeOnClose");
    }

    /**
     * Tells whether sends now fail.
     *
     * @return {@code true} once {@link #close()}, {@link #close(Throwable)} or {@link #cancel()} was called
     */
    boolean isClosedForSend();

    /**
     * Tells whether the stream has ended for receivers.
     *
     * @return {@code true} once the channel is closed and holds no more items for receivers
     */
    boolean isClosedForReceive();

    // ---------------------------------------------------------------- task accounting

    /**
     * Marks one received item as finished. Call it once per item received, after handling it.
     *
     * @throws IllegalStateException if called more times than items were received
     */
    void taskDone();

    /**
     * Waits until every item ever accepted by a send is finished: marked by {@link #taskDone()},
     * dropped by the overflow policy, or removed by {@link #cancel()}.
     *
     * @throws InterruptedException if interrupted while waiting
     */
    void awaitTasks() throws InterruptedException;

    /**
     * Waits at most {@code timeout} until every accepted item is finished.
     *
     * @param timeout the longest wait
     * @return {@code true} if all tasks are finished, {@code false} if the time ran out first
     * @throws InterruptedException if interrupted while waiting
     */
    boolean awaitTasks(Duration timeout) throws InterruptedException;

    /**
     * Counts the unfinished tasks.
     *
     * @return items accepted by sends and not yet finished (see {@link #awaitTasks()})
     */
    long unfinishedTasks();

    // ---------------------------------------------------------------- state

    /**
     * Counts the items buffered now.
     *
     * @return how many items a receiver could take now (a snapshot; it may change at once)
     */
    int size();

    /**
     * Tells whether a receive would find no item now.
     *
     * @return {@code true} if a {@link #poll()} now would find no item
     */
    boolean isEmpty();

    /**
     * Tells whether a send would find no room now.
     *
     * @return {@code true} if an {@link #offer(Object)} now would find no room
     */
    boolean isFull();

    /**
     * Tells how many items the channel buffers at most.
     *
     * @return the capacity: {@link Integer#MAX_VALUE} when unbounded, 0 for a rendezvous channel
     */
    int capacity();

    /**
     * Names the channel.
     *
     * @return the channel's name, used in errors, {@code toString()} and {@link #stats()}
     */
    String name();

    /**
     * Reports the channel's counts and waiting times.
     *
     * @return counts and waiting times so far, to tell whether senders or receivers are the bottleneck
     */
    ChannelStats stats();
}
