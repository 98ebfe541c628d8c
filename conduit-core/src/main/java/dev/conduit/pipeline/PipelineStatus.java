package dev.conduit.pipeline;

/** How a pipeline run ended, or that it has not ended yet. */
public enum PipelineStatus {
    /** Still running. */
    RUNNING,
    /** Every item went through; items skipped under {@link ErrorPolicy#skip()} are in the failures. */
    COMPLETED,
    /** A failure under {@link ErrorPolicy#failFast()} (or of the source) stopped every stage. */
    FAILED,
    /** {@link RunningPipeline#cancel()} stopped every stage. */
    CANCELLED,
    /** The pipeline's {@link Pipeline#timeout(java.time.Duration) timeout} ran out and stopped every stage. */
    TIMED_OUT
}
