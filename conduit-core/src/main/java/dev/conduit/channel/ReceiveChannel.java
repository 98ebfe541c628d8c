package dev.conduit.channel;

import java.time.Duration;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * The receiving end of a channel: what a consumer needs, and nothing it could use to send or to
 * close the channel under its producers. Like Go's {@code <-chan T} and Kotlin's
 * {@code ReceiveChannel}.
 *
 * <p>Every {@link Channel} is a {@code ReceiveChannel}. To hand a consumer only this end, give it
 * {@link Channel#receiveOnly()}: a view that cannot be cast back to {@code Channel}. A consumer may
 * still {@link #cancel()} the channel, as in Kotlin: it is the consumer's way to say it will take
 * no more, and the producers then fail fast instead of waiting for room that never comes.
 *
 * <p>Receiving, the end of the stream, blocking, interruption and memory visibility are as
 * described on {@link Channel}: actions in a thread before it sends an item happen-before the
 * receiver's actions after it receives that item, and an interrupted receive removes nothing.
 *
 * @param <T> the type of items
 */
public interface ReceiveChannel<T> extends Iterable<T> {

    /**
     * Receives an item, waiting while the channel is empty.
     *
     * @return the item
     * @throws InterruptedException   if interrupted while waiting; no item was removed
     * @throws ChannelClosedException if the channel is closed and drained (its cause is the one given
     *                                to {@code close(cause)}, if any) or was cancelled
     */
    T take() throws InterruptedException;

    /**
     * Receives an item if one is there now, without waiting.
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
     * Returns an iterator that takes items until the channel is closed and drained: {@code hasNext()}
     * waits for an item, returns {@code false} at a plain close, and throws
     * {@link ChannelClosedException} after a close with a cause or a cancel. An interrupt while
     * waiting throws {@link ChannelInterruptedException}. Each item goes to exactly one of the
     * threads iterating or receiving.
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
     * Closes the channel at once, from the receiving side: removes every buffered item, passes each
     * to the channel's {@code onUndelivered} callback, and returns them. Blocked senders and
     * receivers wake with {@link ChannelClosedException}. Calling it again returns an empty list.
     *
     * @return the items that were buffered and will now never be delivered, in the order they would
     *         have been taken
     */
    List<T> cancel();

    /**
     * Tells whether the stream has ended.
     *
     * @return {@code true} once the channel is closed and holds no more items for receivers
     */
    boolean isClosedForReceive();

    /**
     * Marks one received item as finished. Call it once per item received, after handling it, if
     * a producer waits with {@link SendChannel#awaitTasks()}.
     *
     * @throws IllegalStateException if called more times than items were received
     */
    void taskDone();

    /**
     * Counts the unfinished tasks: items accepted by sends and not yet marked done, dropped or
     * cancelled.
     *
     * @return the count, a snapshot
     */
    long unfinishedTasks();

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
