package dev.conduit.micrometer;

import dev.conduit.pipeline.PipelineStats;
import dev.conduit.pipeline.PipelineStatus;
import dev.conduit.pipeline.RunningPipeline;
import dev.conduit.pipeline.StageProgress;
import dev.conduit.pipeline.StageStats;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.binder.MeterBinder;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

/**
 * Meters for a running pipeline, one set per stage (the source counts as a stage, and so does a
 * sink), tagged {@code pipeline=<name>}, {@code stage=<name>} plus the tags given:
 *
 * <table>
 *   <caption>Meters</caption>
 *   <tr><th>name</th><th>type</th><th>unit</th><th>what</th></tr>
 *   <tr><td>{@code conduit.pipeline.stage.items.in}</td><td>counter</td><td>items</td><td>items the stage took from its input</td></tr>
 *   <tr><td>{@code conduit.pipeline.stage.items.out}</td><td>counter</td><td>items</td><td>items it emitted (a sink: consumed without error)</td></tr>
 *   <tr><td>{@code conduit.pipeline.stage.items.failed}</td><td>counter</td><td>items</td><td>items whose function failed</td></tr>
 *   <tr><td>{@code conduit.pipeline.stage.busy}</td><td>time gauge</td><td>seconds</td><td>worker time in the stage's function, summed over workers</td></tr>
 *   <tr><td>{@code conduit.pipeline.stage.starved}</td><td>time gauge</td><td>seconds</td><td>worker time waiting for input</td></tr>
 *   <tr><td>{@code conduit.pipeline.stage.blocked}</td><td>time gauge</td><td>seconds</td><td>worker time waiting for room downstream or for its turn</td></tr>
 *   <tr><td>{@code conduit.pipeline.stage.workers}</td><td>gauge</td><td>threads</td><td>the stage's worker threads</td></tr>
 *   <tr><td>{@code conduit.pipeline.running}</td><td>gauge</td><td></td><td>1 while the run goes on, 0 once it ended
 *       (tagged with the pipeline only)</td></tr>
 * </table>
 *
 * <p>The item counters read {@link RunningPipeline#progress()}; the times read
 * {@link RunningPipeline#stats()}, taken again when the last snapshot is older than
 * {@value #MAX_AGE_MILLIS} ms or the run's status changed since (so one registry poll reads every
 * stage from one snapshot, and the first poll after {@link RunningPipeline#await()} returned reads
 * the run's final {@link PipelineStats}). Nothing is added to the stages' work.
 *
 * <p>Why the times are gauges and not counters: a worker's wait is moved from busy to starved or
 * blocked when it ends (see {@link StageStats}), so during a long wait the stage's busy time grows
 * and then steps back, which a counter must never do. The three times always add up to the
 * workers' time alive; the share of each over an interval is the difference of two readings
 * divided by the difference of their sum.
 *
 * <p>The meters hold the pipeline weakly; they stay registered after the run ends, reading its
 * final statistics while the pipeline is referenced. Thread-safety: bind from any thread; the
 * meters may be read from any thread while the pipeline runs.
 */
public final class PipelineMetrics implements MeterBinder {
    /** The longest a snapshot of a running pipeline's statistics is reused. */
    public static final long MAX_AGE_MILLIS = 100;

    private final RunningPipeline<?> pipeline;
    private final Tags tags;

    /**
     * Meters for {@code pipeline}, tagged with its name and its stages' names only.
     *
     * @param pipeline the started pipeline to measure
     * @throws NullPointerException if {@code pipeline} is {@code null}
     */
    public PipelineMetrics(RunningPipeline<?> pipeline) {
        this(pipeline, Tags.empty());
    }

    /**
     * Meters for {@code pipeline}, tagged with its name, its stages' names and {@code tags}.
     *
     * @param pipeline the started pipeline to measure
     * @param tags     more tags for every meter
     * @throws NullPointerException if {@code pipeline} or {@code tags} is {@code null}
     */
    public PipelineMetrics(RunningPipeline<?> pipeline, Iterable<Tag> tags) {
        this.pipeline = Objects.requireNonNull(pipeline, "pipeline to measure must not be null");
        this.tags = Tags.of(Objects.requireNonNull(tags, "tags must not be null (use Tags.empty())"));
    }

