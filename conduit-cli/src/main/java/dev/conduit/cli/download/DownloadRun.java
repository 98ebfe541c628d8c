package dev.conduit.cli.download;

import dev.conduit.pipeline.ErrorPolicy;
import dev.conduit.pipeline.ItemFunction;
import dev.conduit.pipeline.Pipeline;
import dev.conduit.pipeline.PipelineResult;

import java.net.http.HttpClient;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * One run of the downloader: the two stages wired together, and the ledger that proves no URL is
 * lost.
 *
 * <p>The ledger holds one outcome slot per input URL, set exactly once (compare-and-set) when the
 * URL is saved, skipped or failed. After the run every slot must be set; one that is not (the run
 * was interrupted, or a bug) is reported as failed with that reason, so it lands in the failed file
 * instead of vanishing. A slot set twice would mean a URL was handled twice; that is counted and
 * reported as an internal error.
 */
final class DownloadRun {

    /**
     * The outcome of a run.
     *
     * @param total   URLs given
     * @param saved   URLs saved (under their name or a suffixed one)
     * @param skipped URLs skipped because their file existed ({@code --skip-existing})
     * @param failed  URLs that failed, in input order, with reasons
     * @param bytes   body bytes saved
     * @param took    wall time
     * @param report  the stage report
     * @param doubles outcomes recorded twice for one URL (0 unless there is a bug)
     */
    record Summary(int total, int saved, int skipped, List<FailedFile.Entry> failed, long bytes, Duration took,
                   String report, int doubles) {
    }

    /** The HTTP client's read buffer size property (bytes), read once when the client's classes load. */
    static final String CLIENT_BUFFER_PROPERTY = "jdk.httpclient.bufsize";
    /**
     * The read buffer we ask for: 64 kB instead of the client's 16 kB default makes a quarter of
     * the hand-offs per body byte (each buffer travels through the client's subscribers, the
     * {@link BodyStream} and one file write), which shows on large files; with
     * {@link BodyStream#AHEAD} buffers requested ahead per body it is still about half a megabyte
     * per download worker.
     */
    static final int CLIENT_BUFFER_BYTES = 64 * 1024;

    /**
     * Where the HTTP client runs the work its selector thread hands off (parsing a response,
     * delivering body buffers, completing the exchange): right there, on the selector thread. The
     * client calls its executor only from that thread (elsewhere it runs the task inline), and
     * nothing we give it blocks: {@link BodyStream#onNext} only offers to a channel, and the file
     * writes, gunzipping and retries happen in the download workers. So the selector thread is an
     * event loop like curl's, and a response no longer travels through two more threads (a virtual
     * thread per hand-off before). Measured cold on tmpfs, interleaved with the virtual-thread
     * executor: 20 files of 10 MiB 4-8 % faster with 5 % less CPU in each of three sessions; 2,000
     * small files 5-9 % faster in two sessions, no different in two others. The JDK's client allows
     * such an executor (its receiver expects to run "in the selector" with one).
     */
    private static final Executor CLIENT_EXECUTOR = Runnable::run;

    private static final String NOT_FINISHED = "not processed (the run stopped before this URL finished)";

    private final DownloadSettings settings;
    private final Progress progress;
    private final DownloadStage.BodySink sink;
    private final List<UrlJob> jobs;
    private final OutputTree tree;
    /** One slot per job: a {@link Saved} or a failure reason; set once. */
    private final AtomicReferenceArray<Object> ledger;
    private final AtomicInteger doubles = new AtomicInteger();

    DownloadRun(DownloadSettings settings, Progress progress, DownloadStage.BodySink sink, List<UrlJob> jobs) {
        this.settings = settings;
        this.progress = progress;
        this.sink = sink;
        this.jobs = List.copyOf(jobs);
        this.tree = new OutputTree(settings.outputDir());
        this.ledger = new AtomicReferenceArray<>(jobs.size());
    }

    /** The usual sink: the temporary file itself, truncated for each attempt. */
    static DownloadStage.BodySink fileSink() {
        return temp -> FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
    }

