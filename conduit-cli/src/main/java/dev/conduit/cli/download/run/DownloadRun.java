package dev.conduit.cli.download.run;

import dev.conduit.cli.download.http.HttpEngine;
import dev.conduit.cli.download.http.SchemeRouter;
import dev.conduit.cli.download.output.BodySink;
import dev.conduit.cli.download.output.OutputTree;
import dev.conduit.pipeline.ErrorPolicy;
import dev.conduit.pipeline.ItemFunction;
import dev.conduit.pipeline.Pipeline;
import dev.conduit.pipeline.PipelineResult;
import dev.conduit.pipeline.RunningPipeline;

import dev.conduit.cli.download.crawl.Frontier;
import dev.conduit.cli.download.crawl.RobotsRules;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * One run of the downloader: the two stages wired together, and the ledger that proves no URL is
 * lost.
 *
 * <p>The ledger holds one outcome slot per input URL, set exactly once (compare-and-set) when the
 * URL is saved, skipped or failed. After the run every slot must be set; one that is not (the run
 * was interrupted, or a bug) is reported as failed with that reason, so it lands in the failed file
 * instead of vanishing. A slot set twice would mean a URL was handled twice; that is counted and
 * reported as an internal error. A recursive download adds a slot for every link it requests.
 */
public final class DownloadRun {

    /**
     * The outcome of a run.
     *
     * @param total   URLs given
     * @param saved   URLs saved (under their name or a suffixed one)
     * @param skipped URLs skipped because their file existed ({@code --skip-existing})
     * @param failed  URLs that failed, in input order, with reasons
     * @param bytes   body bytes saved
     * @param took    wall time
     * @param report  renders the stage report (formatting takes a few milliseconds: only when asked for)
     * @param doubles outcomes recorded twice for one URL (0 unless there is a bug)
     */
    public record Summary(int total, int saved, int skipped, List<FailedFile.Entry> failed, long bytes, Duration took,
                   Supplier<String> report, int doubles) {
    }

    private static final String NOT_FINISHED = "not processed (the run stopped before this URL finished)";

    private final DownloadSettings settings;
    private final Progress progress;
    private final BodySink sink;
    /** Every URL of the run by index: the input's, then (with {@code -r}) those the crawl found. */
    private final ConcurrentHashMap<Integer, UrlJob> jobs = new ConcurrentHashMap<>();
    private final AtomicInteger jobCount = new AtomicInteger();
    private final OutputTree tree;
    /** One slot per job: a {@link Saved} or a failure reason; set once. */
    private final ConcurrentHashMap<Integer, Object> ledger = new ConcurrentHashMap<>();
    private final AtomicInteger doubles = new AtomicInteger();
    /** The pipeline while it runs, for {@link #cancel()}. */
    private volatile RunningPipeline<?> running;
    private volatile HttpEngine engine;
    private volatile boolean cancelled;

    public DownloadRun(DownloadSettings settings, Progress progress, BodySink sink, List<UrlJob> jobs) {
        this.settings = settings;
        this.progress = progress;
        this.sink = sink;
        for (UrlJob job : jobs) {
            this.jobs.put(job.index(), job);
        }
        jobCount.set(jobs.size());
        this.tree = new OutputTree(settings.outputDir());
    }

