package dev.conduit.pipeline;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeoutException;

/**
 * A pipeline that has been {@linkplain Pipeline#start() started}: watch it, stop it, wait for it.
 * All methods are thread-safe and may be called from any thread.
 *
 * <p>Memory consistency effects: everything the pipeline's workers did happens-before
 * {@link #await()} returns (or throws with a result attached).
 *
 * @param <T> the type of the items that come out of the last stage
 */
public interface RunningPipeline<T> {

    /**
     * Live counts per stage, in flow order, the source first. Never blocks.
     *
     * @return a snapshot; counts are approximate while the run goes on
     */
    List<StageProgress> progress();

    /**
     * Live statistics (see {@link PipelineStats}); the same as the final ones once the run ended.
     * Never blocks for long.
     *
     * @return a snapshot
     */
    PipelineStats stats();

    /**
     * Tells whether the run is still going, and how it ended.
     *
     * @return {@link PipelineStatus#RUNNING} until the run ends, then how it ended
     */
    PipelineStatus status();

    /**
     * Stops every stage now: the channels between stages are cancelled and their items, and the items
     * workers were holding, are reported in {@link PipelineResult#notProcessed()}; worker threads are
     * interrupted. Does not wait for the workers to end (call {@link #await()} for that). Has no
     * effect if the run already ended.
     *
     * @return {@code true} if this call stopped the run, {@code false} if it had already ended or been stopped
     */
    boolean cancel();

    /**
     * Waits until every worker has ended and its thread is gone, then returns the result.
     *
     * @return the result of a run that {@linkplain PipelineStatus#COMPLETED completed} or was
     *         {@linkplain PipelineStatus#CANCELLED cancelled}
     * @throws PipelineFailedException if the run {@linkplain PipelineStatus#FAILED failed} or
     *                                 {@linkplain PipelineStatus#TIMED_OUT timed out}; it carries
     *                                 the result
     * @throws InterruptedException    if the waiting thread is interrupted; the run goes on
     */
    PipelineResult<T> await() throws InterruptedException;

    /**
     * Waits at most {@code timeout} for the run to end, like {@link #await()}. Running out of time does
     * not stop the pipeline (use {@link Pipeline#timeout(Duration)} or {@link #cancel()} for that).
     *
     * @param timeout the longest wait
     * @return the result, as for {@link #await()}
     * @throws TimeoutException        if the run has not ended in time
     * @throws PipelineFailedException as for {@link #await()}
     * @throws InterruptedException    if the waiting thread is interrupted; the run goes on
     */
    PipelineResult<T> await(Duration timeout) throws InterruptedException, TimeoutException;
}