    /**
     * Downloads every job and returns what happened; the output directory must be usable. Call once.
     *
     * @throws InterruptedException if interrupted; the workers are interrupted too
     */
    Summary run() throws InterruptedException {
        long start = System.nanoTime();
        progress.start(jobs.size());

        String report;
        useLargerClientBuffers();
        try (HttpClient client = HttpClient.newBuilder()
                     .executor(CLIENT_EXECUTOR)
                     .connectTimeout(settings.timeout())
                     .followRedirects(HttpClient.Redirect.NEVER) // followed by hand, with a limit
                     .build()) {
            DownloadStage download = new DownloadStage(settings, client, tree, progress, sink);
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
                report = wire(jobs, downloadFn, saveFn);
            } catch (InterruptedException e) {
                client.shutdownNow(); // abort exchanges in flight rather than wait for them in close()
                throw e;
            }
        } finally {
            progress.close();
            tree.deleteTempFiles(); // none after a complete run; after an interrupted one, the bodies in flight
        }

        int saved = 0;
        int skipped = 0;
        long bytes = 0;
        List<FailedFile.Entry> failed = new ArrayList<>();
        for (int i = 0; i < jobs.size(); i++) {
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
        return new Summary(jobs.size(), saved, skipped, failed, bytes,
                Duration.ofNanos(System.nanoTime() - start), report, doubles.get());
    }

    /**
     * Asks for {@link #CLIENT_BUFFER_BYTES} read buffers unless the user set the property (for
     * example with {@code JAVA_OPTS=-Djdk.httpclient.bufsize=...}). Takes effect only if no HTTP
     * client was created in this JVM before, which holds for the {@code conduit} program.
     */
    private static void useLargerClientBuffers() {
        if (System.getProperty(CLIENT_BUFFER_PROPERTY) == null) {
            System.setProperty(CLIENT_BUFFER_PROPERTY, Integer.toString(CLIENT_BUFFER_BYTES));
        }
    }

    /**
     * Connects the stages: {@code -j} virtual-thread download workers feeding {@code --save-workers}
     * save workers through a bounded channel. The only place that knows how the stages are wired.
     * Failures are skipped by the pipeline (and already in the ledger); items it did not get to are
     * the ledger's empty slots.
     *
     * @return the pipeline's stage report
     */
    private String wire(List<UrlJob> jobs, ItemFunction<UrlJob, Fetched> downloadFn,
                        ItemFunction<Fetched, Saved> saveFn) throws InterruptedException {
        PipelineResult<Void> result = Pipeline.from(jobs)
                .name("download")
                .defaultErrorPolicy(ErrorPolicy.skip())
                .map("download", settings.downloadWorkers(), downloadFn).virtualThreads()
                .buffer(Math.max(4, 2 * settings.saveWorkers()))
                .to("save", settings.saveWorkers(), saveFn::apply)
                .run();
        return result.report();
    }

    /**
     * For a run cut short (the JVM is shutting down on Ctrl-C): removes the temporary files still
     * being written and returns every URL that failed or has not finished, so they can go to the
     * failed file. Safe to call from another thread while the run goes on.
     */
    List<FailedFile.Entry> abandon() {
        tree.deleteTempFiles();
        List<FailedFile.Entry> notDone = new ArrayList<>();
        for (int i = 0; i < jobs.size(); i++) {
            Object outcome = ledger.get(i);
            if (!(outcome instanceof Saved)) {
                notDone.add(new FailedFile.Entry(jobs.get(i), outcome instanceof String r ? r : "not finished: the run was interrupted"));
            }
        }
        return notDone;
    }

    /** @return how many URLs the run has */
    int total() {
        return jobs.size();
    }

    /** Sets the URL's ledger slot; the first outcome stands, a second is counted as a bug. */
    private void record(UrlJob job, Object outcome) {
        if (!ledger.compareAndSet(job.index(), null, outcome)) {
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
