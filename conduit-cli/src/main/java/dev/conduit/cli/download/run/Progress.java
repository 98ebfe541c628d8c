package dev.conduit.cli.download.run;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * What a run tells the user's display while it goes on, and the counts every display shows.
 * Called from many worker threads at once; every implementation is thread-safe.
 */
public abstract class Progress implements DownloadStage.Events, AutoCloseable {
    /** Body bytes received so far. */
    protected final LongAdder bytes = new LongAdder();
    /** URLs finished so far: saved, skipped or failed. */
    protected final AtomicInteger finished = new AtomicInteger();
    /** When the display was made, by {@link System#nanoTime()}. */
    protected final long startNanos = System.nanoTime();
    /** URLs in the run, once {@link #start} was called. */
    protected volatile int total;

    /**
     * The run is about to start.
     *
     * @param total its URLs
     */
    public void start(int total) {
        this.total = total;
    }

    /**
     * A recursive download found more URLs to fetch.
     *
     * @param more how many
     */
    public synchronized void found(int more) {
        total += more;
    }

    @Override
    public void bytes(long n) {
        bytes.add(n);
    }

    @Override
    public void retrying(UrlJob job, int attempt, String reason, Duration wait) {
    }

    /**
     * A URL is done: saved, or skipped because its file exists.
     *
     * @param saved where it went
     */
    public void saved(Saved saved) {
        finished.incrementAndGet();
    }

    /**
     * A URL failed.
     *
     * @param job    the URL
     * @param reason why, one line
     */
    public void failed(UrlJob job, String reason) {
        finished.incrementAndGet();
    }

    /** The run is over; stop drawing. */
    @Override
    public void close() {
    }

    /** @return body bytes received so far */
    public long bytesSoFar() {
        return bytes.sum();
    }

    /** @return a display that shows nothing ({@code --quiet}) */
    public static Progress quiet() {
        return new Progress() {
        };
    }
}
