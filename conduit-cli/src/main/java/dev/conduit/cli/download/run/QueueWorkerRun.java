package dev.conduit.cli.download.run;

import dev.conduit.cli.download.http.HttpEngine;
import dev.conduit.cli.download.http.SchemeRouter;
import dev.conduit.cli.download.output.BodySink;
import dev.conduit.cli.download.output.OutputTree;
import dev.conduit.nats.NatsClaims;
import dev.conduit.nats.NatsWorkQueue;
import dev.conduit.pipeline.ErrorPolicy;
import dev.conduit.pipeline.ItemFunction;
import dev.conduit.pipeline.Pipeline;
import dev.conduit.pipeline.PipelineResult;
import dev.conduit.workqueue.WorkQueueStats;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * One worker of a distributed download: takes URLs from a queue that any number of workers on any
 * number of machines share, downloads and saves each with the usual stages, and ends when the queue
 * is closed and nothing is queued or in flight anywhere. Only URLs travel through the broker; bodies
 * stay on this machine. A URL's delivery is settled by the pipeline once its file has its final name
 * (done), or when it failed for good (dead, with the reason, so that {@code conduit queue failed}
 * lists it); each URL is claimed across machines when its download starts ({@link ClaimingQueue}). Names are chosen as in
 * a list download, with {@code --overwrite} semantics for files found from before the run: the same
 * URL always gets the same name, and a URL saved again replaces its file instead of adding
 * {@code name-1}.
 */
public final class QueueWorkerRun {
    /**
     * What this worker did.
     *
     * @param saved    URLs it saved
     * @param failed   URLs it failed, with reasons (dead in the queue)
     * @param bytes    body bytes saved
     * @param took     wall time
     * @param avoided  deliveries answered without a download (the URL was finished or held elsewhere)
     * @param queue    the queue's counts at the end
     * @param report   the stage report
     */
    public record Summary(int saved, List<FailedFile.Entry> failed, long bytes, Duration took, int avoided,
                          WorkQueueStats queue, Supplier<String> report) {
    }

    private final DownloadSettings settings;
    private final Progress progress;
    private final BodySink sink;
    private final NatsWorkQueue<String> queue;
    private final NatsClaims claims;
    private final String owner;

    /**
     * @param settings the download options (overwrite is implied, see the class comment)
     * @param progress where progress goes
     * @param sink     where bodies are written
     * @param queue    the queue's handle
     * @param claims   the queue's claims
     * @param owner    this worker's name, unique among the queue's workers
     */
    public QueueWorkerRun(DownloadSettings settings, Progress progress, BodySink sink, NatsWorkQueue<String> queue,
                          NatsClaims claims, String owner) {
        this.settings = settings;
        this.progress = progress;
        this.sink = sink;
        this.queue = queue;
        this.claims = claims;
        this.owner = owner;
    }

    /**
     * Works until the queue is finished.
     *
     * @return what this worker did
     * @throws InterruptedException if interrupted; the deliveries it held come back after their lease
     */
    public Summary run() throws InterruptedException {
        long start = System.nanoTime();
        OutputTree tree = new OutputTree(settings.outputDir());
        tree.startRun();
        progress.start(0);
        ClaimingQueue claimed = new ClaimingQueue(queue, claims, owner);
        AtomicInteger saved = new AtomicInteger();
        AtomicLong bytes = new AtomicLong();
        AtomicInteger index = new AtomicInteger();
        List<FailedFile.Entry> failed = Collections.synchronizedList(new ArrayList<>());
        PipelineResult<Void> result;
        try (HttpEngine http = new SchemeRouter(settings.httpEngine(), settings.timeout(), settings.userAgent(),
                settings.proxy(), settings.tls())) {
            DownloadStage download = new DownloadStage(settings, http, tree, progress, sink);
            SaveStage save = new SaveStage(tree, true);
            ItemFunction<String, Fetched> downloadFn = text -> {
                UrlJob job = UrlInput.parse(index.getAndIncrement(), text.strip());
                try {
                    if (job.problem() != null) {
                        throw new DownloadFailure(job, job.problem());
                    }
                    if (!claimed.claim(text)) {
                        return new Fetched(job, text, null, 0, null, null, false);   // answered: finished or held elsewhere
                    }
                    return download.apply(job);
                } catch (DownloadFailure f) {
                    failed.add(new FailedFile.Entry(job, f.reason()));
                    progress.failed(job, f.reason());
                    throw f;
                }
            };
            ItemFunction<Fetched, Saved> saveFn = fetched -> {
                if (fetched.skipped()) {
                    return null;
                }
                try {
                    Saved s = save.apply(fetched);
                    saved.incrementAndGet();
                    bytes.addAndGet(s.bytes());
                    progress.saved(s);
                    return s;
                } catch (DownloadFailure f) {
                    failed.add(new FailedFile.Entry(fetched.job(), f.reason()));
                    progress.failed(fetched.job(), f.reason());
                    throw f;
                }
            };
            Pipeline<Fetched> p = Pipeline.from(claimed)
                    .name("download")
                    .defaultErrorPolicy(ErrorPolicy.skip())
                    .buffer(settings.downloadWorkers())   // take little more than the workers can start on
                    .map("download", settings.downloadWorkers(), downloadFn);
            if (settings.httpEngine() == SchemeRouter.Choice.JDK) {
                p = p.virtualThreads();
            }
            try {
                result = p.buffer(Math.max(4, 2 * settings.saveWorkers()))
                        .to("save", settings.saveWorkers(), saveFn::apply)
                        .run();
            } catch (InterruptedException e) {
                http.shutdownNow();
                throw e;
            }
        } finally {
            progress.close();
            tree.deleteTempFiles();
            tree.endRun();
        }
        return new Summary(saved.get(), List.copyOf(failed), bytes.get(), Duration.ofNanos(System.nanoTime() - start),
                claimed.duplicatesAvoided(), queue.stats(), result::report);
    }
}
