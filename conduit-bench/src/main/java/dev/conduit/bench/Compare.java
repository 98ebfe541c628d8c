package dev.conduit.bench;

import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.VerboseMode;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs the whole comparison of issue 3 (every scenario, every contender, unpinned and pinned), one
 * JMH fork per row, and prints the result tables: scores, ratios of Conduit against the best
 * competitor in each row, and the targets. Each run's scores are also written to a TSV file
 * so that several runs can be merged into medians ({@code --merge}).
 *
 * <p>Usage: {@code Compare [--results-dir DIR] [--unpinned-only | --pinned-only] [--only SCENARIO]}
 * or {@code Compare --merge RUN.tsv...}. Start it through {@code conduit-bench/compare}.
 */
public final class Compare {
    private static final List<String> CONDUIT = List.of(
            "conduit-spin-then-park", "conduit-blocking", "conduit-yielding", "conduit-busy-spin");
    private static final List<String> THROUGHPUT_RIVALS = List.of(
            "ArrayBlockingQueue", "LinkedBlockingQueue", "LinkedTransferQueue", "jctools-spin", "jctools-yield",
            "disruptor-blocking", "disruptor-yielding");
    private static final List<String> PING_PONG_RIVALS = List.of(
            "ArrayBlockingQueue", "LinkedBlockingQueue", "LinkedTransferQueue", "SynchronousQueue",
            "jctools-spin", "jctools-yield");
    /** Rows that are measured but are neither a strategy column nor a competitor. */
    private static final List<String> PING_PONG_EXTRAS = List.of("conduit-rendezvous", "busy-spin-floor");

    /** One table of the comparison. */
    record Scenario(String name, String benchmark, boolean latency, List<String> rivals, List<String> extras,
                    boolean pinnedToo) {
        List<String> transports() {
            List<String> all = new ArrayList<>(CONDUIT);
            all.addAll(rivals);
            all.addAll(extras);
            return all;
        }

        String unit() {
            return latency ? "ns per round trip" : "M items/s";
        }
    }

    static final List<Scenario> SCENARIOS = List.of(
            new Scenario("SPSC 1+1", SpscThroughput.class.getName(), false, THROUGHPUT_RIVALS, List.of(), true),
            new Scenario("MPSC 2+1", MpscThroughput.class.getName(), false, THROUGHPUT_RIVALS, List.of(), true),
            new Scenario("MPMC 2+2", MpmcThroughput.class.getName(), false, THROUGHPUT_RIVALS, List.of(), true),
            new Scenario("Ping-pong", PingPong.class.getName(), true, PING_PONG_RIVALS, PING_PONG_EXTRAS, true));

    /** Scores by scenario, then "pinned"/"unpinned", then transport; NaN when a row failed. */
    private final Map<String, Map<Boolean, Map<String, Double>>> scores = new LinkedHashMap<>();
    /** For merged runs: rows that failed in some runs, keyed "scenario TAB pinned TAB transport". */
    private final Map<String, String> failures = new LinkedHashMap<>();

    public static void main(String[] args) throws Exception {
        List<String> a = new ArrayList<>(Arrays.asList(args));
        Compare c = new Compare();
        if (a.contains("--merge")) {
            List<Path> files = a.subList(a.indexOf("--merge") + 1, a.size()).stream().map(Path::of).toList();
            c.merge(files);
            c.print(System.out, "median of " + files.size() + " runs: " + files);
            return;
        }
        Path dir = Path.of(option(a, "--results-dir", "conduit-bench/target/results"));
        boolean unpinned = !a.contains("--pinned-only");
        boolean pinned = !a.contains("--unpinned-only");
        String only = option(a, "--only", null);
        c.runAll(dir, unpinned, pinned, only);
    }

    private static String option(List<String> args, String name, String fallback) {
        int i = args.indexOf(name);
        return i >= 0 && i + 1 < args.size() ? args.get(i + 1) : fallback;
    }

    // ---------------------------------------------------------------- running