    /**
     * Downloads every job and returns what happened; the output directory must be usable. Call once.
     *
     * @throws InterruptedException if interrupted; the workers are interrupted too
     */
    public Summary run() throws InterruptedException {
        long start = System.nanoTime();
        tree.startRun();
        progress.start(jobCount.get());

        Supplier<String> report;
        try (HttpEngine http = new SchemeRouter(settings.httpEngine(), settings.timeout(), settings.userAgent(),
                settings.proxy(), settings.tls())) {
            engine = http;
            Crawler crawler = settings.crawl() == null ? null : startCrawl(http);
            DownloadStage download = new DownloadStage(settings, http, tree, progress, sink,
                    crawler == null ? null : crawler::follow);
            SaveStage save = new SaveStage(tree, settings.overwrite());

            ItemFunction<UrlJob, Fetched> downloadFn = job -> {
                try {
                    return download.apply(job);
                } catch (DownloadFailure f) {
                    record(job, f.reason());
                    throw f;
                } catch (RuntimeException e) {
                    record(job, "internal error: " + e);
                    throw e;
                }
            };
            ItemFunction<Fetched, Saved> saveFn = fetched -> {
                try {
                    Saved saved = save.apply(fetched);
                    record(saved.job(), saved);
                    return saved;
                } catch (DownloadFailure f) {
                    record(fetched.job(), f.reason());
                    throw f;
                }
            };
            try {
                report = crawler == null ? wire(List.copyOf(jobs.values()), downloadFn, saveFn)
                        : crawl(crawler, downloadFn, saveFn);
            } catch (InterruptedException e) {
                http.shutdownNow(); // abort exchanges in flight rather than wait for them in close()
                throw e;
            }
        } finally {
            progress.close();
            tree.deleteTempFiles(); // none after a complete run; after an interrupted one, the bodies in flight
            tree.endRun();
        }

        int saved = 0;
        int skipped = 0;
        long bytes = 0;
        List<FailedFile.Entry> failed = new ArrayList<>();
        int total = jobCount.get();
        for (int i = 0; i < total; i++) {
            Object outcome = ledger.get(i);
            if (outcome instanceof Saved s) {
                if (s.skipped()) {
                    skipped++;
                } else {
                    saved++;
                    bytes += s.bytes();
                }
            } else {
                String reason = outcome instanceof String r ? r : NOT_FINISHED;
                failed.add(new FailedFile.Entry(jobs.get(i), reason));
            }
        }
        return new Summary(total, saved, skipped, failed, bytes,
                Duration.ofNanos(System.nanoTime() - start), report, doubles.get());
    }

    /**
     * Connects the stages: {@code -j} download workers feeding {@code --save-workers} save workers
     * through a bounded channel. The only place that knows how the stages are wired.
     *
     * <p>The download workers are virtual threads with {@code --http-engine jdk} and platform
     * threads with the default engine. Why: a virtual thread that blocks on a socket read parks on
     * the JDK's I/O poller, a platform thread waiting in {@code epoll_wait}, and HotSpot's exit waits
     * up to 300 ms for threads in native code before it gives up on them. Measured: every run whose
     * workers had parked on a socket took 0.30 s longer to exit (0.46 s instead of 0.16 s for one
     * URL). Platform threads block in {@code read} itself and are gone by then; the JDK's client
     * closes its own selector thread.
     * Failures are skipped by the pipeline (and already in the ledger); items it did not get to are
     * the ledger's empty slots.
     *
     * @return renders the pipeline's stage report
     */
    private Supplier<String> wire(List<UrlJob> jobs, ItemFunction<UrlJob, Fetched> downloadFn,
                        ItemFunction<Fetched, Saved> saveFn) throws InterruptedException {
        Pipeline<Fetched> download = Pipeline.from(jobs)
                .name("download")
                .defaultErrorPolicy(ErrorPolicy.skip())
                .map("download", settings.downloadWorkers(), downloadFn);
        if (settings.httpEngine() == SchemeRouter.Choice.JDK) {
            download = download.virtualThreads();
        }
        return runToEnd(download
                .buffer(Math.max(4, 2 * settings.saveWorkers()))
                .to("save", settings.saveWorkers(), saveFn::apply));
    }

    /**
     * Reads robots.txt (unless {@code --no-robots}) and makes the crawl's frontier from the start URL,
     * the only job. robots.txt is claimed, so no link makes the crawl request it again.
     */
    private Crawler startCrawl(HttpEngine http) throws InterruptedException {
        UrlJob start = jobs.get(0);
        DownloadSettings.Crawl crawl = settings.crawl();
        RobotsRules robots = RobotsRules.ALLOW_ALL;
        java.net.URI robotsUrl = start.url().resolve("/robots.txt");
        if (crawl.robots() && !start.malformed()) {
            robots = RobotsFile.read(http, robotsUrl, settings.userAgent());
        }
        Frontier frontier = new Frontier(start.url(), crawl.maxDepth(), crawl.noParent(), robots);
        if (crawl.robots()) {
            frontier.claim(robotsUrl, 0);
        }
        return new Crawler(frontier, tree.root(), this::newJob);
    }

