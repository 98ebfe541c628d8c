package dev.conduit.cli.download.run;

import dev.conduit.cli.download.http.BodyStream;
import dev.conduit.cli.download.http.FetchResponse;
import dev.conduit.cli.download.http.HttpEngine;
import dev.conduit.cli.download.output.BodySink;
import dev.conduit.cli.download.output.OutputTree;
import dev.conduit.cli.download.output.SafeNames;
import dev.conduit.cli.download.text.ByteSizes;
import dev.conduit.cli.download.text.Durations;
import dev.conduit.cli.download.text.Reasons;
import javax.net.ssl.SSLException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.zip.GZIPInputStream;
import java.util.zip.InflaterInputStream;
import java.util.zip.ZipException;

/**
 * The download stage: one URL in, its complete body in a temporary file out ({@link Fetched}), or a
 * {@link DownloadFailure} with the reason. It does not know how it is wired; any number of threads
 * may call {@link #apply} at once (it is meant for virtual threads: it blocks on the network).
 *
 * <p>Per attempt: take a permit of the host's {@link Semaphore} ({@code --max-per-host}), send a GET
 * through the {@link HttpEngine} (redirects followed by hand so that the limit, the loop and the
 * scheme are checked), and stream the body, gunzipped if the server compressed it, into the
 * temporary file; a body silent for {@code timeout} fails the attempt. Connection errors, timeouts, 429 and 5xx are
 * retried after a {@link Backoff} (or the server's {@code Retry-After}); the temporary file is
 * truncated for each attempt and deleted when the URL finally fails, so nothing partial is left.
 * A host that has left twice as many attempts in a row as there are workers (at least 10) without
 * an answer (refused, timed out, or cut off during the body) is given up: its remaining URLs fail
 * at once ({@link HostBreaker}).
 */
final class DownloadStage {

    /** A URL's temporary file, made by the first attempt that gets a body. */
    private static final class TempFile {
        final Path path;
        boolean created;

        TempFile(Path path) {
            this.path = path;
        }
    }

    /** What the stage reports while it works (implemented by the progress display). */
    interface Events {
        /** {@code n} more body bytes were written. */
        void bytes(long n);

        /** Attempt {@code attempt} of {@code job} failed for {@code reason}; the next starts after {@code wait}. */
        void retrying(UrlJob job, int attempt, String reason, Duration wait);
    }

    private static final int COPY_BUFFER = 64 * 1024;

    /**
     * Each worker thread's copy buffer. A new one per body was 64 kB of allocation per URL: 130 MB
     * zeroed and a young collection every 8 files for 2,000 small files.
     */
    private static final ThreadLocal<byte[]> COPY_BUFFERS = ThreadLocal.withInitial(() -> new byte[COPY_BUFFER]);

    private final DownloadSettings settings;
    private final HttpEngine http;
    private final OutputTree tree;
    private final Events events;
    private final BodySink sink;
    private final Backoff backoff;
    private final ConcurrentHashMap<String, Semaphore> hostPermits = new ConcurrentHashMap<>();
    private final HostBreaker breaker;
    private final Politeness politeness;
    /** A crawl's say on redirects; {@code null} for a list, which follows every redirect. */
    private final Redirects crawlRedirects;

    DownloadStage(DownloadSettings settings, HttpEngine http, OutputTree tree, Events events, BodySink sink) {
        this(settings, http, tree, events, sink, null);
    }

    DownloadStage(DownloadSettings settings, HttpEngine http, OutputTree tree, Events events, BodySink sink,
                  Redirects redirects) {
        this.crawlRedirects = redirects;
        this.politeness = new Politeness(settings.waitBetween(), settings.limitRate());
        this.settings = settings;
        this.http = http;
        this.tree = tree;
        this.events = events;
        this.sink = sink;
        this.backoff = new Backoff(settings.retryWait());
        // Twice the workers: a host that refused every worker's attempt and every retry of them.
        this.breaker = new HostBreaker(Math.max(10, 2 * settings.downloadWorkers()));
    }

