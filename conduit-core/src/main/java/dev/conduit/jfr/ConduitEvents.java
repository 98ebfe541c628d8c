package dev.conduit.jfr;

import dev.conduit.channel.Channel;
import dev.conduit.pipeline.PipelineStats;
import dev.conduit.pipeline.StallReport;

import java.util.Optional;

/**
 * Where the library emits its Flight Recorder events. Nothing here names a {@code jdk.jfr} type, so
 * callers load no JFR class; the events themselves are made in {@link JfrEvents}, which is loaded
 * only if {@code jdk.jfr} is present and readable by this module.
 *
 * <p>Cost when no recording runs: one constant-folded flag and one read of a static volatile field
 * ({@code FlightRecorder.isInitialized()}); no allocation, no clock read. When a recording runs but
 * does not enable the event, one small allocation and one {@code isEnabled()} check more.
 */
public final class ConduitEvents {
    /** Whether {@code jdk.jfr} is there and this module reads it; fixed when the class initialises. */
    private static final boolean AVAILABLE = jfrReadable();

    private ConduitEvents() {
    }

    /**
     * Looks for {@code jdk.jfr} in this module's layer.
     *
     * @return whether the event classes can be loaded: {@code jdk.jfr} is in this module's layer and
     *         readable (always readable from the class path, where the module is unnamed)
     */
    static boolean jfrReadable() {
        try {
            Module self = ConduitEvents.class.getModule();
            ModuleLayer layer = self.getLayer() != null ? self.getLayer() : ModuleLayer.boot();
            Optional<Module> jfr = layer.findModule("jdk.jfr");
            return jfr.isPresent() && self.canRead(jfr.get());
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    /**
     * Says whether this JVM can record Conduit's events at all (see {@link #jfrReadable()}).
     *
     * @return {@code true} if {@code jdk.jfr} is present and readable
     */
    public static boolean available() {
        return AVAILABLE;
    }

    /**
     * Called by a channel's waiter just before it starts to wait.
     *
     * @return a token to pass to {@link #channelWaitEnds}, or {@code null} when the event is not
     *         recorded (then the clock was not read)
     */
    public static Object channelWaitBegins() {
        return AVAILABLE ? JfrEvents.channelWaitBegins() : null;
    }

    /**
     * Called by the waiter once its wait has ended; commits the event if it lasted at least the
     * event's threshold. Does nothing for a {@code null} token.
     *
     * @param token   what {@link #channelWaitBegins()} returned
     * @param channel the channel waited on
     * @param put     {@code true} for a send waiting for room, {@code false} for a receive waiting for an item
     * @param outcome how the wait ended: {@code "served"}, {@code "closed"}, {@code "timed out"} or
     *                {@code "interrupted"}
     */
    public static void channelWaitEnds(Object token, Channel<?> channel, boolean put, String outcome) {
        if (token != null) {
            JfrEvents.channelWaitEnds(token, channel, put, outcome);
        }
    }

    /**
     * Called by the stall watchdog once it has a report: one event per worker of the pipeline.
     *
     * @param report what the watchdog found
     */
    public static void pipelineStalled(StallReport report) {
        if (AVAILABLE) {
            JfrEvents.pipelineStalled(report);
        }
    }

    /**
     * Called once a pipeline run has ended, before its result is handed out: one event per stage.
     *
     * @param stats the run's final statistics
     */
    public static void pipelineEnded(PipelineStats stats) {
        if (AVAILABLE) {
            JfrEvents.pipelineEnded(stats);
        }
    }
}
