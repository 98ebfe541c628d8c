package dev.conduit.pipeline;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Renders {@link PipelineStats} as a plain-text table: stages, channels, then the bottleneck. */
final class StatsTable {
    private StatsTable() {
    }

    static String render(PipelineStats s) {
        StringBuilder sb = new StringBuilder();
        long in = s.stages().isEmpty() ? 0 : s.stages().get(0).in();
        sb.append("Pipeline '").append(s.pipeline()).append("' ").append(s.status()).append(" in ")
                .append(seconds(s.elapsed())).append(": ").append(in).append(" items from the source, ")
                .append(s.failed()).append(" failed, ").append(s.notProcessed()).append(" not processed\n\n");

        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"stage", "workers", "in", "out", "failed", "items/s", "busy", "starved", "blocked"});
        // Shares of the run, as the bottleneck line counts them: of workers x the run's span (the
        // longest average worker lifetime of any stage). Shares of each stage's own worker time
        // made a source that read a short list in a millisecond "busy 91%" and let the table say
        // 98% where the bottleneck line said 13%. A stage whose workers ended early adds up to less.
        long span = 0;
        for (StageStats st : s.stages()) {
            span = Math.max(span, st.workerNanos() / Math.max(1, st.workers()));
        }
        for (StageStats st : s.stages()) {
            double of = (double) Math.max(1, st.workers()) * span;
            rows.add(new String[] {st.name(), st.workers() + (st.virtualThreads() ? "v" : ""), Long.toString(st.in()),
                    Long.toString(st.out()), Long.toString(st.failed()), rate(st.itemsPerSecond()),
                    pct(share(st.busyNanos(), of)), pct(share(st.starvedNanos(), of)), pct(share(st.blockedNanos(), of))});
        }
        table(sb, rows);

        if (!s.links().isEmpty()) {
            sb.append('\n');
            rows = new ArrayList<>();
            rows.add(new String[] {"channel", "capacity", "avg fill", "peak", "put blocked", "take starved"});
            for (LinkStats l : s.links()) {
                rows.add(new String[] {l.channel(), Integer.toString(l.capacity()),
                        Double.isNaN(l.averageFill()) ? "-" : String.format(Locale.ROOT, "%.1f", l.averageFill()),
                        Integer.toString(l.peakFill()), seconds(Duration.ofNanos(l.putBlockedNanos())),
                        seconds(Duration.ofNanos(l.takeStarvedNanos()))});
            }
            table(sb, rows);
        }
        sb.append("\nBottleneck: ").append(s.bottleneck().explanation()).append('\n');
        return sb.toString();
    }

    private static void table(StringBuilder sb, List<String[]> rows) {
        int[] width = new int[rows.get(0).length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                width[i] = Math.max(width[i], row[i].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                if (i == 0) {
                    line.append(String.format(Locale.ROOT, "%-" + width[i] + "s", row[i]));
                } else {
                    line.append("  ").append(String.format(Locale.ROOT, "%" + width[i] + "s", row[i]));
                }
            }
            sb.append(line.toString().stripTrailing()).append('\n');
        }
    }

    private static double share(long nanos, double of) {
        return of <= 0 ? 0 : Math.min(1, nanos / of);
    }

    private static String pct(double share) {
        return Math.round(share * 100) + "%";
    }

    private static String rate(double perSecond) {
        return perSecond >= 100 ? String.format(Locale.ROOT, "%,.0f", perSecond)
                : String.format(Locale.ROOT, "%.1f", perSecond);
    }

    static String seconds(Duration d) {
        double s = d.toNanos() / 1e9;
        return s >= 1 ? String.format(Locale.ROOT, "%.2f s", s) : String.format(Locale.ROOT, "%.1f ms", s * 1000);
    }
}
