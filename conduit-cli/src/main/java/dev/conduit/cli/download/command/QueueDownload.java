package dev.conduit.cli.download.command;

import dev.conduit.cli.download.output.OutputTree;
import dev.conduit.cli.download.run.FailedFile;
import dev.conduit.cli.download.run.QueueWorkerRun;
import dev.conduit.cli.download.run.UrlJob;
import dev.conduit.cli.download.text.ByteSizes;
import dev.conduit.cli.download.text.Durations;
import dev.conduit.cli.download.text.Reasons;
import dev.conduit.nats.NatsClaims;
import dev.conduit.nats.NatsQueueAddress;
import dev.conduit.nats.NatsWorkQueue;
import dev.conduit.workqueue.ItemCodec;
import dev.conduit.workqueue.WorkQueueOptions;
import dev.conduit.workqueue.WorkQueueStats;
import dev.conduit.workqueue.WorkQueueUnavailableException;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * {@code conduit download --queue nats://HOST:PORT/NAME}: the producer (URLs given: put them on the
 * queue, {@code --close} it after) and the worker ({@code -o DIR}: download from the queue until it
 * is closed and finished). Exit codes: 0 done (a worker: no URL of the queue is dead), 1 some URLs
 * are dead, 2 a malformed queue address, a broker that cannot be reached, or bad usage.
 */
final class QueueDownload {
    private QueueDownload() {
    }

    static int run(DownloadCommand c, List<UrlJob> jobs, PrintWriter out, PrintWriter err) throws InterruptedException {
        NatsQueueAddress address;
        try {
            address = NatsQueueAddress.parse(c.queueUri);
        } catch (IllegalArgumentException e) {
            err.println("conduit download: " + e.getMessage());
            return 2;
        }
        boolean producer = !jobs.isEmpty();
        if (producer && c.outputDir != null) {
            throw new CommandLine.ParameterException(c.spec().commandLine(), "with --queue, give URLs (to put them on the"
                    + " queue) or -o DIR (to work as a worker), not both");
        }
        if (!producer && c.outputDir == null) {
            throw new CommandLine.ParameterException(c.spec().commandLine(), "with --queue, give URLs (arguments, -i FILE"
                    + " or -i -) to put them on the queue, or -o DIR to work as a worker");
        }
        if (!producer && c.closeQueue) {
            throw new CommandLine.ParameterException(c.spec().commandLine(), "--close is for the producer: give the URLs too");
        }
        try {
            return producer ? produce(c, address, jobs, out) : work(c, address, out, err);
        } catch (WorkQueueUnavailableException e) {
            err.println("conduit download: " + e.getMessage());
            return 2;
        }
    }

    /** Puts every URL once (a message id from its text: a second producer of the same list adds nothing), then closes. */
    private static int produce(DownloadCommand c, NatsQueueAddress address, List<UrlJob> jobs, PrintWriter out)
            throws InterruptedException {
        NatsWorkQueue<String> q = NatsWorkQueue.attach(address, ItemCodec.utf8(),
                WorkQueueOptions.defaults().patience(Duration.ofMinutes(5)));
        try {
            Set<String> unique = new LinkedHashSet<>();
            for (UrlJob job : jobs) {
                unique.add(job.text());
            }
            int stored = 0;
            for (String url : unique) {
                if (q.putOnce(url, "url-" + sha256(url))) {
                    stored++;
                }
            }
            if (c.closeQueue) {
                q.close();
            }
            if (!c.quiet) {
                out.printf(Locale.ROOT, "%d URLs put on %s%s%s%n", stored, address,
                        stored < unique.size() ? " (" + (unique.size() - stored) + " were there already)" : "",
                        c.closeQueue ? "; the queue is closed" : "");
            }
            return 0;
        } finally {
            q.disconnect();
        }
    }

    private static int work(DownloadCommand c, NatsQueueAddress address, PrintWriter out, PrintWriter err)
            throws InterruptedException {
        String unusable = OutputTree.prepare(c.outputDir);
        if (unusable != null) {
            err.println("conduit download: " + unusable);
            return 2;
        }
        Duration lease = c.lease != null ? c.lease : Duration.ofSeconds(30);
        NatsWorkQueue<String> q = NatsWorkQueue.connect(address, ItemCodec.utf8(),
                WorkQueueOptions.defaults().lease(lease).patience(Duration.ofMinutes(5)));
        try {
            NatsClaims claims = NatsClaims.open(q, lease.multipliedBy(2));
            String owner = workerName();
            QueueWorkerRun.Summary s = new QueueWorkerRun(c.settings(), c.progress(out, err), c.sink, q, claims, owner).run();
            Path failed = c.failedFile();
            boolean wrote = false;
            try {
                wrote = FailedFile.write(failed, c.outputDir, s.failed(), s.saved() + s.failed().size());
            } catch (IOException e) {
                err.println("conduit download: cannot write the failed file " + failed + ": " + Reasons.describe(e));
                s.failed().forEach(f -> err.println("  failed: " + f.job().text() + "  # " + f.reason()));
            }
            WorkQueueStats stats = s.queue();
            if (!c.quiet) {
                double seconds = Math.max(1e-3, s.took().toNanos() / 1e9);
                out.printf(Locale.ROOT, "worker %s: %d saved, %d failed; %s in %s (%s/s); %d deliveries answered"
                                + " without a download%n", owner, s.saved(), s.failed().size(), ByteSizes.format(s.bytes()),
                        Durations.format(s.took()), ByteSizes.format((long) (s.bytes() / seconds)), s.avoided());
                out.printf(Locale.ROOT, "queue %s: done %d, dead %d%s%n", address, stats.done(), stats.dead(),
                        stats.dead() > 0 ? "; list them with: conduit queue failed " + address : "");
                if (wrote && !s.failed().isEmpty()) {
                    out.println("this worker's failed URLs and reasons are in " + failed);
                }
                if (c.report) {
                    out.println();
                    out.print(s.report().get());
                }
            }
            out.flush();
            return stats.dead() == 0 && s.failed().isEmpty() ? 0 : 1;
        } finally {
            q.disconnect();
        }
    }

    /** @return host:pid:random, unique among the workers of a queue */
    private static String workerName() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            host = "host";
        }
        return host + ":" + ProcessHandle.current().pid() + ":" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x10000));
    }

    static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }
}
