package dev.conduit.pipeline;

/**
 * Thrown by {@link Pipeline#run()} and {@link RunningPipeline#await()} when a run failed (a failure
 * under {@link ErrorPolicy#failFast()}, a failing source) or timed out. It names the stage and the
 * item, its cause is the function's exception, and it carries the whole result, including the items
 * that were not processed.
 */
public class PipelineFailedException extends RuntimeException {
    private final transient ItemFailure failure;
    private final transient PipelineResult<?> result;

    /**
     * Creates the exception.
     *
     * @param message what happened
     * @param failure the failure that stopped the run, or {@code null} for a timeout
     * @param result  the run's result
     * @param cause   the function's exception, or what stopped the run
     */
    public PipelineFailedException(String message, ItemFailure failure, PipelineResult<?> result, Throwable cause) {
        super(message, cause);
        this.failure = failure;
        this.result = result;
    }

    /**
     * Tells what stopped the run.
     *
     * @return the failure that stopped the run: stage, item, exception; {@code null} for a timeout
     */
    public ItemFailure failure() {
        return failure;
    }

    /**
     * Gives the failed run's result, with everything it did before it stopped.
     *
     * @return the run's result: outputs so far, failures, items not processed, statistics
     */
    public PipelineResult<?> result() {
        return result;
    }
}
