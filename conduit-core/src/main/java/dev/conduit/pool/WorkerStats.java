package dev.conduit.pool;

import java.time.Duration;

/**
 * What one worker of a {@link WorkerPool} did so far: a snapshot, each value read separately.
 *
 * @param worker the worker thread's name
 * @param tasks  tasks it ran to completion (normally or by failing)
 * @param busy   time spent running tasks
 * @param idle   time spent waiting for a task
 */
public record WorkerStats(String worker, long tasks, Duration busy, Duration idle) {
}
