package dev.conduit.cli.download.run;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How gently a run treats the servers: {@code -w/--wait} (at least this long between the starts of
 * two requests to one host, whatever the number of workers) and {@code --limit-rate} (body bytes
 * per second for the whole run). Both work by reservation: a caller books the next free moment
 * under a short lock and then sleeps until it outside the lock, so waiting callers line up in the
 * order they booked and none holds a lock while it sleeps. Thread-safe.
 */
final class Politeness {
    private final long waitNanos;
    private final long bytesPerSecond;
    /** host:port to the earliest moment ({@link System#nanoTime()}) the next request to it may start. */
    private final ConcurrentHashMap<String, AtomicLong> nextStart = new ConcurrentHashMap<>();
    /** The moment the bytes booked so far have been paid for, at {@link #bytesPerSecond}. */
    private long paidUntil = System.nanoTime();

    /**
     * @param wait           between two requests to one host; zero for none
     * @param bytesPerSecond the run's body bytes per second; 0 for no limit
     */
    Politeness(Duration wait, long bytesPerSecond) {
        this.waitNanos = wait.toNanos();
        this.bytesPerSecond = bytesPerSecond;
    }

    /** @return the most to read at once: a fifth of a second's worth when the rate is limited, else {@code usual} */
    int readSize(int usual) {
        return bytesPerSecond <= 0 ? usual : Math.clamp(bytesPerSecond / 5, 512, usual);
    }

    /** Waits until a request to {@code url}'s host may start. */
    void beforeRequest(URI url) throws InterruptedException {
        if (waitNanos <= 0) {
            return;
        }
        AtomicLong next = nextStart.computeIfAbsent(HostBreaker.key(url), k -> new AtomicLong(System.nanoTime()));
        long start;
        synchronized (next) {
            start = Math.max(System.nanoTime(), next.get());
            next.set(start + waitNanos);
        }
        sleepUntil(start);
    }

    /** Waits until {@code bytes} more body bytes fit in the run's rate. */
    void afterBytes(long bytes) throws InterruptedException {
        if (bytesPerSecond <= 0 || bytes <= 0) {
            return;
        }
        long due;
        synchronized (this) {
            long now = System.nanoTime();
            paidUntil = Math.max(paidUntil, now - 200_000_000L); // a pause of the run earns at most 0.2 s of burst
            paidUntil += (long) (bytes * 1e9 / bytesPerSecond);
            due = paidUntil;
        }
        sleepUntil(due);
    }

    private static void sleepUntil(long deadline) throws InterruptedException {
        for (long left; (left = deadline - System.nanoTime()) > 0; ) {
            Thread.sleep(Duration.ofNanos(left));
        }
    }
}
