package dev.conduit.pipeline;

/**
 * What one bounded channel between two stages saw during a run.
 *
 * @param channel          the channel's name, {@code "from->to"}
 * @param from             the stage that puts into it
 * @param to               the stage that takes from it
 * @param capacity         its capacity in items
 * @param averageFill      the average number of items in it, sampled over the run; {@code NaN} if
 *                         the run was too short to sample
 * @param peakFill         the most items it held at once
 * @param putBlockedNanos  time the upstream workers spent waiting for room, summed over workers
 * @param takeStarvedNanos time the downstream workers spent waiting for items, summed over workers
 */
public record LinkStats(String channel, String from, String to, int capacity, double averageFill, int peakFill,
                        long putBlockedNanos, long takeStarvedNanos) {
}
