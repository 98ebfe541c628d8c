package dev.conduit.workqueue;

import java.time.Duration;

/**
 * One delivery of one item to one worker. The worker settles it exactly once: {@link #done()}
 * (Conduit's {@code taskDone}), {@link #retry} (deliver it again later) or {@link #dead} (give up,
 * with a reason). A delivery not settled within the queue's {@linkplain WorkQueue#lease() lease}
 * is delivered again, to this worker or another: that is how the items of a worker that died come
 * back. A long item keeps its lease with {@link #keepAlive()}, or a {@link LeaseKeeper} does it.
 *
 * <h2>Threads and visibility</h2>
 * A delivery may be settled from any thread, once. The methods do not block for long: engines send
 * settlements asynchronously and re-send them after a reconnect, so a settlement lost on the way
 * costs a second delivery, never the item. Actions of the putting thread before
 * {@link WorkQueue#put} happen-before {@link #item()} returns in the worker (the item is decoded
 * from the bytes that were stored).
 *
 * <h2>Stale deliveries</h2>
 * If the lease ran out and the item was delivered again elsewhere, this delivery is stale:
 * {@code done()} and {@code dead()} still settle the item (at least once: the work was done), while
 * {@code retry} and {@code keepAlive} change nothing.
 *
 * @param <T> the item type
 */
public interface Delivery<T> {

    /**
     * Gives the delivered item.
     *
     * @return the item, decoded
     */
    T item();

    /**
     * Identifies the stored item this delivery carries.
     *
     * @return the item's identity in its queue: the same on every delivery of one stored item,
     *         different for different items (a broker's sequence number)
     */
    long id();

    /**
     * Counts the deliveries of this item so far.
     *
     * @return how many times this item was delivered, this delivery included (1 the first time)
     */
    int deliveryCount();

    /**
     * Marks the item finished: it leaves the queue and counts as done.
     *
     * @throws IllegalStateException if this delivery was already settled
     */
    void done();

    /**
     * Hands the item back to be delivered again after {@code delay}. If this was its last allowed
     * delivery ({@link WorkQueue#maxDeliveries()}), the item goes to the dead letters instead, with
     * {@code reason}.
     *
     * @param delay  how long before it may be delivered again; zero for at once
     * @param reason why it failed this time, kept if it ends dead
     * @throws IllegalStateException if this delivery was already settled
     */
    void retry(Duration delay, String reason);

    /**
     * Gives up on the item: it leaves the queue and is kept in its dead letters with {@code reason}.
     *
     * @param reason why, in a form a person can act on
     * @throws IllegalStateException if this delivery was already settled
     */
    void dead(String reason);

    /** Restarts the lease of an unsettled delivery (does nothing once settled or stale). */
    void keepAlive();

    /**
     * Tells whether this delivery was settled.
     *
     * @return {@code true} once {@link #done}, {@link #retry} or {@link #dead} was called on this delivery
     */
    boolean isSettled();
}
