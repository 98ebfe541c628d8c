package dev.conduit.pipeline;

/**
 * What one stage did during a run. The source counts as a stage (its "function" is reading the
 * source), and so does a sink. Worker time is split three ways that add up to the workers' total
 * time alive: busy (in the stage's function and the bookkeeping around it), starved (waiting for an
 * item on the input channel) and blocked (waiting for room in the output channel, or for its turn to
 * emit in an {@linkplain Pipeline#ordered() ordered} stage).
 *
 * @param name           the stage's name
 * @param workers        how many worker threads it ran
 * @param virtualThreads whether they were virtual threads
 * @param in             items it took from its input
 * @param out            items it emitted (for a sink: items it consumed without error)
 * @param failed         items whose function failed (after retries)
 * @param itemsPerSecond items taken per second of the run's elapsed time
 * @param busyNanos      worker time in the function, summed over workers
 * @param starvedNanos   worker time waiting for input, summed over workers
 * @param blockedNanos   worker time waiting to emit, summed over workers
 */
public record StageStats(String name, int workers, boolean virtualThreads, long in, long out, long failed,
                         double itemsPerSecond, long busyNanos, long starvedNanos, long blockedNanos) {

    /**
     * Adds up the time the stage's workers were alive.
     *
     * @return the workers' total time alive: busy + starved + blocked
     */
    public long workerNanos() {
        return busyNanos + starvedNanos + blockedNanos;
    }

    /**
     * Tells how much of its time the stage worked.
     *
     * @return the share of worker time spent busy, 0 to 1 (0 if the workers never ran)
     */
    public double busyShare() {
        return share(busyNanos);
    }

    /**
     * Tells how much of its time the stage waited for input.
     *
     * @return the share of worker time spent waiting for input, 0 to 1
     */
    public double starvedShare() {
        return share(starvedNanos);
    }

    /**
     * Tells how much of its time the stage waited for room downstream.
     *
     * @return the share of worker time spent waiting for room downstream, 0 to 1
     */
    public double blockedShare() {
        return share(blockedNanos);
    }

    private double share(long nanos) {
        long total = workerNanos();
        return total <= 0 ? 0 : (double) nanos / total;
    }
}
