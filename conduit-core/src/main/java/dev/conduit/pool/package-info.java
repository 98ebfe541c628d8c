/**
 * Worker pools: a fixed number of platform threads or a limited number of virtual threads, fed by a
 * bounded {@link dev.conduit.channel.Channel}, so that a full queue slows the submitter down instead
 * of rejecting work or growing without bound, and no task failure is ever silently lost.
 *
 * <p>Start at {@link dev.conduit.pool.WorkerPool}.
 */
package dev.conduit.pool;
