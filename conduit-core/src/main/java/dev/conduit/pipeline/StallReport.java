package dev.conduit.pipeline;

import java.time.Duration;
import java.util.List;

/**
 * Raised by the stall watchdog ({@link Pipeline#stallTimeout(Duration)}) when no item has moved for
 * the timeout while items are in flight: a thread dump of the pipeline, by stage, saying which
 * worker waits on which channel.
 *
 * @param pipeline  the pipeline's name
 * @param stalledFor how long nothing moved
 * @param workers   every worker of every stage, in flow order
 */
public record StallReport(String pipeline, Duration stalledFor, List<WorkerSnapshot> workers) {

    /**
     * Renders the report for a person to read.
     *
     * @return the report as text: one line per worker, grouped by stage, with the stacks of busy workers
     */
    public String render() {
        StringBuilder sb = new StringBuilder();
        sb.append("Pipeline '").append(pipeline).append("' stalled: no item moved for ")
                .append(StatsTable.seconds(stalledFor)).append(" while items are in flight\n");
        String stage = null;
        for (WorkerSnapshot w : workers) {
            if (!w.stage().equals(stage)) {
                stage = w.stage();
                sb.append("  stage ").append(stage).append(":\n");
            }
            sb.append("    ").append(w).append('\n');
            if (w.state() == WorkerSnapshot.State.BUSY) {
                for (StackTraceElement frame : w.stack()) {
                    sb.append("        at ").append(frame).append('\n');
                }
            }
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return render();
    }
}