    /**
     * Fetches one URL into a temporary file in the output directory.
     *
     * @param job the URL
     * @return the body (or, with {@code --skip-existing}, the note that its file exists)
     * @throws DownloadFailure with the reason, when the URL cannot be fetched; no temporary file is left
     */
    Fetched apply(UrlJob job) throws DownloadFailure {
        if (job.malformed()) {
            throw new DownloadFailure(job, job.problem());
        }
        if (job.expandAgain()) {
            return new Fetched(job, "", null, 0, null, null, false); // fetched already: only its links are followed again
        }
        String name = SafeNames.fileNameFor(job.url());
        if (settings.skipExisting() && tree.existedBeforeRun(name)) {
            return new Fetched(job, name, null, 0, job.url(), null, false);
        }
        if (settings.resume()) {
            Path existing = tree.fileBeforeRun(name);
            if (existing != null) {
                Fetched resumed = resume(job, name, existing);
                if (resumed != null) {
                    return resumed;
                }
            }
        }
        TempFile temp = new TempFile(tree.newTempName());
        boolean done = false;
        try {
            Answer answer = fetchWithRetries(job, temp);
            done = true;
            // a crawl names a file by where its content came from: /dir redirected to /dir/ is dir/index.html
            String finalName = crawlRedirects != null && !answer.url().equals(job.url()) ? SafeNames.fileNameFor(answer.url()) : name;
            return new Fetched(job, finalName, temp.path, answer.bytes(), answer.url(), answer.contentType(), false);
        } catch (NotFollowed n) {
            return new Fetched(job, SafeNames.fileNameFor(n.target), null, 0, null, null, false);
        } finally {
            if (!done) {
                deleteQuietly(tree, temp.path);
            }
        }
    }

    private Answer fetchWithRetries(UrlJob job, TempFile temp) throws DownloadFailure, NotFollowed {
        int attempts = settings.retries() + 1;
        for (int attempt = 1; ; attempt++) {
            Retryable problem;
            try {
                return attemptOnce(job, temp);
            } catch (Retryable r) {
                problem = r;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DownloadFailure(job, "cancelled", e);
            }
            if (attempt >= attempts) {
                throw new DownloadFailure(job, problem.getMessage()
                        + (attempts > 1 ? " (gave up after " + attempts + " attempts)" : ""));
            }
            String givenUp = breaker.refusal(job.url()); // the next attempt would fail at once: do not wait for it
            if (givenUp != null) {
                throw new DownloadFailure(job, givenUp);
            }
            Duration wait = problem.retryAfter != null ? problem.retryAfter : backoff.after(attempt);
            if (wait.compareTo(Backoff.MAX_RETRY_AFTER) > 0) {
                throw new DownloadFailure(job, problem.getMessage() + "; the server asked to retry after "
                        + Durations.format(wait) + ", more than the " + Durations.format(Backoff.MAX_RETRY_AFTER) + " we wait");
            }
            events.retrying(job, attempt, problem.getMessage(), wait);
            try {
                Thread.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DownloadFailure(job, "cancelled while waiting to retry (" + problem.getMessage() + ")", e);
            }
        }
    }

    /** One attempt: follow redirects, then stream the body into {@code temp}. */
    private Answer attemptOnce(UrlJob job, TempFile temp) throws Retryable, DownloadFailure, InterruptedException, NotFollowed {
        URI current = job.url();
        for (int redirects = 0; ; redirects++) {
            Semaphore permit = permitFor(current);
            if (permit != null) {
                permit.acquire();
            }
            try {
                FetchResponse response = send(job, current);
                int status = response.status();
                if (status >= 200 && status < 300) {
                    return new Answer(saveAnswer(job, current, response, temp), current,
                            response.firstValue("Content-Type").orElse(null));
                }
                breaker.answered(current); // a status other than 2xx is the whole answer: its body is dropped
                if (status >= 300 && status < 400 && status != 304) {
                    response.discard();
                    Optional<String> location = response.firstValue("Location");
                    if (location.isEmpty()) {
                        throw new DownloadFailure(job, "HTTP " + status + " redirect without a Location header");
                    }
                    if (redirects >= settings.maxRedirects()) {
                        throw new DownloadFailure(job, "too many redirects (more than " + settings.maxRedirects()
                                + "; a redirect loop?), last to " + location.get());
                    }
                    URI next = resolve(job, current, location.get());
                    if (crawlRedirects != null && !crawlRedirects.follow(job, next)) {
                        throw new NotFollowed(next);
                    }
                    current = next;
                    continue;
                }
                if (status == 429 || status >= 500) {
                    response.discard();
                    throw new Retryable("HTTP " + status, Backoff.retryAfter(response.headers()).orElse(null));
                }
                response.discard();
                throw new DownloadFailure(job, "HTTP " + status);
            } finally {
                if (permit != null) {
                    permit.release();
                }
            }
        }
    }

