package dev.conduit.workqueue;

import dev.conduit.channel.ChannelClosedException;

import java.time.Duration;
import java.util.function.Consumer;

/**
 * A queue of work items shared by threads, processes and machines, with Conduit's channel
 * semantics: {@code put} waits while a bounded queue is full, {@code close} ends the input so that
 * workers finish what is queued or in flight and then stop, {@code cancel} hands back what was not
 * processed, and task accounting ({@code unfinishedTasks}, {@code awaitTasks}) is exact.
 *
 * <h2>Deliveries, leases and the guarantee</h2>
 * A worker {@link #take}s a {@link Delivery} and settles it: {@link Delivery#done()} (the
 * {@code taskDone} of a channel), {@link Delivery#retry} or {@link Delivery#dead}. Until then the
 * item is <i>in flight</i>. A delivery not settled within the {@linkplain #lease() lease} (its worker
 * died, hung, or lost its connection) is delivered again. Every item stored by a {@code put} that
 * returned normally ends done, dead or handed back by {@code cancel}: <b>at least once, nothing
 * lost</b>. An item can be processed twice (a lease ran out while its worker was still on it; a
 * broker restart handed out again what was in flight), so the work should be idempotent.
 *
 * <h2>Poison items</h2>
 * An item delivered {@link #maxDeliveries()} times that is not done goes to the dead letters with
 * the reason of its last failure (or, if its workers died, with a reason saying so), so that it
 * cannot hold up the end of the queue. Bytes that do not decode are dead at once.
 *
 * <h2>Closing</h2>
 * <table class="striped">
 *   <caption>What each party sees after a close</caption>
 *   <tr><th></th><th>{@link #close()} / {@link #close(Throwable) close(cause)}</th><th>{@link #cancel}</th></tr>
 *   <tr><td>new and waiting sends</td><td colspan="2">throw {@link ChannelClosedException}; a send
 *       that threw did not store its item</td></tr>
 *   <tr><td>queued and in-flight items</td><td>still delivered and settled as usual</td>
 *       <td>removed and handed to the callback, in flight ones included (their late settlements
 *       change nothing)</td></tr>
 *   <tr><td>{@code take}</td><td>throws {@link ChannelClosedException} (with the cause, as a
 *       {@link RemoteCause} when the closer was another process) once nothing is queued and nothing
 *       is in flight anywhere</td><td>throws at once ({@link ChannelClosedException#wasCancelled()})</td></tr>
 * </table>
 * A worker that still waits when the last item in flight comes back (its worker died after the
 * close) gets it: the end is reached only when nothing can come back. Closing is idempotent and
 * visible to every process.
 *
 * <h2>Blocking, interruption, failures</h2>
 * Blocking methods throw {@link InterruptedException} when interrupted; an interrupted send may or
 * may not have stored its item (the store may have it already), an interrupted receive takes nothing
 * (an item the store had sent is delivered again). While the store cannot be reached, operations
 * retry for the queue's patience and then throw {@link WorkQueueUnavailableException}. No method
 * holds a monitor while waiting, so virtual threads do not pin.
 *
 * <h2>Memory consistency effects</h2>
 * Actions before a {@code put} happen-before the receipt of its item by the taker; actions before a
 * settlement happen-before an {@code awaitTasks} that returns {@code true} because of it, in any
 * process (the store orders them).
 *
 * @param <T> the item type
 */
public interface WorkQueue<T> {

    /**
     * Names the queue.
     *
     * @return the queue's name, as the store knows it
     */
    String name();

    // ---------------------------------------------------------------- sending

    /**
     * Stores an item, waiting while the queue is full. Returns only once the store has it.
     *
     * @param item the item, not {@code null}
     * @throws InterruptedException          if interrupted while waiting
     * @throws ChannelClosedException        if the queue is closed for sending; the item was not stored
     * @throws WorkQueueUnavailableException if the store could not be reached within the patience
     * @throws IllegalArgumentException      if the codec cannot encode the item
     */
    void put(T item) throws InterruptedException;

