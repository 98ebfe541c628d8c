package dev.conduit.pipeline;

/**
 * A live count of what one stage has done so far (see {@link RunningPipeline#progress()}). Each
 * count is read separately while workers run, so the numbers are approximate until the run ends.
 *
 * @param stage  the stage's name
 * @param in     items taken from its input
 * @param out    items emitted (for a sink: consumed without error)
 * @param failed items whose function failed
 */
public record StageProgress(String stage, long in, long out, long failed) {
}
