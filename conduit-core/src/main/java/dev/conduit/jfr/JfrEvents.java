package dev.conduit.jfr;

import dev.conduit.channel.Channel;
import dev.conduit.pipeline.PipelineStats;
import dev.conduit.pipeline.StageStats;
import dev.conduit.pipeline.StallReport;
import dev.conduit.pipeline.WorkerSnapshot;

import jdk.jfr.FlightRecorder;

/**
 * The only class that makes event objects; loaded (with {@code jdk.jfr}) only through
 * {@link ConduitEvents} once it knows {@code jdk.jfr} is readable.
 */
final class JfrEvents {
    /** Longest item text a stall event keeps. */
    static final int MAX_ITEM_TEXT = 200;

    private JfrEvents() {
    }

    static Object channelWaitBegins() {
        if (!FlightRecorder.isInitialized()) {
            return null; // no recording was ever started in this JVM: no allocation, no clock
        }
        ChannelWaitEvent event = new ChannelWaitEvent();
        if (!event.isEnabled()) {
            return null;
        }
        event.begin();
        return event;
    }

    static void channelWaitEnds(Object token, Channel<?> channel, boolean put, String outcome) {
        ChannelWaitEvent event = (ChannelWaitEvent) token;
        event.end();
        if (event.shouldCommit()) {
            event.channel = channel.name();
            event.side = put ? "put" : "take";
            event.outcome = outcome;
            event.capacity = channel.capacity();
            event.commit();
        }
    }

    static void pipelineStalled(StallReport report) {
        if (!FlightRecorder.isInitialized()) {
            return;
        }
        for (WorkerSnapshot w : report.workers()) {
            PipelineStallEvent event = new PipelineStallEvent();
            if (!event.shouldCommit()) {
                return;
            }
            event.pipeline = report.pipeline();
            event.stage = w.stage();
            event.worker = w.thread();
            event.state = w.state().name();
            event.channel = w.channel();
            event.item = w.item() == null ? null : truncate(String.valueOf(w.item()));
            event.stalledFor = report.stalledFor().toNanos();
            event.inStateFor = w.since().toNanos();
            event.commit();
        }
    }

    static void pipelineEnded(PipelineStats stats) {
        if (!FlightRecorder.isInitialized()) {
            return;
        }
        for (StageStats s : stats.stages()) {
            PipelineStageEvent event = new PipelineStageEvent();
            if (!event.shouldCommit()) {
                return;
            }
            event.pipeline = stats.pipeline();
            event.stage = s.name();
            event.status = stats.status().name();
            event.workers = s.workers();
            event.virtualThreads = s.virtualThreads();
            event.itemsIn = s.in();
            event.itemsOut = s.out();
            event.failed = s.failed();
            event.busy = s.busyNanos();
            event.starved = s.starvedNanos();
            event.blocked = s.blockedNanos();
            event.elapsed = stats.elapsed().toNanos();
            event.bottleneck = stats.bottleneck() != null && s.name().equals(stats.bottleneck().stage());
            event.commit();
        }
    }

    static String truncate(String text) {
        return text.length() <= MAX_ITEM_TEXT ? text : text.substring(0, MAX_ITEM_TEXT - 3) + "...";
    }
}