    /**
     * Stores an item, waiting at most {@code timeout} for room.
     *
     * @param item    the item, not {@code null}
     * @param timeout the longest wait for room; zero or negative means do not wait
     * @return {@code true} if stored, {@code false} if the queue stayed full (the item was not stored)
     * @throws InterruptedException          if interrupted while waiting
     * @throws ChannelClosedException        if the queue is closed for sending
     * @throws WorkQueueUnavailableException if the store could not be reached within the patience
     */
    boolean offer(T item, Duration timeout) throws InterruptedException;

    // ---------------------------------------------------------------- receiving

    /**
     * Takes the next delivery, waiting for one.
     *
     * @return the delivery, to be settled by the caller
     * @throws InterruptedException   if interrupted while waiting
     * @throws ChannelClosedException once the queue is closed and nothing is queued or in flight, or
     *                                at once when it was cancelled
     */
    Delivery<T> take() throws InterruptedException;

    /**
     * Takes the next delivery, waiting at most {@code timeout}.
     *
     * @param timeout the longest wait
     * @return the delivery, or {@code null} if none came in time or the queue is closed and finished
     * @throws InterruptedException if interrupted while waiting
     */
    Delivery<T> poll(Duration timeout) throws InterruptedException;

    // ---------------------------------------------------------------- closing

    /** Closes the queue for sending, for every process; queued and in-flight items are still delivered. */
    void close();

    /**
     * Closes the queue like {@link #close()}, recording {@code cause}: workers that reach the end get a
     * {@link ChannelClosedException} whose cause it is (in other processes a {@link RemoteCause}
     * with its class name and message). Only the first close records a cause.
     *
     * @param cause why, not {@code null}
     */
    void close(Throwable cause);

    /**
     * Closes the queue at once and removes every item not yet done or dead, queued and in flight,
     * handing each to {@code undelivered} once (items whose bytes do not decode go to the dead
     * letters instead). Items are streamed to the callback rather than returned, because a queue can
     * hold millions. An item in flight at the cancel may also have been processed by its worker,
     * whose settlement then changes nothing. Calling it again hands back what is left (nothing, unless
     * an earlier cancel was cut short).
     *
     * @param undelivered receives the removed items, on the calling thread
     * @return how many items were handed back
     * @throws WorkQueueUnavailableException if the store could not be reached within the patience
     */
    long cancel(Consumer<? super T> undelivered);

    /**
     * Tells whether puts now fail.
     *
     * @return {@code true} once the queue was closed or cancelled, by any process
     */
    boolean isClosedForSend();

    /**
     * Tells whether the queue has ended for its consumers.
     *
     * @return {@code true} once the queue is closed and nothing is queued or in flight, or it was cancelled
     */
    boolean isClosedForReceive();

    // ---------------------------------------------------------------- task accounting

    /**
     * Counts the unfinished items.
     *
     * @return items stored and neither done, dead nor handed back: queued plus in flight, as the
     *         store counts them now (settlements on their way may make it briefly too high, never too low)
     */
    long unfinishedTasks();

    /**
     * Waits until no task is unfinished.
     *
     * @param timeout the longest wait
     * @return {@code true} if every task is finished, {@code false} if the time ran out first
     * @throws InterruptedException if interrupted while waiting
     */
    boolean awaitTasks(Duration timeout) throws InterruptedException;

    /**
     * Counts the queue's items by state.
     *
     * @return the counts of the queue now
     */
    WorkQueueStats stats();

    /**
     * Passes every dead letter, oldest first, to {@code action}, on the calling thread. Reading
     * removes nothing.
     *
     * @param action receives each dead letter
     */
    void forEachDeadLetter(Consumer<? super DeadLetter<T>> action);

    // ---------------------------------------------------------------- settings

    /**
     * Gives the queue's lease.
     *
     * @return how long a delivery may stay unsettled before its item is delivered again
     */
    Duration lease();

    /**
     * Gives the most deliveries an item gets.
     *
     * @return how many deliveries an item gets before it is dead
     */
    int maxDeliveries();
}
