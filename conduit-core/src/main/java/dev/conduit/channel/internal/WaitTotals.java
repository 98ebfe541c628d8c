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
 * <p>Layout by inheritance (the JVM lays out a superclass's fields first): 64 bytes of padding,
 * the put total, 64 bytes, the take total, 64 bytes. The outer padding matters: the object is
 * made by a waiting thread, and what that thread allocates next lands right after it.
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
    /** A cache line between the take total and whatever the heap holds after this object. */
    @SuppressWarnings("unused")
    private long t0, t1, t2, t3, t4, t5, t6, t7;

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

/** A cache line between the object header (and whatever the heap holds before it) and the put total. */
@SuppressWarnings("unused")
class WaitTotalsHead {
    private long h0, h1, h2, h3, h4, h5, h6, h7;
}

/** The first total of {@link WaitTotals}. */
class WaitTotalsPut extends WaitTotalsHead {
    /** Total time senders waited for room. */
    volatile long putBlockedNanos;
}

/** A cache line between the two totals of {@link WaitTotals}. */
@SuppressWarnings("unused")
class WaitTotalsPadding extends WaitTotalsPut {
    private long p0, p1, p2, p3, p4, p5, p6, p7;
}