    private FetchResponse send(UrlJob job, URI url) throws Retryable, DownloadFailure, InterruptedException {
        return send(job, url, -1);
    }

    /**
     * {@code -c}: completes a file from before the run with the rest of the server's copy, asked for
     * with {@code Range: bytes=SIZE-} and appended in place (a run cut short leaves a longer partial
     * file, and the URL in the failed file). Attempts go on from the size reached.
     *
     * @return the outcome, or {@code null} when the file is to be fetched whole instead: the server
     *         ignored the range (200), redirected, or has a copy that is not a continuation
     */
    private Fetched resume(UrlJob job, String name, Path file) throws DownloadFailure {
        int attempts = settings.retries() + 1;
        for (int attempt = 1; ; attempt++) {
            long size;
            try {
                size = Files.size(file);
            } catch (IOException e) {
                return null;
            }
            if (size == 0) {
                return null;
            }
            String problem;
            try {
                FetchResponse response = send(job, job.url(), size);
                int status = response.status();
                String range = response.firstValue("Content-Range").orElse("").strip();
                if (status == 416 && range.equals("bytes */" + size)) {
                    response.discard();
                    breaker.answered(job.url());
                    return new Fetched(job, name, null, 0, job.url(), null, false); // complete already
                }
                if (status != 206 || !range.startsWith("bytes " + size + "-")) {
                    response.discard();
                    return null;
                }
                long appended = 0;
                try (InputStream body = response.body();
                     WritableByteChannel out = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND,
                             LinkOption.NOFOLLOW_LINKS)) {
                    byte[] chunk = COPY_BUFFERS.get();
                    int readSize = politeness.readSize(chunk.length);
                    for (int n; (n = body.read(chunk, 0, readSize)) >= 0; ) {
                        appended += n;
                        checkSize(job, size + appended, settings.maxSize());
                        politeness.afterBytes(n);
                        events.bytes(write(job, out, ByteBuffer.wrap(chunk, 0, n)));
                    }
                }
                breaker.answered(job.url());
                return new Fetched(job, name, null, size + appended, job.url(), response.firstValue("Content-Type").orElse(null), true);
            } catch (Retryable r) {
                problem = r.getMessage();
            } catch (InterruptedException | InterruptedIOException e) {
                Thread.currentThread().interrupt();
                throw new DownloadFailure(job, "cancelled while continuing " + name, e);
            } catch (IOException e) {
                problem = "connection failed while continuing the file (" + Reasons.describe(e) + ")";
                breaker.unanswered(job.url(), problem);
            }
            if (attempt >= attempts) {
                throw new DownloadFailure(job, problem + "; the part saved stays in " + name
                        + " and -c continues it (gave up after " + attempts + " attempts)");
            }
            try {
                Thread.sleep(backoff.after(attempt));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DownloadFailure(job, "cancelled while waiting to continue " + name, e);
            }
        }
    }

    private FetchResponse send(UrlJob job, URI url, long from) throws Retryable, DownloadFailure, InterruptedException {
        String givenUp = breaker.refusal(url);
        if (givenUp != null) {
            throw new DownloadFailure(job, givenUp);
        }
        politeness.beforeRequest(url);
        try {
            return http.get(url, from);
        } catch (HttpConnectTimeoutException e) {
            throw unanswered(url, "could not connect" + (settings.proxy() != null ? " to " + connectTarget(url) : "")
                    + " within " + Durations.format(settings.timeout()));
        } catch (HttpTimeoutException e) {
            throw unanswered(url, "no response within " + Durations.format(settings.timeout()));
        } catch (ConnectException e) {
            throw unanswered(url, "cannot connect to " + connectTarget(url) + " (" + Reasons.describe(e) + ")");
        } catch (IOException e) {
            if (causeOf(e, SSLException.class) != null) {
                throw tlsFailure(job, url, e);
            }
            throw unanswered(url, Reasons.describe(e));
        }
    }

    /**
     * A TLS failure. A certificate that is not trusted or not for this host fails the URL for good
     * (no retry changes it), with what to do about it.
     *
     * @return that failure, for the caller to throw
     * @throws Retryable for any other TLS failure (a handshake cut off), counted against the host
     */
    private DownloadFailure tlsFailure(UrlJob job, URI url, IOException e) throws Retryable {
        String reason = "TLS with " + HostBreaker.key(url) + " failed: ";
        if (causeOf(e, CertificateException.class) == null) {
            throw unanswered(url, reason + Reasons.describe(e));
        }
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        String detail = Reasons.describe(root);
        if (detail.startsWith("No subject alternative") || detail.startsWith("No name matching")) {
            return new DownloadFailure(job, reason + "the server's certificate is for another name (" + detail + ")");
        }
        return new DownloadFailure(job, reason + "the server's certificate is not trusted (" + detail
                + "); a private authority can be given with --ca-cert FILE");
    }

    /** @return the first exception of {@code type} along {@code e}'s causes, {@code e} included, or {@code null} */
    private static <X extends Throwable> X causeOf(Throwable e, Class<X> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    /** What a connection for {@code url} goes to: the proxy when there is one, else the URL's host. */
    private String connectTarget(URI url) {
        InetSocketAddress proxy = settings.proxy();
        if (proxy != null) {
            return "proxy " + proxy.getHostString() + ":" + proxy.getPort();
        }
        return url.getHost() + (url.getPort() >= 0 ? ":" + url.getPort() : "");
    }

    /** Counts an attempt that got no answer against {@code url}'s host; returns the retryable failure. */
    private Retryable unanswered(URI url, String reason) {
        breaker.unanswered(url, reason);
        return new Retryable(reason, null);
    }

    /**
     * Saves a 2xx body; the host has answered once the body is complete. A body cut short or gone
     * silent counts against the host like no response at all.
     */
    private long saveAnswer(UrlJob job, URI url, FetchResponse response, TempFile temp) throws Retryable, DownloadFailure {
        long written;
        try {
            written = saveBody(job, response, temp);
        } catch (Retryable r) {
            throw unanswered(url, r.getMessage());
        }
        breaker.answered(url);
        return written;
    }

    /** Streams a 2xx body into {@code temp}, enforcing {@code --max-size}. */
    private long saveBody(UrlJob job, FetchResponse response, TempFile temp)
            throws Retryable, DownloadFailure {
        long max = settings.maxSize();
        long declared = response.firstValue("Content-Length").map(DownloadStage::parseLength).orElse(-1L);
        String encoding = response.firstValue("Content-Encoding").orElse("identity").strip().toLowerCase(Locale.ROOT);
        if (max > 0 && declared > max && encoding.equals("identity")) {
            response.discard();
            throw new DownloadFailure(job, "too large: " + ByteSizes.format(declared) + " is more than --max-size "
                    + ByteSizes.format(max));
        }
        long written = 0;
        try (InputStream body = response.body(); WritableByteChannel out = openTemp(job, temp)) {
            if (encoding.equals("identity") && body instanceof BodyStream batches) {
                // the JDK client's buffers go straight to the file: no copy
                for (List<ByteBuffer> batch; (batch = batches.next()) != null; ) {
                    for (ByteBuffer buffer : batch) {
                        written += buffer.remaining();
                        checkSize(job, written, max);
                        politeness.afterBytes(buffer.remaining());
                        events.bytes(write(job, out, buffer));
                    }
                }
            } else {
                InputStream in = switch (encoding) {
                    case "identity" -> body;
                    case "gzip", "x-gzip" -> new GZIPInputStream(body, COPY_BUFFER);
                    case "deflate" -> new InflaterInputStream(body);
                    default -> throw new DownloadFailure(job, "unsupported Content-Encoding: " + encoding);
                };
                byte[] chunk = COPY_BUFFERS.get();
                int readSize = politeness.readSize(chunk.length);
                for (int n; (n = in.read(chunk, 0, readSize)) >= 0; ) {
                    written += n;
                    checkSize(job, written, max);
                    politeness.afterBytes(n);
                    events.bytes(write(job, out, ByteBuffer.wrap(chunk, 0, n)));
                }
            }
        } catch (DownloadFailure f) {
            throw f;
        } catch (InterruptedIOException | InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DownloadFailure(job, "cancelled", e);
        } catch (HttpTimeoutException e) {
            throw new Retryable("timed out: " + e.getMessage(), null);
        } catch (ZipException e) {
            throw new DownloadFailure(job, "the server sent a corrupt " + encoding + " body: " + Reasons.describe(e), e);
        } catch (IOException e) {
            // from the network (reset, closed early, bad gzip) or from closing the file (a late ENOSPC)
            if (Reasons.isDiskFull(e)) {
                throw new DownloadFailure(job, writeProblem("cannot write to " + settings.outputDir(), e), e);
            }
            throw new Retryable("connection failed while reading the body after " + ByteSizes.format(written)
                    + " (" + Reasons.describe(e) + ")", null);
        }
        return written;
    }

    /** A Content-Length's value, or -1 when it is not a single number (the engine checks framing itself). */
    private static long parseLength(String value) {
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static void checkSize(UrlJob job, long written, long max) throws DownloadFailure {
        if (max > 0 && written > max) {
            throw new DownloadFailure(job, "too large: more than --max-size " + ByteSizes.format(max));
        }
    }

    /** Writes all of {@code buffer}; a write error (disk full) is the URL's failure, not a network error. */
    private int write(UrlJob job, WritableByteChannel out, ByteBuffer buffer) throws DownloadFailure {
        int n = buffer.remaining();
        try {
            while (buffer.hasRemaining()) {
                out.write(buffer);
            }
        } catch (IOException e) {
            throw new DownloadFailure(job, writeProblem("cannot write to " + settings.outputDir(), e), e);
        }
        return n;
    }

    private WritableByteChannel openTemp(UrlJob job, TempFile temp) throws DownloadFailure {
        try {
            WritableByteChannel out = sink.open(temp.path, !temp.created);
            temp.created = true;
            return out;
        } catch (IOException e) {
            throw new DownloadFailure(job, writeProblem("cannot write to " + settings.outputDir(), e), e);
        }
    }

    private URI resolve(UrlJob job, URI from, String location) throws DownloadFailure {
        URI next;
        try {
            next = from.resolve(new URI(location.strip()));
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new DownloadFailure(job, "redirect to a malformed URL: " + location);
        }
        String scheme = next.getScheme() == null ? "" : next.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new DownloadFailure(job, "redirect to an unsupported URL (only http and https): " + location);
        }
        return next;
    }

    private Semaphore permitFor(URI url) {
        if (settings.maxPerHost() <= 0) {
            return null;
        }
        String host = url.getHost().toLowerCase(Locale.ROOT) + ":" + url.getPort();
        return hostPermits.computeIfAbsent(host, h -> new Semaphore(settings.maxPerHost()));
    }

    private static String writeProblem(String what, IOException e) {
        return (Reasons.isDiskFull(e) ? "disk full: " : "") + what + ": " + Reasons.describe(e);
    }

    private static void deleteQuietly(OutputTree tree, Path p) {
        try {
            tree.deleteTempFile(p);
        } catch (IOException ignored) {
            // the temporary file's name starts with '.conduit-' and ends in '.part': visibly not a result
        }
    }

    /** Where an answer came from, after redirects, and what it was. */
    private record Answer(long bytes, URI url, String contentType) {
    }

    /**
     * Decides whether a crawl follows a redirect: not out of the crawl, and not to a URL the crawl
     * requests anyway (so no path is requested twice).
     */
    @FunctionalInterface
    interface Redirects {
        /** @return {@code true} to follow {@code job}'s redirect to {@code target} */
        boolean follow(UrlJob job, URI target);
    }

    /** A redirect the crawl does not follow: the URL is skipped, not failed. */
    private static final class NotFollowed extends Exception {
        final transient URI target;

        NotFollowed(URI target) {
            super("not followed: " + target, null, false, false);
            this.target = target;
        }
    }

    /** A failure worth another attempt, with the wait the server asked for, if any. */
    private static final class Retryable extends Exception {
        final transient Duration retryAfter;

        Retryable(String reason, Duration retryAfter) {
            super(reason, null, false, false);
            this.retryAfter = retryAfter;
        }
    }
}
