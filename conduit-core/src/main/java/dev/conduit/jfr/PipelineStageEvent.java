package dev.conduit.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/**
 * One stage's summary at the end of a pipeline run, the row of {@code PipelineStats} for it:
 * committed once per stage, in flow order, by the thread that finished the run, before
 * {@code await()} returns.
 */
@Name("dev.conduit.PipelineStage")
@Label("Pipeline Stage Summary")
@Category({"Conduit", "Pipeline"})
@Description("What one stage of a pipeline did during a run that has ended")
@StackTrace(false)
final class PipelineStageEvent extends Event {
    @Label("Pipeline")
    String pipeline;

    @Label("Stage")
    String stage;

    @Label("Status")
    @Description("How the run ended: COMPLETED, CANCELLED, FAILED or TIMED_OUT")
    String status;

    @Label("Workers")
    int workers;

    @Label("Virtual Threads")
    boolean virtualThreads;

    @Label("Items In")
    long itemsIn;

    @Label("Items Out")
    long itemsOut;

    @Label("Failed")
    long failed;

    @Label("Busy")
    @Description("Worker time in the stage's function, summed over workers")
    @Timespan(Timespan.NANOSECONDS)
    long busy;

    @Label("Starved")
    @Description("Worker time waiting for input, summed over workers")
    @Timespan(Timespan.NANOSECONDS)
    long starved;

    @Label("Blocked")
    @Description("Worker time waiting for room downstream or for its turn, summed over workers")
    @Timespan(Timespan.NANOSECONDS)
    long blocked;

    @Label("Run Elapsed")
    @Description("The run's wall-clock time")
    @Timespan(Timespan.NANOSECONDS)
    long elapsed;

    @Label("Bottleneck")
    @Description("Whether the run's statistics name this stage as the bottleneck")
    boolean bottleneck;
}
