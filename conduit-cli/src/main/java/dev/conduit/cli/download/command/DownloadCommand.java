package dev.conduit.cli.download.command;

import dev.conduit.cli.download.http.SchemeRouter;
import dev.conduit.cli.download.http.TrustedCertificates;
import dev.conduit.cli.download.output.BodySink;
import dev.conduit.cli.download.output.OutputTree;
import dev.conduit.cli.download.run.DownloadRun;
import dev.conduit.cli.download.run.DownloadSettings;
import dev.conduit.cli.download.text.Reasons;
import dev.conduit.cli.download.run.FailedFile;
import dev.conduit.cli.download.run.Progress;
import dev.conduit.cli.download.run.UrlInput;
import dev.conduit.cli.download.run.UrlJob;
import dev.conduit.cli.download.text.ByteSizes;
import dev.conduit.cli.download.text.Durations;
import dev.conduit.pipeline.PipelineFailedException;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.Reader;
import java.lang.reflect.Method;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code conduit download}: the seed's website downloader as a tool. URLs from arguments, a file or
 * standard input go through a download stage ({@code -j} workers) and a save stage
 * ({@code --save-workers} threads); see {@link DownloadRun}. Exit code 0 when every URL was saved
 * or skipped, 1 when some failed (they are listed with reasons in the failed file), 2 on bad usage
 * or an unusable output directory.
 *
 * <p>The options are declared with picocli's programmatic API ({@link #spec}) rather than its
 * annotations: reading annotations makes the JVM generate a proxy class per annotation type and
 * picocli reflect over every field and method, about 90 ms of CPU and 50 ms of a download's wall
 * time (measured against a run that skipped it, 12 interleaved runs each). The parsed values land
 * in the fields below when {@link #call()} starts.
 */
public final class DownloadCommand implements Callable<Integer> {

    List<String> urls;
    String inputFile;
    Path outputDir;
    int downloadWorkers;
    int saveWorkers;
    int maxPerHost;
    Duration timeout;
    int retries;
    Duration retryWait;
    int maxRedirects;
    boolean skipExisting;
    boolean overwrite;
    Long maxSize;
    String userAgent;
    SchemeRouter.Choice httpEngine;
    String proxyUrl;
    /** {@link #proxyUrl} checked and parsed by {@link #checkOptions}: unresolved, or {@code null} for none. */
    InetSocketAddress proxy;
    Path caCert;
    /** {@link #caCert} loaded by {@link #checkOptions}, or {@code null} for the JDK's trusted authorities. */
    SSLContext tls;
    boolean quiet;
    boolean report;
    boolean recursive;
    boolean noParent;
    String level;
    boolean noRobots;
    Duration waitBetween;
    boolean resume;
    Long limitRate;
    Path failedFile;
    String queueUri;
    boolean closeQueue;
    Duration lease;

    /** How long an interrupted run may take to stop and write its failed file before the hook does it. */
    private static final Duration INTERRUPT_GRACE = Duration.ofSeconds(20);

    /** The most download (or save) workers: each is a thread, and with the default engine a connection. */
    static final int MAX_WORKERS = 256;

    /** {@link #level} checked by {@link #checkOptions}: the deepest depth, {@link Integer#MAX_VALUE} for no limit. */
    int maxDepth;

    /** picocli's own converter to Path goes through reflection (it supports Java 5), which costs a few ms. */
    private static final CommandLine.ITypeConverter<Path> TO_PATH = Path::of;

    /** This command's picocli model, set by {@link #spec}. */
    private CommandSpec spec;

    /**
     * Declares {@code conduit download}'s arguments and options for the given command object, which
     * picocli calls once they are parsed. The program adds {@code --help} and {@code --version}.
     *
     * @param command the command to run
     * @return its picocli model, to add to a {@link CommandLine} (or to wrap in one)
     */
    public static CommandSpec spec(DownloadCommand command) {
        CommandSpec spec = CommandSpec.wrapWithoutInspection(command).name("download");
        Map<String, String> exitCodes = new LinkedHashMap<>();
        exitCodes.put("0", "every URL saved or skipped");
        exitCodes.put("1", "some URLs failed (see the failed file)");
        exitCodes.put("2", "bad usage, unreadable URL list or unusable output directory");
        spec.usageMessage()
                .description("Download URLs in parallel into a directory, with retries, safe file names and a stage report.",
                        "File names are host[_port]/path (index.html for a directory). Failed URLs go to the failed file,"
                                + " which is valid input: conduit download -i DIR/failed.txt -o DIR retries exactly those.")
                .sortOptions(false)
                .exitCodeListHeading("%nExit codes:%n")
                .exitCodeList(exitCodes);
        spec.addPositional(PositionalParamSpec.builder().paramLabel("URL").arity("0..*")
                .type(List.class).auxiliaryTypes(String.class)
                .description("http or https URLs to download").build());
        spec.addOption(option(String.class, "-i", "--input-file").paramLabel("FILE")
                .description("read URLs from FILE, one a line (blank lines and # comments skipped); - for standard input").build());
        spec.addOption(option(Path.class, "-o", "--output-dir").paramLabel("DIR").converters(TO_PATH)
                .description("directory to save into (created if missing); required, except when putting URLs on a --queue").build());
        spec.addOption(flag("-r", "--recursive")
                .description("download a website: follow the links of every HTML page (a href, img src, link href,"
                        + " script src, srcset) on the start URL's host and port; give one start URL").build());
        spec.addOption(flag("-np", "--no-parent")
                .description("with -r: never go above the start URL's directory").build());
        spec.addOption(option(String.class, "-l", "--level").paramLabel("N").defaultValue("5")
                .description("with -r: follow links at most N deep (the start page is 0); 0 or inf for no limit"
                        + " (default ${DEFAULT-VALUE})").build());
        spec.addOption(flag("--no-robots")
                .description("with -r: do not read or honour the site's robots.txt").build());
        spec.addOption(option(int.class, "-j", "--download-workers").paramLabel("N").defaultValue("8")
                .description("concurrent downloads (default ${DEFAULT-VALUE})").build());
        spec.addOption(option(int.class, "--save-workers").paramLabel("N").defaultValue("2")
                .description("threads moving finished downloads to their final names (default ${DEFAULT-VALUE})").build());
        spec.addOption(option(int.class, "--max-per-host").paramLabel("N").defaultValue("0")
                .description("at most N requests to one host at a time; 0: no limit beyond -j (default ${DEFAULT-VALUE})").build());
        spec.addOption(option(Duration.class, "--timeout").paramLabel("TIME").defaultValue("30s")
                .converters(new DurationConverter())
                .description("connect timeout, wait for the response, and longest silence while reading a body (default ${DEFAULT-VALUE})").build());
        spec.addOption(option(int.class, "--retries").paramLabel("N").defaultValue("3")
                .description("retries after a connection error, timeout, 429 or 5xx, with exponential backoff"
                        + " (Retry-After honoured up to 120 s); a host that left 2 x -j attempts in a row"
                        + " unanswered (at least 10: refused, timed out or cut off) is not tried again in this"
                        + " run (default ${DEFAULT-VALUE})").build());
        spec.addOption(option(Duration.class, "--retry-wait").paramLabel("TIME").defaultValue("500ms")
                .converters(new DurationConverter())
                .description("first backoff; each later one doubles, up to 30 s (default ${DEFAULT-VALUE})").build());
        spec.addOption(option(int.class, "--max-redirects").paramLabel("N").defaultValue("10")
                .description("redirects followed per URL (default ${DEFAULT-VALUE})").build());
        spec.addOption(flag("--skip-existing").description("do not download URLs whose file already exists").build());
        spec.addOption(flag("-c", "--continue")
                .description("complete files from an earlier run that are shorter than the server's copy, with"
                        + " Range: bytes=SIZE- (fetched whole if the server ignores the range)").build());
        spec.addOption(flag("--overwrite")
                .description("replace files that existed before this run, never one this run saved (the default:"
                        + " a URL always gets the same name, and a second run writes no name-1 copies)").build());
        spec.addOption(option(Long.class, "--max-size").paramLabel("SIZE").converters(new SizeConverter())
                .description("fail URLs whose body is larger, e.g. 500k, 10M, 2G (default: no limit)").build());
        spec.addOption(option(Duration.class, "-w", "--wait").paramLabel("TIME").defaultValue("0")
                .converters(new DurationConverter())
                .description("wait at least TIME between the starts of two requests to one host, e.g. 1s, 500ms"
                        + " (default: no wait; --max-per-host limits how many run at once)").build());
        spec.addOption(option(Long.class, "--limit-rate").paramLabel("RATE").converters(new SizeConverter())
                .description("at most RATE body bytes per second for the whole run, e.g. 200k, 1M (default: no limit)").build());
        spec.addOption(option(String.class, "--user-agent").paramLabel("TEXT").defaultValue("conduit/0.1.0")
                .description("User-Agent header (default ${DEFAULT-VALUE})").build());
        spec.addOption(option(SchemeRouter.Choice.class, "--http-engine").paramLabel("ENGINE").defaultValue("auto")
                .converters(new EngineConverter())
                .description("auto: a small built-in HTTP/1.1 client for http:// URLs and the JDK's HttpClient"
                        + " (HTTP/2 and TLS) for https://; jdk: the JDK's for every URL (default ${DEFAULT-VALUE})").build());
        spec.addOption(option(String.class, "--proxy").paramLabel("http://HOST:PORT")
                .description("send every request through this HTTP proxy; https URLs are tunnelled with"
                        + " CONNECT, and every URL uses the JDK's client. The http_proxy environment"
                        + " variables are not read (default: connect directly)").build());
        spec.addOption(option(Path.class, "--ca-cert").paramLabel("FILE").converters(TO_PATH)
                .description("trust only the certificates in FILE (PEM) for https, e.g. a private CA"
                        + " (default: the JDK's trusted authorities)").build());
        spec.addOption(flag("-q", "--quiet")
                .description("no progress and no summary; failures still go to the failed file").build());
        spec.addOption(flag("--report")
                .description("print the stage report: per stage busy/starved/blocked time and the bottleneck").build());
        spec.addOption(option(Path.class, "--failed").paramLabel("FILE").converters(TO_PATH)
                .description("where to list failed URLs with reasons (default: DIR/failed.txt)").build());
        spec.addOption(option(String.class, "--queue").paramLabel("nats://HOST:PORT/NAME")
                .description("work through a queue on a NATS JetStream server, shared by workers on any number of"
                        + " machines: with URLs (arguments or -i), put them on the queue; with -o DIR, be a worker:"
                        + " download URLs from the queue until it is closed and finished").build());
        spec.addOption(flag("--close")
                .description("with --queue and URLs: close the queue once they are stored, so workers end when it is done").build());
        spec.addOption(option(Duration.class, "--lease").paramLabel("TIME").converters(new DurationConverter())
                .description("with --queue, for workers (all the same value): how long a URL a worker holds without"
                        + " word from it stays its own before it is delivered to another (default 30s)").build());
        command.spec = spec;
        return spec;
    }

    private static OptionSpec.Builder option(Class<?> type, String... names) {
        return OptionSpec.builder(names).type(type);
    }

    private static OptionSpec.Builder flag(String... names) {
        return OptionSpec.builder(names).type(boolean.class).arity("0");
    }

    /** Copies the parsed values from the model into the fields. */
    private void readOptions() {
        List<String> given = spec.positionalParameters().get(0).getValue();
        urls = given != null ? given : List.of();
        inputFile = value("--input-file");
        outputDir = value("--output-dir");
        downloadWorkers = value("--download-workers");
        saveWorkers = value("--save-workers");
        maxPerHost = value("--max-per-host");
        timeout = value("--timeout");
        retries = value("--retries");
        retryWait = value("--retry-wait");
        maxRedirects = value("--max-redirects");
        skipExisting = isSet("--skip-existing");
        overwrite = isSet("--overwrite");
        maxSize = value("--max-size");
        userAgent = value("--user-agent");
        httpEngine = value("--http-engine");
        proxyUrl = value("--proxy");
        caCert = value("--ca-cert");
        quiet = isSet("--quiet");
        report = isSet("--report");
        failedFile = value("--failed");
        recursive = isSet("--recursive");
        noParent = isSet("--no-parent");
        level = value("--level");
        noRobots = isSet("--no-robots");
        waitBetween = value("--wait");
        resume = isSet("--continue");
        limitRate = value("--limit-rate");
        queueUri = value("--queue");
        closeQueue = isSet("--close");
        lease = value("--lease");
    }

    private <T> T value(String option) {
        return spec.findOption(option).getValue();
    }

    private boolean isSet(String option) {
        return Boolean.TRUE.equals(spec.findOption(option).getValue());
    }

    /** Standard input, for {@code -i -}; replaced by tests. */
    InputStream stdin = System.in;

    /** Where bodies are written; replaced by tests to simulate a full disk. */
    BodySink sink = BodySink.files();

    /**
     * Runs the download: reads the URLs, checks the output directory, runs the stages, writes the
     * failed file and prints the summary (and the report). Blocks until every URL is done.
     *
     * @return the exit code: 0 all saved or skipped, 1 some failed, 2 unusable input or directory
     * @throws InterruptedException if interrupted while the run goes on
     */
    @Override
    public Integer call() throws InterruptedException {
        readOptions();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        checkOptions();

        UrlInput input = new UrlInput();
        urls.forEach(input::add);
        if (inputFile != null) {
            try {
                readInputFile(input);
            } catch (IOException e) {
                err.println("conduit download: cannot read the URL list " + inputFile + ": " + Reasons.describe(e));
                return 2;
            }
        }
        List<UrlJob> jobs = input.jobs();
        if (queueUri != null) {
            return QueueDownload.run(this, jobs, out, err);
        }
        if (jobs.isEmpty()) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "no URLs to download: give them as arguments, with -i FILE, or with -i - on standard input");
        }
        if (recursive && jobs.size() != 1) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "-r/--recursive takes one start URL, " + jobs.size() + " were given");
        }
        if (input.duplicates() > 0 && !quiet) {
            out.println(input.duplicates() + (input.duplicates() == 1 ? " URL was" : " URLs were")
                    + " given more than once; each is fetched once");
        }
        String unusable = OutputTree.prepare(outputDir);
        if (unusable != null) {
            err.println("conduit download: " + unusable);
            return 2;
        }
        Path failed = failedFile();
        DownloadSettings settings = settings();
        Progress progress = progress(out, err);
        DownloadRun run = new DownloadRun(settings, progress, sink, jobs);
        // On Ctrl-C (or SIGTERM) the JVM runs this hook and exits when it returns, while call() goes
        // on: stop the run, let call() write the failed file as after any run, and wait for that.
        // If it does not come in time, clean up and list the unfinished URLs here.
        CountDownLatch reported = new CountDownLatch(1);
        Thread onInterrupt = new Thread(() -> {
            run.cancel();
            try {
                if (reported.await(INTERRUPT_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                    err.println("conduit download: interrupted; unfinished and failed URLs are in " + failed);
                    err.flush();
                    return;
                }
            } catch (InterruptedException ignored) {
                // fall through to the quick clean-up
            }
            try {
                FailedFile.write(failed, outputDir, run.abandon(), run.total());
                err.println("\nconduit download: interrupted; unfinished and failed URLs are in " + failed);
            } catch (IOException | RuntimeException e) {
                err.println("\nconduit download: interrupted; could not write " + failed + ": " + e.getMessage());
            }
            err.flush();
        }, "download-interrupted");
        Runtime.getRuntime().addShutdownHook(onInterrupt);
        DownloadRun.Summary summary;
        try {
            summary = run.run();
        } catch (PipelineFailedException e) {
            // the stages never ran: no thread could be started for them (the machine or the process is out of threads)
            err.println("conduit download: cannot start the download: " + Reasons.describe(e.getCause() != null ? e.getCause() : e));
            err.flush();
            reported.countDown();
            return 1;
        } finally {
            removeShutdownHook(onInterrupt);
        }

        boolean wrote;
        try {
            wrote = FailedFile.write(failed, outputDir, summary.failed(), summary.total());
        } catch (IOException e) {
            err.println("conduit download: cannot write the failed file " + failed + ": " + Reasons.describe(e));
            summary.failed().forEach(f -> err.println("  failed: " + f.job().text() + "  # " + f.reason()));
            wrote = false;
        }
        if (!quiet) {
            printSummary(out, err, summary, wrote ? failed : null);
            if (report) {
                out.println();
                out.print(summary.report().get());
            }
        } else if (!summary.failed().isEmpty()) {
            err.println("conduit download: " + summary.failed().size() + " of " + summary.total() + " URLs failed"
                    + (wrote ? "; see " + failed : ""));
        }
        if (summary.doubles() > 0) {
            err.println("conduit download: internal error: " + summary.doubles() + " URLs were handled twice");
        }
        out.flush();
        err.flush();
        reported.countDown();
        return summary.failed().isEmpty() && summary.doubles() == 0 ? 0 : 1;
    }

    CommandSpec spec() {
        return spec;
    }

    Path failedFile() {
        return failedFile != null ? failedFile : outputDir.resolve("failed.txt");
    }

    DownloadSettings settings() {
        return new DownloadSettings(outputDir, failedFile(), downloadWorkers, saveWorkers, maxPerHost,
                timeout, retries, retryWait, maxRedirects, skipExisting, !skipExisting, maxSize == null ? 0 : maxSize, userAgent,
                httpEngine, proxy, tls, recursive ? new DownloadSettings.Crawl(maxDepth, noParent, !noRobots) : null,
                waitBetween, limitRate == null ? 0 : limitRate, resume);
    }

    Progress progress(PrintWriter out, PrintWriter err) {
        return quiet ? Progress.quiet() : onTerminal() ? new BarProgress(System.err) : new LineProgress(out, err);
    }

    /**
     * Parses {@code --proxy}: {@code http://HOST:PORT}, optionally with a trailing slash. The port
     * must be given (proxies listen on no one default port), and credentials are refused rather
     * than sent where the user may not expect them.
     *
     * @return the proxy's address, unresolved
     * @throws IllegalArgumentException saying what is wrong with the value
     */
    private static InetSocketAddress parseProxy(String value) {
        String wrong = "--proxy must be http://HOST:PORT, was '" + value + "'";
        URI uri;
        try {
            uri = new URI(value.strip());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(wrong + ": " + e.getMessage(), e);
        }
        String problem = null;
        String path = uri.getRawPath();
        if (!"http".equalsIgnoreCase(uri.getScheme())) {
            problem = "only http:// proxies are supported";
        } else if (uri.getRawUserInfo() != null) {
            problem = "credentials in the proxy URL are not supported";
        } else if (uri.getHost() == null || uri.getPort() < 0) {
            problem = "the host and port are needed";
        } else if ((path != null && !path.isEmpty() && !path.equals("/")) || uri.getRawQuery() != null
                || uri.getRawFragment() != null) {
            problem = "a proxy URL has no path or query";
        }
        if (problem != null) {
            throw new IllegalArgumentException(wrong + ": " + problem);
        }
        return InetSocketAddress.createUnresolved(uri.getHost(), uri.getPort());
    }

    private static void removeShutdownHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or has run; it reports by itself
        }
    }

    private void checkOptions() {
        List<String> problems = new ArrayList<>();
        if (downloadWorkers < 1) {
            problems.add("-j/--download-workers must be at least 1, was " + downloadWorkers);
        } else if (downloadWorkers > MAX_WORKERS) {
            problems.add("-j/--download-workers must be at most " + MAX_WORKERS + ", was " + downloadWorkers
                    + ": each worker is a thread and a connection, and more would exhaust the machine's threads"
                    + " (and a server's patience) before they made the download faster");
        }
        if (saveWorkers > MAX_WORKERS) {
            problems.add("--save-workers must be at most " + MAX_WORKERS + ", was " + saveWorkers);
        }
        maxDepth = Integer.MAX_VALUE;
        String depth = level.strip().toLowerCase(Locale.ROOT);
        if (!depth.equals("inf") && !depth.equals("0")) {
            try {
                maxDepth = Integer.parseInt(depth);
                if (maxDepth < 0) {
                    problems.add("-l/--level must be 0 or more (0 or inf: no limit), was " + level);
                }
            } catch (NumberFormatException e) {
                problems.add("-l/--level must be a number or inf, was '" + level + "'");
            }
        }
        if (!recursive && (noParent || noRobots || spec.commandLine().getParseResult().hasMatchedOption("--level"))) {
            problems.add("-np, -l and --no-robots apply only with -r/--recursive");
        }
        if (saveWorkers < 1) {
            problems.add("--save-workers must be at least 1, was " + saveWorkers);
        }
        if (userAgent.indexOf('\r') >= 0 || userAgent.indexOf('\n') >= 0) {
            problems.add("--user-agent must be one line");
        }
        if (maxPerHost < 0) {
            problems.add("--max-per-host must be 0 (no limit) or more, was " + maxPerHost);
        }
        if (retries < 0) {
            problems.add("--retries must be 0 or more, was " + retries);
        }
        if (maxRedirects < 0) {
            problems.add("--max-redirects must be 0 or more, was " + maxRedirects);
        }
        if (limitRate != null && limitRate == 0) {
            problems.add("--limit-rate must be more than 0 (leave it out for no limit)");
        }
        if (maxSize != null && maxSize == 0) {
            problems.add("--max-size must be more than 0 (leave it out for no limit)");
        }
        if (timeout.isZero()) {
            problems.add("--timeout must be more than 0");
        }
        if (outputDir == null && queueUri == null) {
            problems.add("-o/--output-dir DIR is required: where to save the files");
        }
        if (queueUri == null && (closeQueue || lease != null)) {
            problems.add((closeQueue ? "--close" : "--lease") + " goes with --queue nats://HOST:PORT/NAME");
        }
        if (lease != null && lease.toMillis() < 100) {
            problems.add("--lease must be at least 100ms, was " + lease);
        }
        if (queueUri != null && recursive) {
            problems.add("-r/--recursive does not go with --queue: a crawl's frontier lives in one process");
        }
        if (skipExisting && resume) {
            problems.add("--skip-existing and -c/--continue contradict each other; give one");
        }
        if (skipExisting && overwrite) {
            problems.add("--skip-existing and --overwrite contradict each other; give one");
        }
        proxy = null;
        if (proxyUrl != null) {
            try {
                proxy = parseProxy(proxyUrl);
            } catch (IllegalArgumentException e) {
                problems.add(e.getMessage());
            }
        }
        tls = null;
        if (caCert != null) {
            try {
                tls = TrustedCertificates.sslContext(caCert);
            } catch (IOException e) {
                problems.add("--ca-cert " + caCert + ": " + Reasons.describe(e));
            }
        }
        if (!problems.isEmpty()) {
            throw new CommandLine.ParameterException(spec.commandLine(), String.join("; ", problems));
        }
    }

    private void readInputFile(UrlInput input) throws IOException {
        if (inputFile.equals("-")) {
            input.addAll(new InputStreamReader(stdin, StandardCharsets.UTF_8));
            return;
        }
        try (Reader r = Files.newBufferedReader(Path.of(inputFile), StandardCharsets.UTF_8)) {
            input.addAll(r);
        }
    }

    /** The counts on standard output; the failures, as curl and wget do, on standard error. */
    private void printSummary(PrintWriter out, PrintWriter err, DownloadRun.Summary s, Path failed) {
        double seconds = Math.max(1e-3, s.took().toNanos() / 1e9);
        out.printf(Locale.ROOT, "%d saved, %d skipped, %d failed of %d URLs; %s in %s (%s/s)%n",
                s.saved(), s.skipped(), s.failed().size(), s.total(), ByteSizes.format(s.bytes()),
                Durations.format(s.took()), ByteSizes.format((long) (s.bytes() / seconds)));
        if (!s.failed().isEmpty()) {
            int shown = Math.min(10, s.failed().size());
            for (FailedFile.Entry f : s.failed().subList(0, shown)) {
                err.println("  failed: " + f.job().text() + ": " + f.reason());
            }
            if (shown < s.failed().size()) {
                err.println("  ... and " + (s.failed().size() - shown) + " more");
            }
            if (failed != null) {
                err.println("failed URLs and reasons are in " + failed + "; retry them with: conduit download -i "
                        + failed + " -o " + outputDir);
            }
        }
    }

    /** Whether standard output and error are an interactive terminal (Console.isTerminal() on JDK 22+). */
    private static boolean onTerminal() {
        java.io.Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            Method isTerminal = java.io.Console.class.getMethod("isTerminal");
            return (boolean) isTerminal.invoke(console);
        } catch (ReflectiveOperationException e) {
            return true; // JDK 21: System.console() is null unless on a terminal
        }
    }

    /** Converts {@code 30s}, {@code 500ms}, {@code 2m} or plain seconds. */
    static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            try {
                return Durations.parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    /** {@code auto} or {@code jdk}, in any case. */
    static final class EngineConverter implements CommandLine.ITypeConverter<SchemeRouter.Choice> {
        @Override
        public SchemeRouter.Choice convert(String value) {
            return switch (value.strip().toLowerCase(Locale.ROOT)) {
                case "auto" -> SchemeRouter.Choice.AUTO;
                case "jdk" -> SchemeRouter.Choice.JDK;
                default -> throw new CommandLine.TypeConversionException(
                        "'" + value + "' is not an HTTP engine: use auto or jdk");
            };
        }
    }

    /** Converts {@code 500k}, {@code 10M}, {@code 2G} or plain bytes. */
    static final class SizeConverter implements CommandLine.ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            try {
                return ByteSizes.parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
