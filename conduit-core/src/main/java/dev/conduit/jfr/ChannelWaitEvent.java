package dev.conduit.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Threshold;

/**
 * A send that waited for room, or a receive that waited for an item, for at least the threshold
 * (10 ms unless the recording's settings say otherwise). The event's thread is the one that waited,
 * its duration the wait, and its stack trace where the wait was. It covers the part of the wait
 * spent queued in the channel (spinning, then parked); a ring channel's first moments of spinning
 * before it queues, a few microseconds to a millisecond, are not in it. Waits of a
 * {@code Select} are not recorded.
 */
@Name("dev.conduit.ChannelWait")
@Label("Channel Wait")
@Category({"Conduit", "Channel"})
@Description("A send waiting for room or a receive waiting for an item in a Conduit channel")
@Threshold("10 ms")
final class ChannelWaitEvent extends Event {
    @Label("Channel")
    @Description("The channel's name")
    String channel;

    @Label("Side")
    @Description("put: a send waiting for room; take: a receive waiting for an item")
    String side;

    @Label("Outcome")
    @Description("How the wait ended: served, closed, timed out or interrupted")
    String outcome;

    @Label("Capacity")
    @Description("The channel's capacity (2147483647 when unbounded, 0 for rendezvous)")
    int capacity;
}
