package dev.conduit.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/**
 * What the stall watchdog found about one worker when a pipeline stopped moving: one event per
 * worker of the pipeline, all with the same {@code stalledFor}. Committed by the pipeline's monitor
 * thread, so the event's thread and stack are the monitor's; {@code worker} names the worker.
 */
@Name("dev.conduit.PipelineStall")
@Label("Pipeline Stall")
@Category({"Conduit", "Pipeline"})
@Description("A worker of a pipeline in which no item moved for the stall timeout, and what it waits on")
@StackTrace(false)
final class PipelineStallEvent extends Event {
    @Label("Pipeline")
    String pipeline;

    @Label("Stage")
    String stage;

    @Label("Worker")
    @Description("The worker thread's name")
    String worker;

    @Label("State")
    @Description("BUSY, WAITING_FOR_INPUT, WAITING_FOR_ROOM, WAITING_FOR_TURN, STARTING or DONE")
    String state;

    @Label("Channel")
    @Description("The channel the worker waits on, if it waits for input or room")
    String channel;

    @Label("Item")
    @Description("The item the worker holds, as text (at most 200 characters)")
    String item;

    @Label("Stalled For")
    @Description("How long no item of the pipeline had moved")
    @Timespan(Timespan.NANOSECONDS)
    long stalledFor;

    @Label("In State For")
    @Description("How long the worker had been in this state")
    @Timespan(Timespan.NANOSECONDS)
    long inStateFor;
}
