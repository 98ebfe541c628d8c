package dev.conduit.workqueue;

/**
 * A snapshot of a queue's counts, as its store knows them.
 *
 * @param queued   items stored and never delivered
 * @param inFlight items delivered at least once and neither done nor dead: held by a worker, waiting
 *                 for a retry delay, or waiting for redelivery after a lease ran out
 * @param done     items marked done
 * @param dead     items in the dead letters
 */
public record WorkQueueStats(long queued, long inFlight, long done, long dead) {
    /**
     * Counts the unfinished items.
     *
     * @return {@code queued + inFlight}: the tasks not finished, as {@link WorkQueue#unfinishedTasks()}
     */
    public long unfinished() {
        return queued + inFlight;
    }
}
