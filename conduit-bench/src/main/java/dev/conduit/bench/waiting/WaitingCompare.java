package dev.conduit.bench.waiting;

import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Runs issue 15's benchmark set ("Waiting that scales") in one go, every contender of a row in the
 * same run, and prints one markdown table: per row Conduit, Jox, the best JDK queue, and Conduit
 * over the best competitor (lower is better everywhere: times and bytes). Every JMH cell is the
 * median of its measurement iterations over all its forks (one fork each unless {@code --forks});
 * the raw scores go to a TSV file.
 *
 * <p>Usage (through {@code conduit-bench/compare --waiting}): {@code WaitingCompare [--results-dir DIR]
 * [--only REGEX] [--forks N] [--warmup N] [--iterations N] [--time SECONDS] [--no-heap]}. {@code --only}
 * keeps the rows whose name matches (a substring search, case-insensitive). Several forks matter for
 * the virtual-thread rows: where the scheduler places a pair of threads is decided per JVM, and a fork
 * can spend its whole life in a slow placement (see RESULTS.md).
 */
public final class WaitingCompare {
    private static final List<String> RENDEZVOUS_JDK = List.of("SynchronousQueue", "LinkedTransferQueue");
    private static final List<String> BOUNDED_JDK = List.of("ArrayBlockingQueue", "LinkedBlockingQueue");
    private static final List<String> WAITERS_JDK = List.of("ArrayBlockingQueue", "LinkedBlockingQueue",
            "LinkedTransferQueue");
    private static final String[] JVM_ARGS = {"-XX:+UseParallelGC", "-Xms2g", "-Xmx2g"};

    /** One JMH measurement: a benchmark method with its parameters. */
    record Trial(String benchmark, Map<String, String> params) {
        /** @return "Class.method{params}", unique per trial */
        String key() {
            int method = benchmark.lastIndexOf('.');
            return benchmark.substring(benchmark.lastIndexOf('.', method - 1) + 1) + params;
        }
    }

    /**
     * One line of the table.
     *
     * @param conduit the Conduit trial
     * @param jox     Jox's trial, or null when Jox has no such thing
     * @param jdk     the JDK trials by contender name (may be empty)
     */
    record Row(String name, String unit, Trial conduit, Trial jox, Map<String, Trial> jdk) {
    }

    private final Map<String, double[]> scores = new LinkedHashMap<>(); // trial key -> sorted iterations
    private int forks = 1;
    private int warmup = 3;
    private int iterations = 5;
    private int seconds = 1;

    public static void main(String[] args) throws Exception {
        List<String> a = new ArrayList<>(Arrays.asList(args));
        WaitingCompare c = new WaitingCompare();
        Path dir = Path.of(option(a, "--results-dir", "conduit-bench/target/results"));
        String only = option(a, "--only", null);
        c.forks = Integer.parseInt(option(a, "--forks", "1"));
        c.warmup = Integer.parseInt(option(a, "--warmup", "3"));
        c.iterations = Integer.parseInt(option(a, "--iterations", "5"));
        c.seconds = Integer.parseInt(option(a, "--time", "1"));
        c.run(dir, only == null ? null : Pattern.compile(Pattern.quote(only), Pattern.CASE_INSENSITIVE),
                !a.contains("--no-heap"));
    }

    private static String option(List<String> args, String name, String fallback) {
        int i = args.indexOf(name);
        if (i < 0) {
            return fallback;
        }
        if (i + 1 >= args.size()) {
            throw new IllegalArgumentException(name + " needs a value");
        }
        return args.get(i + 1);
    }

    // ---------------------------------------------------------------- the rows

    static List<Row> rows() {
        List<Row> rows = new ArrayList<>();
        String[][] shapes = {
                {OneChannel.class.getName() + ".handoff", "one channel"},
                {Chain.class.getName() + ".handoff", "chain of 10,000"},
                {Pairs.class.getName() + ".handoff", "10,000 pairs"}};
        for (int capacity : new int[] {0, 16, 100}) {
            for (String[] shape : shapes) {
                List<String> jdk = capacity == 0 ? RENDEZVOUS_JDK : BOUNDED_JDK;
                rows.add(row(shape[1] + ", capacity " + capacity, "ns per hand-off", shape[0], jdk,
                        "capacity", String.valueOf(capacity)));
            }
        }
        for (int clauses : new int[] {1, 2}) {
            rows.add(row("select, " + clauses + (clauses == 1 ? " clause" : " clauses") + " (rendezvous)",
                    "ns per select", SelectHandoff.class.getName() + ".select", List.of(),
                    "clauses", String.valueOf(clauses), "capacity", "0"));
        }
        String[][] waiters = {
                {"platform-1000", "1,000 platform threads"},
                {"virtual-10000", "10,000 virtual threads"},
                {"virtual-100000", "100,000 virtual threads"}};
        for (String[] w : waiters) {
            rows.add(row(w[1] + " blocked in take(), one sender (capacity 16)", "ns per item",
                    BlockedWaiters.class.getName() + ".send", WAITERS_JDK, "waiters", w[0], "capacity", "16"));
        }
        String pool = PoolBatch.class.getName() + ".batch";
        Map<String, Trial> fixed = Map.of("newFixedThreadPool(1000)", new Trial(pool, Map.of("pool", "newFixedThreadPool")));
        rows.add(new Row("pool of 1,000 platform workers, 5,000 empty tasks", "us per batch",
                new Trial(pool, Map.of("pool", "WorkerPool")), null, fixed));
        rows.add(new Row("the same, WorkerPool queueCapacity(5000)", "us per batch",
                new Trial(pool, Map.of("pool", "WorkerPool-queue-5000")), null, fixed));
        return rows;
    }

