/**
 * Pipelines: a source, stages that run in parallel on worker threads and talk through bounded
 * {@link dev.conduit.channel.Channel}s, and a sink, built with the fluent {@link dev.conduit.pipeline.Pipeline}.
 *
 * <p>What they promise:
 * <ul>
 *   <li><b>Backpressure.</b> Every channel between stages is bounded; a fast stage waits for a slow
 *       one, so memory stays bounded.</li>
 *   <li><b>No sentinels.</b> End of stream travels by closing channels.</li>
 *   <li><b>No silent drops.</b> A failing item stops the run or is listed with its exception
 *       ({@link dev.conduit.pipeline.ErrorPolicy}); a cancelled or timed-out run lists the items it
 *       had in flight ({@link dev.conduit.pipeline.PipelineResult#notProcessed()}).</li>
 *   <li><b>It tells you where the time went.</b> {@link dev.conduit.pipeline.PipelineResult#report()}
 *       shows, per stage, how much of the workers' time was busy, starved for input or blocked on
 *       output, how full each channel was, and names the bottleneck; a stall watchdog explains a
 *       pipeline that stopped moving.</li>
 * </ul>
 *
 * <p>The builder lives here; the engine that runs it is in a non-exported internal package.
 */
package dev.conduit.pipeline;
