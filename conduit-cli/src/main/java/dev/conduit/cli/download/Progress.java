package dev.conduit.cli.download;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the user sees while the run goes on. Called from many worker threads at once; every
 * implementation is thread-safe.
 */
abstract class Progress implements DownloadStage.Events, AutoCloseable {
    protected final LongAdder bytes = new LongAdder();
    protected final AtomicInteger finished = new AtomicInteger();
    protected final long startNanos = System.nanoTime();
    protected volatile int total;

    /** The run is about to start with {@code total} URLs. */
    void start(int total) {
        this.total = total;
    }

    @Override
    public void bytes(long n) {
        bytes.add(n);
    }

    @Override
    public void retrying(UrlJob job, int attempt, String reason, Duration wait) {
    }

    /** {@code saved.job()} is done: saved, or skipped because its file exists. */
    void saved(Saved saved) {
        finished.incrementAndGet();
    }

    /** {@code job} failed for {@code reason}. */
    void failed(UrlJob job, String reason) {
        finished.incrementAndGet();
    }

    /** The run is over; stop drawing. */
    @Override
    public void close() {
    }

    /** @return body bytes received so far */
    long bytesSoFar() {
        return bytes.sum();
    }

    /** Shows nothing ({@code --quiet}). */
    static Progress quiet() {
        return new Progress() {
        };
    }

    /** One line per finished URL and per retry, for logs and pipes. */
    static Progress lines(PrintWriter out) {
        return new Progress() {
            @Override
            public void retrying(UrlJob job, int attempt, String reason, Duration wait) {
                line("retry   %s: %s; attempt %d in %s", job.text(), reason, attempt + 1, Durations.format(wait));
            }

            @Override
            void saved(Saved saved) {
                super.saved(saved);
                if (saved.skipped()) {
                    line("[%d/%d] skipped %s (exists: %s)", finished.get(), total, saved.job().text(), saved.file());
                } else {
                    line("[%d/%d] saved   %s (%s) <- %s", finished.get(), total, saved.file(),
                            ByteSizes.format(saved.bytes()), saved.job().text());
                }
            }

            @Override
            void failed(UrlJob job, String reason) {
                super.failed(job, reason);
                line("[%d/%d] FAILED  %s: %s", finished.get(), total, job.text(), reason);
            }

            private void line(String format, Object... args) {
                synchronized (out) {
                    out.printf(format + "%n", args);
                    out.flush();
                }
            }
        };
    }
}