    /** A row whose contenders differ only in the {@code impl} parameter. */
    private static Row row(String name, String unit, String benchmark, List<String> jdk, String... params) {
        Map<String, Trial> j = new LinkedHashMap<>();
        for (String q : jdk) {
            j.put(q, trial(benchmark, q, params));
        }
        return new Row(name, unit, trial(benchmark, Lane.CONDUIT, params), trial(benchmark, Lane.JOX, params), j);
    }

    private static Trial trial(String benchmark, String impl, String... params) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("impl", impl);
        for (int i = 0; i < params.length; i += 2) {
            p.put(params[i], params[i + 1]);
        }
        return new Trial(benchmark, p);
    }

    // ---------------------------------------------------------------- running

    private void run(Path dir, Pattern only, boolean heap) throws IOException, RunnerException, InterruptedException {
        Files.createDirectories(dir);
        String stamp = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC).format(Instant.now());
        Path tsv = dir.resolve("waiting-" + stamp + ".tsv");
        Path logs = dir.resolve("waiting-" + stamp + ".logs");
        Files.createDirectories(logs);
        Instant start = Instant.now();
        System.out.println("Waiting that scales (issue 15): JMH output in " + logs + ", scores in " + tsv);
        System.out.println("JMH: " + forks + (forks == 1 ? " fork" : " forks") + " per cell, " + warmup + " x " + seconds + " s warm-up, " + iterations + " x "
                + seconds + " s measurement, cell = median of the measurement iterations of all its forks");
        List<Row> rows = rows().stream().filter(r -> only == null || only.matcher(r.name()).find()).toList();
        for (Row r : rows) {
            List<Trial> trials = new ArrayList<>();
            trials.add(r.conduit());
            if (r.jox() != null) {
                trials.add(r.jox());
            }
            trials.addAll(r.jdk().values());
            for (Trial t : trials) {
                if (scores.containsKey(t.key())) {
                    continue;
                }
                double[] its = runOne(t, logs);
                scores.put(t.key(), its);
                double median = median(its);
                Files.writeString(tsv, String.join("\t", "jmh", r.name(), t.key(), String.valueOf(median), r.unit(),
                        Arrays.toString(its)) + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                System.out.printf("%-70s %-50s %s%n", r.name(), t.key(),
                        Double.isNaN(median) ? "FAILED (see the JMH log)" : format(median) + " " + r.unit());
            }
        }
        List<String[]> heapLines = heap ? heap(logs, tsv) : List.of();
        System.out.println();
        String provenance = "one run, " + Duration.between(start, Instant.now()).toSeconds() + " s; raw scores in " + tsv;
        java.io.ByteArrayOutputStream buffer = new java.io.ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8)) {
            print(out, rows, heapLines, provenance);
        }
        String md = buffer.toString(StandardCharsets.UTF_8);
        System.out.print(md);
        Files.writeString(dir.resolve("waiting-" + stamp + ".md"), md);
    }

    /** @return the sorted scores of the measurement iterations of every fork; empty when the trial failed */
    private double[] runOne(Trial t, Path logs) throws RunnerException {
        ChainedOptionsBuilder o = new OptionsBuilder()
                .include("^" + t.benchmark().replace(".", "\\.") + "$")
                .forks(forks)
                .warmupIterations(warmup).warmupTime(TimeValue.seconds(seconds))
                .measurementIterations(iterations).measurementTime(TimeValue.seconds(seconds))
                .jvmArgsAppend(JVM_ARGS)
                .shouldFailOnError(false)
                .verbosity(VerboseMode.NORMAL)
                .output(logs.resolve(t.key().replaceAll("[^A-Za-z0-9=,.-]+", "_") + ".log").toString());
        t.params().forEach(o::param);
        List<Double> all = new ArrayList<>();
        for (RunResult r : new Runner(o.build()).run()) {
            for (BenchmarkResult b : r.getBenchmarkResults()) { // one per fork
                b.getIterationResults().forEach(i -> all.add(i.getPrimaryResult().getScore()));
            }
        }
        return all.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    }

    /** Runs {@link ChannelHeap} in its own JVM; returns its TSV lines split into fields. */
    private static List<String[]> heap(Path logs, Path tsv) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), ChannelHeap.class.getName())
                .redirectError(logs.resolve("ChannelHeap.stderr.log").toFile()).start();
        List<String[]> lines = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                lines.add(line.split("\t"));
                Files.writeString(tsv, line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                System.out.println(line);
            }
        }
        if (p.waitFor() != 0) {
            System.out.println("ChannelHeap exited with " + p.exitValue() + "; see " + logs.resolve("ChannelHeap.stderr.log"));
        }
        return lines;
    }

    // ---------------------------------------------------------------- the table

    private void print(PrintStream out, List<Row> rows, List<String[]> heap, String provenance) {
        out.println("## Waiting that scales: Conduit, Jox and the JDK in one run (" + provenance + ")");
        out.println();
        out.println("Lower is better in every row. Ratio = Conduit / best competitor (Jox or the best JDK queue): "
                + "at or below 1.00 meets issue 15's goal; for heap the goal is Conduit at or below Jox.");
        out.println();
        out.println("| row | unit | Conduit | Jox | best JDK | Conduit / best | goal met |");
        out.println("|---|---|---:|---:|---|---:|---|");
        for (Row r : rows) {
            double conduit = score(r.conduit());
            double jox = r.jox() == null ? Double.NaN : score(r.jox());
            String bestJdk = null;
            for (Map.Entry<String, Trial> e : r.jdk().entrySet()) {
                double v = score(e.getValue());
                if (!Double.isNaN(v) && (bestJdk == null || v < score(r.jdk().get(bestJdk)))) {
                    bestJdk = e.getKey();
                }
            }
            double jdk = bestJdk == null ? Double.NaN : score(r.jdk().get(bestJdk));
            line(out, r.name(), r.unit(), conduit, jox, jdk, bestJdk, r.jox() == null, false);
        }
        if (!heap.isEmpty()) {
            heapRows(out, heap);
        }
        out.println();
        out.println("JDK contenders: capacity 0 is SynchronousQueue or LinkedTransferQueue.transfer; capacity 16/100 "
                    + "is ArrayBlockingQueue or LinkedBlockingQueue of that bound; the waiter rows add "
                    + "LinkedTransferQueue (unbounded put); the JDK has no select. Heap: bytes each of 1,000 "
                    + "empty channels add (shared objects left out).");
        if (!heap.isEmpty()) {
            out.println();
            heapDetail(out, heap);
        }
    }

    private static void heapRows(PrintStream out, List<String[]> heap) {
        Map<String, Map<String, Double>> marginal = new LinkedHashMap<>(); // kind -> impl -> bytes
        Map<String, Map<String, String>> million = new LinkedHashMap<>();
        long maxHeapMb = 0;
        for (String[] f : heap) {
            if (f[0].equals("heap") && f.length >= 5) {
                marginal.computeIfAbsent(f[1], k -> new LinkedHashMap<>()).put(f[2], Double.parseDouble(f[4]));
            } else if (f[0].equals("million") && f.length >= 4) {
                million.computeIfAbsent(f[1], k -> new LinkedHashMap<>()).put(f[2], f[3]);
                if (f.length == 6) {
                    maxHeapMb = Math.max(maxHeapMb, Long.parseLong(f[5]));
                }
            }
        }
        for (Map.Entry<String, Map<String, Double>> k : marginal.entrySet()) {
            Map<String, Double> m = k.getValue();
            String bestJdk = bestOf(m);
            line(out, "heap per empty channel, " + k.getKey(), "bytes",
                    m.getOrDefault(Lane.CONDUIT, Double.NaN), m.getOrDefault(Lane.JOX, Double.NaN),
                    bestJdk == null ? Double.NaN : m.get(bestJdk), bestJdk, false, true);
        }
        for (Map.Entry<String, Map<String, String>> k : million.entrySet()) {
            Map<String, Double> bytes = new LinkedHashMap<>();
            k.getValue().forEach((impl, v) -> bytes.put(impl, parse(v)));
            String bestJdk = bestOf(bytes);
            double conduit = bytes.getOrDefault(Lane.CONDUIT, Double.NaN);
            String fit = Double.isNaN(conduit) ? "Conduit's did not fit"
                    : String.format("Conduit's: %,.0f fit in %,d MB", maxHeapMb * 1048576.0 / conduit, maxHeapMb);
            line(out, "1,000,000 idle " + k.getKey() + " channels, default heap (" + fit + ")", "MB",
                    mb(conduit), mb(bytes.getOrDefault(Lane.JOX, Double.NaN)),
                    bestJdk == null ? Double.NaN : mb(bytes.get(bestJdk)), bestJdk, false, true);
        }
    }

    private static void heapDetail(PrintStream out, List<String[]> heap) {
        Map<String, Map<String, Double>> marginal = new LinkedHashMap<>(); // kind -> impl -> bytes
        Map<String, Map<String, Double>> one = new LinkedHashMap<>();
        Map<String, Map<String, Double>> used = new LinkedHashMap<>();
        for (String[] f : heap) {
            if (f[0].equals("heap") && f.length >= 5) {
                one.computeIfAbsent(f[1], k -> new LinkedHashMap<>()).put(f[2], Double.parseDouble(f[3]));
                marginal.computeIfAbsent(f[1], k -> new LinkedHashMap<>()).put(f[2], Double.parseDouble(f[4]));
                used.computeIfAbsent(f[1], k -> new LinkedHashMap<>()).put(f[2], f.length >= 6 ? parse(f[5]) : Double.NaN);
            }
        }
        out.println("Heap detail (JOL, bytes): each of 1,000 empty channels / one channel alone (which also counts "
                + "objects all channels share) / each of 1,000 after one item went in and out (empty, but used)");
        out.println();
        out.println("| kind | contender: each of 1,000 / one alone / each of 1,000 used |");
        out.println("|---|---|");
        for (Map.Entry<String, Map<String, Double>> k : marginal.entrySet()) {
            List<String> parts = new ArrayList<>();
            Map<String, Double> alone = one.getOrDefault(k.getKey(), Map.of());
            Map<String, Double> afterUse = used.getOrDefault(k.getKey(), Map.of());
            k.getValue().forEach((impl, v) -> {
                double u = afterUse.getOrDefault(impl, Double.NaN);
                parts.add(impl + " " + format(v) + " / " + format(alone.getOrDefault(impl, Double.NaN)) + " / "
                        + (Double.isNaN(u) ? "n/a" : format(u)));
            });
            out.println("| " + k.getKey() + " | " + String.join("; ", parts) + " |");
        }
    }

    private static double mb(double bytesEach) {
        return bytesEach * ChannelHeap.MILLION / 1048576.0;
    }

    private static double parse(String v) {
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            return Double.NaN; // OOM or FAILED
        }
    }

    private static String bestOf(Map<String, Double> byImpl) {
        String best = null;
        for (Map.Entry<String, Double> e : byImpl.entrySet()) {
            if (e.getKey().equals(Lane.CONDUIT) || e.getKey().equals(Lane.JOX) || Double.isNaN(e.getValue())) {
                continue;
            }
            if (best == null || e.getValue() < byImpl.get(best)) {
                best = e.getKey();
            }
        }
        return best;
    }

    private static void line(PrintStream out, String name, String unit, double conduit, double jox, double jdk,
                             String bestJdk, boolean noJox, boolean heap) {
        double best = Double.isNaN(jox) ? jdk : Double.isNaN(jdk) ? jox : Math.min(jox, jdk);
        String ratio = Double.isNaN(conduit) || Double.isNaN(best) ? "n/a" : String.format("%.2f", conduit / best);
        String met;
        if (Double.isNaN(conduit)) {
            met = "failed";
        } else if (heap) {
            met = Double.isNaN(jox) ? "n/a" : conduit <= jox ? "yes (vs Jox)" : String.format("no: %.2fx Jox", conduit / jox);
        } else {
            met = Double.isNaN(best) ? "n/a" : conduit <= best ? "yes" : String.format("no: %.2fx", conduit / best);
        }
        out.println("| " + name + " | " + unit + " | " + cell(conduit) + " | " + (noJox ? "-" : cell(jox)) + " | "
                + (bestJdk == null ? "-" : cell(jdk) + " (" + bestJdk + ")") + " | " + ratio + " | " + met + " |");
    }

    private double score(Trial t) {
        double[] its = scores.get(t.key());
        return its == null ? Double.NaN : median(its);
    }

    /** @return the median of sorted values (the mean of the middle two for an even count), NaN if none */
    static double median(double[] sorted) {
        int n = sorted.length;
        if (n == 0) {
            return Double.NaN;
        }
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static String cell(double v) {
        return Double.isNaN(v) ? "failed" : format(v);
    }

    static String format(double v) {
        return v >= 100 ? String.format("%,.0f", v) : v >= 10 ? String.format("%.1f", v) : String.format("%.2f", v);
    }
}
