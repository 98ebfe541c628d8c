package dev.conduit.channel;

import java.time.Duration;

/**
 * The sending end of a channel: what a producer needs, and nothing it could use to take items
 * meant for someone else. Like Go's {@code chan<- T} and Kotlin's {@code SendChannel}.
 *
 * <p>Every {@link Channel} is a {@code SendChannel}. To hand a producer only this end, give it
 * {@link Channel#sendOnly()}: a view that cannot be cast back to {@code Channel}, so the producer
 * cannot receive, cancel or mark tasks done. Whoever holds the channel itself keeps every right.
 *
 * <p>Sending, closing, blocking, interruption and memory visibility are as described on
 * {@link Channel}: a thread's actions before it sends an item happen-before the receiver's actions
 * after it receives that item, and a failed send never leaves its item in the channel.
 *
 * @param <T> the type of items
 */
public interface SendChannel<T> {

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
     * Sends an item if there is room now, without waiting.
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

    /**
     * Closes the channel for sending; buffered items remain for receivers, who see the end once
     * they have taken them. Blocked and later senders fail with {@link ChannelClosedException}.
     * Idempotent: calls after the first close or cancel have no effect. Does not wait.
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
     * Tells whether sends now fail.
     *
     * @return {@code true} once the channel was closed or cancelled, by any holder of either end
     */
    boolean isClosedForSend();

    /**
     * Waits until every item ever accepted by a send is finished: marked done by a receiver,
     * dropped by the overflow policy, or removed by a cancel (Python's {@code Queue.join()}).
     *
     * @throws InterruptedException if interrupted while waiting
     */
    void awaitTasks() throws InterruptedException;

    /**
     * Waits at most {@code timeout} until every accepted item is finished, as {@link #awaitTasks()}.
     *
     * @param timeout the longest wait
     * @return {@code true} if all tasks are finished, {@code false} if the time ran out first
     * @throws InterruptedException if interrupted while waiting
     */
    boolean awaitTasks(Duration timeout) throws InterruptedException;

    /**
     * Counts the unfinished tasks (see {@link #awaitTasks()}).
     *
     * @return items accepted by sends and not yet finished, a snapshot
     */
    long unfinishedTasks();

    /**
     * Counts the items buffered now.
     *
     * @return how many items a receiver could take now (a snapshot; it may change at once)
     */
    int size();

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