    /**
     * Registers the pipeline's meters with {@code registry}: the stages are those the pipeline has
     * when this is called (a pipeline's stages never change once it started).
     *
     * @param registry the registry to register with
     */
    @Override
    public void bindTo(MeterRegistry registry) {
        Objects.requireNonNull(registry, "registry must not be null");
        Snapshots snapshots = new Snapshots();
        PipelineStats first = snapshots.get(pipeline);
        Tags pipelineTags = tags.and("pipeline", first.pipeline());
        Gauge.builder("conduit.pipeline.running", pipeline, p -> p.status() == PipelineStatus.RUNNING ? 1 : 0)
                .tags(pipelineTags).description("1 while the pipeline runs, 0 once the run ended").register(registry);

        List<StageStats> stages = first.stages();
        for (int i = 0; i < stages.size(); i++) {
            int index = i;
            Tags stageTags = pipelineTags.and("stage", stages.get(i).name());
            counter(registry, "conduit.pipeline.stage.items.in", "Items the stage took from its input", stageTags,
                    index, StageProgress::in);
            counter(registry, "conduit.pipeline.stage.items.out",
                    "Items the stage emitted (a sink: consumed without error)", stageTags, index, StageProgress::out);
            counter(registry, "conduit.pipeline.stage.items.failed", "Items whose function failed", stageTags,
                    index, StageProgress::failed);
            time(registry, "conduit.pipeline.stage.busy", "Worker time in the stage's function, summed over workers",
                    stageTags, p -> snapshots.get(p).stages().get(index).busyNanos());
            time(registry, "conduit.pipeline.stage.starved", "Worker time waiting for input, summed over workers",
                    stageTags, p -> snapshots.get(p).stages().get(index).starvedNanos());
            time(registry, "conduit.pipeline.stage.blocked",
                    "Worker time waiting for room downstream or for its turn, summed over workers", stageTags,
                    p -> snapshots.get(p).stages().get(index).blockedNanos());
            Gauge.builder("conduit.pipeline.stage.workers", pipeline,
                            p -> snapshots.get(p).stages().get(index).workers())
                    .tags(stageTags).description("The stage's worker threads").baseUnit("threads").register(registry);
        }
    }

    private void counter(MeterRegistry registry, String name, String description, Tags stageTags, int index,
                         ToLongFunction<StageProgress> value) {
        ToDoubleFunction<RunningPipeline<?>> read = p -> value.applyAsLong(p.progress().get(index));
        FunctionCounter.builder(name, pipeline, read).tags(stageTags).description(description).baseUnit("items")
                .register(registry);
    }

    private void time(MeterRegistry registry, String name, String description, Tags stageTags,
                      ToDoubleFunction<RunningPipeline<?>> nanos) {
        TimeGauge.builder(name, pipeline, TimeUnit.NANOSECONDS, nanos).tags(stageTags).description(description)
                .register(registry);
    }

    /**
     * The last statistics taken, reused while they are younger than {@value #MAX_AGE_MILLIS} ms
     * and the run's status has not changed since. Holds the statistics, never the pipeline, so that
     * the meters' weak reference to it stays weak.
     */
    static final class Snapshots {
        private record Taken(PipelineStats stats, long atNanos) {
        }

        private volatile Taken last;

        PipelineStats get(RunningPipeline<?> pipeline) {
            Taken t = last;
            long now = System.nanoTime();
            if (t == null || now - t.atNanos > TimeUnit.MILLISECONDS.toNanos(MAX_AGE_MILLIS)
                    || t.stats.status() != pipeline.status()) {
                t = new Taken(pipeline.stats(), now);
                last = t;
            }
            return t.stats;
        }
    }
}
