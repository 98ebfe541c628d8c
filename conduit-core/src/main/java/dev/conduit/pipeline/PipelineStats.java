package dev.conduit.pipeline;

import java.time.Duration;
import java.util.List;

/**
 * Where the time went in a pipeline run: per stage, per channel between stages, and the bottleneck.
 * {@link #render()} prints it as a plain-text table; the records are there for programs.
 *
 * @param pipeline     the pipeline's name
 * @param status       how the run ended ({@link PipelineStatus#RUNNING} for a live snapshot)
 * @param elapsed      the run's wall-clock time so far
 * @param stages       the stages in flow order, the source first
 * @param links        the channels between stages, in flow order
 * @param failed       items listed in the failures
 * @param notProcessed items reported as not processed because the run was stopped
 * @param bottleneck   which stage limited the run, and why
 */
public record PipelineStats(String pipeline, PipelineStatus status, Duration elapsed, List<StageStats> stages,
                            List<LinkStats> links, long failed, long notProcessed, Bottleneck bottleneck) {

    /**
     * Looks up a stage by name.
     *
     * @param name the stage's name
     * @return its statistics
     * @throws IllegalArgumentException if there is no such stage
     */
    public StageStats stage(String name) {
        return stages.stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow(
                () -> new IllegalArgumentException("no stage named '" + name + "' in pipeline '" + pipeline
                        + "'; stages are " + stages.stream().map(StageStats::name).toList()));
    }

    /**
     * Renders the statistics for a person to read.
     *
     * @return the statistics as a plain-text table, with the bottleneck verdict on the last line
     */
    public String render() {
        return StatsTable.render(this);
    }

    @Override
    public String toString() {
        return render();
    }
}
