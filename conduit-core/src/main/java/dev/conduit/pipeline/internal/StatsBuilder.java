package dev.conduit.pipeline.internal;

import dev.conduit.channel.ChannelStats;
import dev.conduit.pipeline.LinkStats;
import dev.conduit.pipeline.PipelineStats;
import dev.conduit.pipeline.PipelineStatus;
import dev.conduit.pipeline.StageStats;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Turns a run's probes, channel statistics and monitor samples into {@link PipelineStats}. */
final class StatsBuilder {
    private StatsBuilder() {
    }

    static PipelineStats build(PipelineEngine<?> engine, PipelineStatus status, Duration elapsed, long failed,
                               long notProcessed, PipelineMonitor monitor) {
        double seconds = Math.max(1e-9, elapsed.toNanos() / 1e9);
        List<StageStats> stages = new ArrayList<>();
        for (StageRuntime s : engine.stages) {
            long busy = 0, starved = 0, blocked = 0;
            for (WorkerProbe p : s.probes) {
                // Read the waits before the lifetime, so a wait that ends meanwhile cannot make busy negative.
                long st = p.starvedNanos();
                long bl = p.blockedNanos();
                long life = p.lifetimeNanos();
                starved += st;
                blocked += bl;
                busy += Math.max(0, life - st - bl);
            }
            long in = s.in();
            stages.add(new StageStats(s.name, s.probes.length, s.plan.virtualThreads, in, s.out(), s.failed(),
                    in / seconds, busy, starved, blocked));
        }
        List<LinkStats> links = new ArrayList<>();
        for (int i = 0; i < engine.links.size(); i++) {
            LinkRuntime link = engine.links.get(i);
            ChannelStats cs = link.channel.stats();
            links.add(new LinkStats(link.name(), engine.stages.get(i).name, engine.stages.get(i + 1).name,
                    link.capacityItems(), monitor.averageFill(i), (int) link.peakItems(cs), cs.putBlockedNanos(),
                    cs.takeStarvedNanos()));
        }
        return new PipelineStats(engine.name, status, elapsed, List.copyOf(stages), List.copyOf(links), failed,
                notProcessed, BottleneckFinder.find(stages, links, elapsed.toNanos()));
    }
}
