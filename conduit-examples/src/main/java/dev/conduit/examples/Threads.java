package dev.conduit.examples;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;

/**
 * Starting and joining a group of threads, for the examples. Unlike Python's daemon threads, every
 * thread started here is joined before the example returns, and a failure in any of them is
 * rethrown to the caller instead of being printed to stderr and forgotten.
 */
final class Threads {

    private Threads() {
    }

    /** The work of thread number {@code index} of a group. */
    @FunctionalInterface
    interface Body {
        void run(int index) throws Exception;
    }

    /**
     * Starts {@code count} platform threads named {@code prefix-0, prefix-1, ...}, lets them all begin
     * at the same moment (so that they really overlap, even on a busy machine), and waits for all of
     * them to end.
     *
     * @throws IllegalStateException if a thread failed; the first failure is the cause, the others
     *                               are suppressed
     */
    static void runTogether(int count, String prefix, Body body) throws InterruptedException {
        CountDownLatch go = new CountDownLatch(1);
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int index = i;
            threads.add(Thread.ofPlatform().name(prefix + "-" + i).start(() -> {
                try {
                    go.await();
                    body.run(index);
                } catch (Throwable t) {
                    failures.add(t);
                }
            }));
        }
        go.countDown();
        joinAll(threads);
        rethrow(failures, prefix);
    }

    /** Waits for every thread in {@code threads} to end. */
    static void joinAll(List<Thread> threads) throws InterruptedException {
        for (Thread t : threads) {
            t.join();
        }
    }

    /**
     * Throws if {@code failures} holds anything.
     *
     * @throws IllegalStateException with the first failure as cause and the rest suppressed
     */
    static void rethrow(Iterable<Throwable> failures, String what) {
        IllegalStateException error = null;
        for (Throwable t : failures) {
            if (error == null) {
                error = new IllegalStateException(what + " thread failed: " + t, t);
            } else {
                error.addSuppressed(t);
            }
        }
        if (error != null) {
            throw error;
        }
    }
}
