package dev.conduit.pipeline;

import java.util.List;

/**
 * What a finished pipeline run produced: the outputs, the items that failed, the items it did not get
 * to, and where the time went. Every item the pipeline took in is accounted for: it came out (or was
 * consumed by the sink, or dropped by a filter), failed, or is in {@link #notProcessed()}.
 *
 * @param status       how the run ended
 * @param outputs      the last stage's results, when the pipeline ended without a sink (otherwise
 *                     empty); in input order if the last stage was {@linkplain Pipeline#ordered() ordered}
 * @param failures     items whose function failed, with the exception; under fail-fast the first (and
 *                     only) entry is the failure that stopped the run
 * @param notProcessed items that were in flight when the run was stopped
 * @param stalls       what the stall watchdog reported, if it is on and fired
 * @param stats        per-stage and per-channel statistics with the bottleneck
 * @param <T>          the output item type
 */
public record PipelineResult<T>(PipelineStatus status, List<T> outputs, List<ItemFailure> failures,
                                List<NotProcessed> notProcessed, List<StallReport> stalls, PipelineStats stats) {

    /** Makes the lists unmodifiable copies. */
    public PipelineResult {
        outputs = List.copyOf(outputs);
        failures = List.copyOf(failures);
        notProcessed = List.copyOf(notProcessed);
        stalls = List.copyOf(stalls);
    }

    /**
     * Renders the run's statistics for a person to read.
     *
     * @return the statistics as a plain-text table naming the bottleneck (see {@link PipelineStats#render()})
     */
    public String report() {
        return stats.render();
    }
}
