package dev.conduit.bench.waiting;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadFactory;

/**
 * Threads that a benchmark starts once per trial and must stop again: virtual or platform, created
 * through one factory, stopped by an interrupt and joined, and counted, so that no thread outlives
 * its trial unnoticed.
 */
final class Parties {
    /** How long {@link #stop} waits for all threads together before it calls them leaked. */
    static final Duration JOIN_TIMEOUT = Duration.ofSeconds(30);

    private final String name;
    private final List<Thread> threads = new ArrayList<>();
    private volatile Throwable failure;

    /** A body that ends when interrupted (its blocking calls throw {@link InterruptedException}). */
    interface Body {
        void run() throws Exception;
    }

    Parties(String name) {
        this.name = name;
    }

    /** @return a factory of virtual threads ({@code virtual}) or daemon platform threads named {@code name-N} */
    static ThreadFactory factory(String name, boolean virtual) {
        return virtual ? Thread.ofVirtual().name(name + "-", 0).factory()
                : Thread.ofPlatform().daemon().name(name + "-", 0).factory();
    }

    /**
     * Starts one thread running {@code body}; an interrupt ends it quietly, any other exception is
     * kept and rethrown by {@link #checkFailure()}.
     */
    Thread start(ThreadFactory factory, Body body) {
        Thread t = factory.newThread(() -> {
            try {
                body.run();
            } catch (InterruptedException stopped) {
                // the trial is over
            } catch (Throwable t2) {
                failure = t2;
            }
        });
        threads.add(t);
        t.start();
        return t;
    }

    /** @throws IllegalStateException if a thread failed with anything but an interrupt */
    void checkFailure() {
        Throwable f = failure;
        if (f != null) {
            throw new IllegalStateException(name + ": a thread failed", f);
        }
    }

    /** @return how many threads were started */
    int size() {
        return threads.size();
    }

    /**
     * Interrupts every thread and joins them all.
     *
     * @throws IllegalStateException if some are still alive after {@link #JOIN_TIMEOUT}, or one failed
     */
    void stop() throws InterruptedException {
        for (Thread t : threads) {
            t.interrupt();
        }
        long deadline = System.nanoTime() + JOIN_TIMEOUT.toNanos();
        int alive = 0;
        for (Thread t : threads) {
            long left = deadline - System.nanoTime();
            if (left > 0) {
                t.join(Duration.ofNanos(left));
            }
            if (t.isAlive()) {
                alive++;
            }
        }
        threads.clear();
        if (alive > 0) {
            throw new IllegalStateException(name + ": " + alive + " threads still alive " + JOIN_TIMEOUT.toSeconds()
                    + " s after the interrupt (leaked)");
        }
        checkFailure();
    }
}
