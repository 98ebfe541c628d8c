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
 * stage's input, is full) and the stage after it is starved. So the candidate is the stage whose
 * workers were busy for the largest part of the <em>run</em> (busy time over workers x elapsed: a
 * stage that was busy all its short life and then finished early did not hold anyone up), and the
 * neighbours' blocked and starved shares are the evidence. If no stage was busy at least half the
 * run, none is saturated: the time goes into hand-offs or into waiting outside the pipeline.
 */
final class BottleneckFinder {
    /** Below this busy share a stage is not called saturated. */
    static final double SATURATED = 0.5;
    /** Neighbour shares below this are not worth mentioning as evidence. */
    private static final double NOTABLE = 0.1;

    private BottleneckFinder() {
    }

    static Bottleneck find(List<StageStats> stages, List<LinkStats> links, long elapsedNanos) {
        // The run's span as the workers saw it: the longest average worker lifetime of any stage.
        // (The wall-clock elapsed time also counts starting threads, which on a loaded machine can
        // take long enough to make every stage look idle.)
        long span = 0;
        for (StageStats s : stages) {
            span = Math.max(span, s.workerNanos() / Math.max(1, s.workers()));
        }
        elapsedNanos = span > 0 ? span : elapsedNanos;
        int best = -1;
        for (int i = 0; i < stages.size(); i++) {
            StageStats s = stages.get(i);
            if (s.workerNanos() > 0 && (best < 0 || utilization(s, elapsedNanos) >= utilization(stages.get(best), elapsedNanos))) {
                best = i;
            }
        }
        if (best < 0) {
            return new Bottleneck(null, "no worker has run yet");
        }
        StageStats b = stages.get(best);
        if (utilization(b, elapsedNanos) < SATURATED) {
            return new Bottleneck(null, "no stage is saturated (the busiest, " + b.name() + ", is busy "
                    + percent(utilization(b, elapsedNanos)) + " of the run): the time goes into hand-offs "
                    + "between stages or into waiting outside the pipeline");
        }
        StringBuilder why = new StringBuilder(b.name()).append(": busy ").append(percent(utilization(b, elapsedNanos)))
                .append(" of the run");
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

    /** @return the share of the run the stage's workers were busy, 0 to 1 */
    static double utilization(StageStats s, long elapsedNanos) {
        return elapsedNanos <= 0 ? s.busyShare() : Math.min(1, (double) s.busyNanos() / ((double) s.workers() * elapsedNanos));
    }

    static String percent(double share) {
        return Math.round(share * 100) + "%";
    }
}
