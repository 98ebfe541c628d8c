package dev.conduit.channel;

/**
 * A snapshot of what a channel has done, for finding which side of it is the bottleneck.
 *
 * <p>Waiting times are summed over all threads: two putters blocked for one second each add two
 * seconds of {@code putBlockedNanos}. A putter blocked on a full channel means the consumers are
 * slower than the producers; a taker starved on an empty channel means the opposite. In the
 * lock-free ring (the default bounded channel) the briefest waits, the first few retries or a
 * spin of a few microseconds, are not timed, because reading the clock would cost as much as the
 * wait; a longer wait is timed from the end of those first tries, so it is counted a little short. Counts are
 * exact once the channel is quiescent; while threads are working, each field is read separately
 * and the snapshot is approximate.
 *
 * @param name             the channel's name
 * @param capacity         the channel's capacity ({@link Integer#MAX_VALUE} when unbounded, 0 for rendezvous)
 * @param size             items buffered when the snapshot was taken
 * @param peakSize         the most items that were ever buffered at once
 * @param sent             items accepted by a send (including ones later dropped or cancelled)
 * @param received         items handed to receivers
 * @param dropped          items dropped by the overflow policy or discarded by {@link Channel#cancel()}
 * @param putBlockedNanos  total time senders spent waiting for room
 * @param takeStarvedNanos total time receivers spent waiting for an item
 */
public record ChannelStats(String name, int capacity, int size, int peakSize, long sent, long received,
                           long dropped, long putBlockedNanos, long takeStarvedNanos) {

    /**
     * Reads as a person would: for example {@code downloads: capacity 16, size 3 (peak 16), sent
     * 1000, received 997, dropped 0, put blocked 1.24 s, take starved 12.0 ms}.
     *
     * @return the snapshot in one line, waiting times in the unit that suits them
     */
    @Override
    public String toString() {
        String cap = capacity == Integer.MAX_VALUE ? "unbounded" : capacity == 0 ? "rendezvous" : "capacity " + capacity;
        return name + ": " + cap + ", size " + size + " (peak " + peakSize + "), sent " + sent + ", received "
                + received + ", dropped " + dropped + ", put blocked " + duration(putBlockedNanos)
                + ", take starved " + duration(takeStarvedNanos);
    }

    /** Three significant digits in ns, us, ms or s; whole minutes and seconds beyond a minute. */
    private static String duration(long nanos) {
        if (nanos < 1_000) {
            return nanos + " ns";
        }
        if (nanos >= 60_000_000_000L) {
            long seconds = nanos / 1_000_000_000L;
            return seconds / 60 + " min " + seconds % 60 + " s";
        }
        double value = nanos;
        String unit = "ns";
        for (String next : new String[] {"us", "ms", "s"}) {
            if (value < 1_000) {
                break;
            }
            value /= 1_000;
            unit = next;
        }
        String digits = value >= 100 ? String.format(java.util.Locale.ROOT, "%.0f", value)
                : value >= 10 ? String.format(java.util.Locale.ROOT, "%.1f", value)
                : String.format(java.util.Locale.ROOT, "%.2f", value);
        return digits + " " + unit;
    }
}
