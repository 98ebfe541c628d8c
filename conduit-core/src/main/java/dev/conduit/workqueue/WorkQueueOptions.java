package dev.conduit.workqueue;

import java.time.Duration;
import java.util.Objects;

/**
 * The settings of a work queue. Immutable; each {@code with}-style method returns a copy.
 *
 * @param capacity      the most items stored at once (queued plus in flight); a full queue makes
 *                      {@code put} wait and {@code offer} give up; {@link #UNBOUNDED} for no limit
 * @param lease         how long a delivery may stay unsettled, without {@link Delivery#keepAlive()},
 *                      before the item is delivered again
 * @param maxDeliveries how many deliveries an item gets; an item delivered this often whose last
 *                      delivery asks for a retry (or that is delivered once more after its lease ran
 *                      out) goes to the dead letters
 * @param patience      how long an operation keeps retrying while the store cannot be reached before
 *                      it throws {@link WorkQueueUnavailableException}
 */
public record WorkQueueOptions(int capacity, Duration lease, int maxDeliveries, Duration patience) {
    /** A capacity meaning no limit. */
    public static final int UNBOUNDED = Integer.MAX_VALUE;

    /** Checks the settings; each must be positive. */
    public WorkQueueOptions {
        if (capacity < 1) {
            throw new IllegalArgumentException("work queue capacity must be at least 1, was " + capacity);
        }
        Objects.requireNonNull(lease, "lease");
        if (lease.toMillis() < 1) {
            throw new IllegalArgumentException("work queue lease must be at least 1 ms, was " + lease);
        }
        if (maxDeliveries < 1) {
            throw new IllegalArgumentException("work queue max deliveries must be at least 1, was " + maxDeliveries);
        }
        Objects.requireNonNull(patience, "patience");
        if (patience.isNegative()) {
            throw new IllegalArgumentException("work queue patience must not be negative, was " + patience);
        }
    }

    /**
     * Gives the default options.
     *
     * @return unbounded, a lease of 30 s, 5 deliveries, a patience of 2 minutes
     */
    public static WorkQueueOptions defaults() {
        return new WorkQueueOptions(UNBOUNDED, Duration.ofSeconds(30), 5, Duration.ofMinutes(2));
    }

    /**
     * Returns a copy with another capacity.
     *
     * @param items the capacity
     * @return a copy of these options with it; this object is unchanged
     */
    public WorkQueueOptions capacity(int items) {
        return new WorkQueueOptions(items, lease, maxDeliveries, patience);
    }

    /**
     * Returns a copy with another lease.
     *
     * @param duration the lease
     * @return a copy of these options with it; this object is unchanged
     */
    public WorkQueueOptions lease(Duration duration) {
        return new WorkQueueOptions(capacity, duration, maxDeliveries, patience);
    }

    /**
     * Returns a copy with another limit of deliveries per item.
     *
     * @param deliveries the most deliveries per item
     * @return a copy of these options with it; this object is unchanged
     */
    public WorkQueueOptions maxDeliveries(int deliveries) {
        return new WorkQueueOptions(capacity, lease, deliveries, patience);
    }

    /**
     * Returns a copy with another patience.
     *
     * @param duration how long to retry an unreachable store
     * @return a copy of these options with it; this object is unchanged
     */
    public WorkQueueOptions patience(Duration duration) {
        return new WorkQueueOptions(capacity, lease, maxDeliveries, duration);
    }

    /**
     * Tells whether the queue has no bound.
     *
     * @return {@code true} if {@link #capacity()} is {@link #UNBOUNDED}
     */
    public boolean unbounded() {
        return capacity == UNBOUNDED;
    }
}