    private void runAll(Path dir, boolean unpinned, boolean pinned, String only) throws IOException, RunnerException {
        Files.createDirectories(dir);
        String stamp = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC).format(Instant.now());
        Path tsv = dir.resolve("run-" + stamp + ".tsv");
        Path log = dir.resolve("run-" + stamp + ".jmh.log");
        Instant start = Instant.now();
        System.out.println("Conduit comparison: JMH output goes to " + log + ", scores to " + tsv);
        for (boolean pin : new boolean[] {false, true}) {
            if (pin ? !pinned : !unpinned) {
                continue;
            }
            for (Scenario s : SCENARIOS) {
                if ((only != null && !s.name().toLowerCase().startsWith(only.toLowerCase())) || (pin && !s.pinnedToo())) {
                    continue;
                }
                for (String transport : s.transports()) {
                    double score = runOne(s, transport, pin, log);
                    record(s.name(), pin, transport, score);
                    String line = String.join("\t", s.name(), pin ? "pinned" : "unpinned", transport, String.valueOf(score));
                    Files.writeString(tsv, line + "\n", java.nio.file.StandardOpenOption.CREATE,
                            java.nio.file.StandardOpenOption.APPEND);
                    System.out.printf("%-10s %-9s %-24s %s%n", s.name(), pin ? "pinned" : "unpinned", transport,
                            Double.isNaN(score) ? "FAILED (collapsed or error; see the JMH log)" : format(score) + " " + s.unit());
                }
            }
        }
        System.out.println();
        print(System.out, "one run, " + Duration.between(start, Instant.now()).toSeconds() + " s; scores are the median of "
                + "3 measurement iterations; raw scores in " + tsv);
    }

    /** @return the median of the measurement iterations, in M items/s or ns per round trip; NaN if it failed */
    private static double runOne(Scenario s, String transport, boolean pin, Path log) throws RunnerException {
        Options options = new OptionsBuilder()
                .include("^" + s.benchmark().replace(".", "\\.") + "\\.")
                .param("transport", transport)
                .jvmArgsAppend("-XX:+UseParallelGC", "-Xms512m", "-Xmx512m", "-Dconduit.bench.pin=" + pin)
                .shouldFailOnError(false)
                .verbosity(VerboseMode.NORMAL)
                .output(log.toString() + "." + (pin ? "pinned" : "unpinned") + "." + s.benchmark().replaceAll(".*\\.", "")
                        + "." + transport)
                .build();
        Collection<RunResult> results = new Runner(options).run();
        for (RunResult r : results) {
            for (BenchmarkResult b : r.getBenchmarkResults()) {
                double[] its = b.getIterationResults().stream()
                        .mapToDouble(i -> i.getPrimaryResult().getScore()).sorted().toArray();
                if (its.length == 0) {
                    continue;
                }
                double median = its[its.length / 2];
                return s.latency() ? median : median / 1e6;
            }
        }
        return Double.NaN;
    }

    private void record(String scenario, boolean pin, String transport, double score) {
        scores.computeIfAbsent(scenario, k -> new LinkedHashMap<>())
                .computeIfAbsent(pin, k -> new LinkedHashMap<>())
                .put(transport, score);
    }

    // ---------------------------------------------------------------- merging runs

    private void merge(List<Path> files) throws IOException {
        Map<String, List<Double>> all = new LinkedHashMap<>();
        for (Path f : files) {
            for (String line : Files.readAllLines(f)) {
                String[] p = line.split("\t");
                if (p.length == 4) {
                    all.computeIfAbsent(p[0] + "\t" + p[1] + "\t" + p[2], k -> new ArrayList<>()).add(Double.parseDouble(p[3]));
                }
            }
        }
        for (Scenario s : SCENARIOS) { // keep the scenario order of the tables
            for (String pin : List.of("unpinned", "pinned")) {
                for (String t : s.transports()) {
                    List<Double> v = all.get(s.name() + "\t" + pin + "\t" + t);
                    if (v != null) {
                        double[] ok = v.stream().mapToDouble(Double::doubleValue).filter(d -> !Double.isNaN(d)).sorted().toArray();
                        if (ok.length < v.size()) {
                            failures.put(s.name() + "\t" + pin.equals("pinned") + "\t" + t,
                                    (v.size() - ok.length) + " of " + v.size() + " runs collapsed");
                        }
                        record(s.name(), pin.equals("pinned"), t, median(ok));
                    }
                }
            }
        }
    }

    /** @return the median of sorted values (the mean of the middle two for an even count), NaN if none */
    private static double median(double[] sorted) {
        int n = sorted.length;
        if (n == 0) {
            return Double.NaN;
        }
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    // ---------------------------------------------------------------- tables

    private void print(PrintStream out, String provenance) {
        out.println("## Scores (" + provenance + ")");
        out.println();
        for (Scenario s : SCENARIOS) {
            Map<Boolean, Map<String, Double>> byPin = scores.get(s.name());
            if (byPin == null) {
                continue;
            }
            out.println("### " + s.name() + " (" + s.unit() + ", " + (s.latency() ? "lower" : "higher") + " is better)");
            out.println();
            out.println("| transport | unpinned | pinned |");
            out.println("|---|---:|---:|");
            for (String t : s.transports()) {
                out.println("| " + t + " | " + cell(byPin, false, t) + note(s, false, t) + " | "
                        + cell(byPin, true, t) + note(s, true, t) + " |");
            }
            out.println();
        }
        out.println("## Conduit against the best competitor in each row");
        out.println();
        out.println("Ratio > 1.00 means Conduit is better (throughput: Conduit / best; ping-pong: best / Conduit).");
        out.println();
        out.println("| row | best competitor | spin-then-park (default) | blocking | yielding | busy-spin |");
        out.println("|---|---|---:|---:|---:|---:|");
        for (Scenario s : SCENARIOS) {
            for (boolean pin : new boolean[] {false, true}) {
                Map<String, Double> row = rowOf(s, pin);
                if (row == null) {
                    continue;
                }
                String best = best(s, row, s.rivals());
                StringBuilder line = new StringBuilder("| " + s.name() + (pin ? " pinned" : " unpinned") + " | "
                        + (best == null ? "n/a" : best + " " + format(row.get(best))) + " |");
                for (String c : CONDUIT) {
                    line.append(' ').append(best == null ? "n/a" : ratio(s, row.get(c), row.get(best))).append(" |");
                }
                out.println(line);
            }
        }
        out.println();
        printTargets(out);
    }

    private void printTargets(PrintStream out) {
        out.println("## Targets of issue 3");
        out.println();
        out.println("| target | measured | met |");
        out.println("|---|---:|---|");
        Scenario spsc = SCENARIOS.get(0);
        Scenario pingPong = SCENARIOS.get(3);
        target(out, "SPSC unpinned: default >= 2x ArrayBlockingQueue", spsc, false, "conduit-spin-then-park",
                List.of("ArrayBlockingQueue"), 2.0);
        target(out, "SPSC pinned: busy-spin >= 1x JCTools SpscArrayQueue (spin)", spsc, true, "conduit-busy-spin",
                List.of("jctools-spin"), 1.0);
        List<String> blockingBest = List.of("ArrayBlockingQueue", "LinkedTransferQueue", "jctools-yield");
        target(out, "MPSC unpinned: default >= 1.5x best of ABQ, LTQ, JCTools-yield", SCENARIOS.get(1), false,
                "conduit-spin-then-park", blockingBest, 1.5);
        target(out, "MPMC unpinned: default >= 1.5x best of ABQ, LTQ, JCTools-yield", SCENARIOS.get(2), false,
                "conduit-spin-then-park", blockingBest, 1.5);
        target(out, "Ping-pong unpinned: default no slower than ArrayBlockingQueue", pingPong, false,
                "conduit-spin-then-park", List.of("ArrayBlockingQueue"), 1.0);
        Map<String, Double> pinnedPp = rowOf(pingPong, true);
        if (pinnedPp != null) {
            double conduit = pinnedPp.getOrDefault("conduit-spin-then-park", Double.NaN);
            double floor = pinnedPp.getOrDefault("busy-spin-floor", Double.NaN);
            double times = conduit / floor;
            out.println("| Ping-pong pinned: spin-then-park within 2x the busy-spin floor | "
                    + (Double.isNaN(times) ? "n/a" : String.format("%.2fx the floor", times)) + " | "
                    + (Double.isNaN(times) ? "n/a" : times <= 2.0 ? "yes" : "no") + " |");
        }
        out.println();
    }

    private void target(PrintStream out, String what, Scenario s, boolean pin, String conduit, List<String> rivals,
                        double goal) {
        Map<String, Double> row = rowOf(s, pin);
        if (row == null) {
            return;
        }
        String best = best(s, row, rivals);
        Double mine = row.get(conduit);
        if (best == null || mine == null || Double.isNaN(mine)) {
            out.println("| " + what + " | n/a | n/a |");
            return;
        }
        double r = s.latency() ? row.get(best) / mine : mine / row.get(best);
        out.println("| " + what + " | " + String.format("%.2fx (vs %s)", r, best) + " | "
                + (r >= goal ? "yes" : String.format("no: short by %.0f%%", 100 * (1 - r / goal))) + " |");
    }

    private Map<String, Double> rowOf(Scenario s, boolean pin) {
        Map<Boolean, Map<String, Double>> byPin = scores.get(s.name());
        return byPin == null ? null : byPin.get(pin);
    }

    /** @return the best-scoring of {@code candidates} present in the row, or null */
    private static String best(Scenario s, Map<String, Double> row, List<String> candidates) {
        String best = null;
        for (String c : candidates) {
            Double v = row.get(c);
            if (v == null || Double.isNaN(v)) {
                continue;
            }
            if (best == null || (s.latency() ? v < row.get(best) : v > row.get(best))) {
                best = c;
            }
        }
        return best;
    }

    private static String ratio(Scenario s, Double conduit, Double best) {
        if (conduit == null || Double.isNaN(conduit)) {
            return "failed";
        }
        return String.format("%.2f", s.latency() ? best / conduit : conduit / best);
    }

    private String note(Scenario s, boolean pin, String t) {
        String n = failures.get(s.name() + "\t" + pin + "\t" + t);
        return n == null ? "" : " (" + n + ")";
    }

    private static String cell(Map<Boolean, Map<String, Double>> byPin, boolean pin, String t) {
        Map<String, Double> row = byPin.get(pin);
        if (row == null || !row.containsKey(t)) {
            return "-";
        }
        double v = row.get(t);
        return Double.isNaN(v) ? "collapsed/failed" : format(v);
    }

    private static String format(double v) {
        return v >= 100 ? String.format("%.0f", v) : v >= 10 ? String.format("%.1f", v) : String.format("%.2f", v);
    }
}
