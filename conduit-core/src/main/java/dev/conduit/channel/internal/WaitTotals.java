package dev.conduit.channel.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A channel's two wait-time totals for {@code stats()}, kept apart from the channel's own fields
 * and from each other: a sender adds to one and a receiver to the other after most waits, and a
 * total on a line that the partner reads (the channel's state) or writes (the other total) costs
 * a cache-line transfer per wait. Created by a channel's first wait, so an idle channel pays only
 * the reference.
 *
 * <p>Layout by inheritance (the JVM lays out a superclass's fields first): the put total, then
 * 64 bytes of padding, then the take total.
 */
final class WaitTotals extends WaitTotalsPadding {
    private static final VarHandle PUT, TAKE;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            PUT = l.findVarHandle(WaitTotalsPut.class, "putBlockedNanos", long.class);
            TAKE = l.findVarHandle(WaitTotals.class, "takeStarvedNanos", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Total time receivers waited for an item. */
    private volatile long takeStarvedNanos;

    void addPutBlocked(long nanos) {
        PUT.getAndAdd(this, nanos);
    }

    void addTakeStarved(long nanos) {
        TAKE.getAndAdd(this, nanos);
    }

    long putBlockedNanos() {
        return putBlockedNanos;
    }

    long takeStarvedNanos() {
        return takeStarvedNanos;
    }
}

/** The first field of {@link WaitTotals}. */
class WaitTotalsPut {
    /** Total time senders waited for room. */
    volatile long putBlockedNanos;
}

/** A cache line between the two totals of {@link WaitTotals}. */
@SuppressWarnings("unused")
class WaitTotalsPadding extends WaitTotalsPut {
    private long p0, p1, p2, p3, p4, p5, p6, p7;
}
