package dev.conduit.pipeline.internal;

import dev.conduit.pipeline.Bottleneck;
import dev.conduit.pipeline.LinkStats;
import dev.conduit.pipeline.StageStats;

import java.util.List;

/**
 * Names the stage that limits a run, with the evidence, in words.
 *
 * <p>The reasoning: in a pipeline of bounded channels, the slowest stage is the one whose workers are
 * busy nearly all the time, while the stage before it is blocked (its output channel, the slow
 * stage's input, is full) and the stage after it is starved. So the busiest stage by share of worker
 * time is the candidate, and the neighbours' blocked and starved shares are the evidence. If no stage
 * is busy at least half the time, none is saturated: the time goes into hand-offs or into waiting
 * on something outside the pipeline.
 */
final class BottleneckFinder {
    /** Below this busy share a stage is not called saturated. */
    static final double SATURATED = 0.5;
    /** Neighbour shares below this are not worth mentioning as evidence. */
    private static final double NOTABLE = 0.1;

    private BottleneckFinder() {
    }

    static Bottleneck find(List<StageStats> stages, List<LinkStats> links) {
        int best = -1;
        for (int i = 0; i < stages.size(); i++) {
            StageStats s = stages.get(i);
            if (s.workerNanos() > 0 && (best < 0 || s.busyShare() >= stages.get(best).busyShare())) {
                best = i;
            }
        }
        if (best < 0) {
            return new Bottleneck(null, "no worker has run yet");
        }
        StageStats b = stages.get(best);
        if (b.busyShare() < SATURATED) {
            return new Bottleneck(null, "no stage is saturated (the busiest, " + b.name() + ", is busy "
                    + percent(b.busyShare()) + " of worker time): the time goes into hand-offs between stages "
                    + "or into waiting outside the pipeline");
        }
        StringBuilder why = new StringBuilder(b.name()).append(": busy ").append(percent(b.busyShare()))
                .append(" of worker time");
        if (best > 0) {
            StageStats up = stages.get(best - 1);
            if (up.blockedShare() >= NOTABLE) {
                why.append(", upstream '").append(up.name()).append("' blocked ").append(percent(up.blockedShare()))
                        .append(" of its time putting into '").append(links.get(best - 1).channel()).append('\'');
            }
        }
        if (best < stages.size() - 1) {
            StageStats down = stages.get(best + 1);
            if (down.starvedShare() >= NOTABLE) {
                why.append(", downstream '").append(down.name()).append("' starved ")
                        .append(percent(down.starvedShare())).append(" waiting for it");
            }
        }
        if (best == 0) {
            why.append(": the source limits the run; make it produce faster");
        } else {
            why.append(": add workers to ").append(b.name());
        }
        return new Bottleneck(b.name(), why.toString());
    }

    static String percent(double share) {
        return Math.round(share * 100) + "%";
    }
}