    /** A URL the crawl found: a new slot in the ledger. */
    private UrlJob newJob(java.net.URI url, int depth) {
        int index = jobCount.getAndIncrement();
        UrlJob job = new UrlJob(index, url.toString(), url, null, depth, false);
        jobs.put(index, job);
        progress.found(1);
        return job;
    }

    /**
     * A recursive download: a loop from the start URL through download and save to the links of
     * each saved page, which go back to the download stage, until none is left anywhere.
     */
    private Supplier<String> crawl(Crawler crawler, ItemFunction<UrlJob, Fetched> downloadFn,
                                   ItemFunction<Fetched, Saved> saveFn) throws InterruptedException {
        boolean virtual = settings.httpEngine() == SchemeRouter.Choice.JDK;
        return runToEnd(Pipeline.loop(List.of(jobs.get(0)), (Pipeline<UrlJob> urls) -> {
                    Pipeline<Fetched> download = urls.map("download", settings.downloadWorkers(), downloadFn);
                    if (virtual) {
                        download = download.virtualThreads();
                    }
                    return download.buffer(Math.max(4, 2 * settings.saveWorkers()))
                            .map("save", settings.saveWorkers(), saveFn)
                            .flatMap("links", 2, crawler::links);
                })
                .name("download")
                .defaultErrorPolicy(ErrorPolicy.skip()));
    }

    /** Runs the pipeline (cancellable by {@link #cancel()}) and returns its report. */
    private Supplier<String> runToEnd(Pipeline<Void> pipeline) throws InterruptedException {
        RunningPipeline<Void> started = pipeline.start();
        running = started;
        if (cancelled) {
            started.cancel();
        }
        try {
            PipelineResult<Void> result = started.await();
            return result::report;
        } catch (InterruptedException e) {
            started.cancel();
            throw e;
        }
    }

    /**
     * Stops the run from another thread (Ctrl-C): the pipeline is cancelled and the exchanges in
     * flight are aborted (a platform thread blocked in a socket read does not see an interrupt), so
     * {@link #run()} returns soon, its URLs not saved listed as failed and its temporary files deleted.
     */
    public void cancel() {
        cancelled = true;
        RunningPipeline<?> r = running;
        if (r != null) {
            r.cancel();
        }
        HttpEngine http = engine;
        if (http != null) {
            http.shutdownNow();
        }
    }

    /**
     * For a run cut short (the JVM is shutting down on Ctrl-C): removes the temporary files still
     * being written and returns every URL that failed or has not finished, so they can go to the
     * failed file. Safe to call from another thread while the run goes on.
     */
    public List<FailedFile.Entry> abandon() {
        tree.deleteTempFiles();
        tree.endRun();
        List<FailedFile.Entry> notDone = new ArrayList<>();
        for (int i = 0; i < jobCount.get(); i++) {
            Object outcome = ledger.get(i);
            if (!(outcome instanceof Saved)) {
                notDone.add(new FailedFile.Entry(jobs.get(i), outcome instanceof String r ? r : "not finished: the run was interrupted"));
            }
        }
        return notDone;
    }

    /** @return how many URLs the run has */
    public int total() {
        return jobCount.get();
    }

    /** Sets the URL's ledger slot; the first outcome stands, a second is counted as a bug. */
    private void record(UrlJob job, Object outcome) {
        if (job.index() < 0) {
            return; // an expansion again of a page that has its outcome already
        }
        if (ledger.putIfAbsent(job.index(), outcome) != null) {
            doubles.incrementAndGet();
            return;
        }
        if (outcome instanceof Saved s) {
            progress.saved(s);
        } else {
            progress.failed(job, (String) outcome);
        }
    }
}
