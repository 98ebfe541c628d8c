package dev.conduit.channel;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;

import static org.awaitility.Awaitility.await;

/** Test helpers for real threads: start them, wait until they block, collect their outcome. */
public final class Threads {
    /** Generous: the machine running the suite may be slow and loaded. */
    public static final Duration PATIENCE = Duration.ofSeconds(60);

    private Threads() {
    }

    /** A thread running {@code body}, with its result or failure in {@link #outcome}. */
    public record Running<V>(Thread thread, CompletableFuture<V> outcome) {
        public V join() throws Exception {
            thread.join(PATIENCE.toMillis());
            if (thread.isAlive()) {
                throw new AssertionError(thread.getName() + " did not finish within " + PATIENCE);
            }
            try {
                return outcome.get();
            } catch (java.util.concurrent.ExecutionException e) {
                if (e.getCause() instanceof Exception ex) {
                    throw ex;
                }
                throw e;
            }
        }

        /** @return the exception the body threw, failing if it returned normally */
        public Throwable failure() throws InterruptedException {
            thread.join(PATIENCE.toMillis());
            if (thread.isAlive()) {
                throw new AssertionError(thread.getName() + " did not finish within " + PATIENCE);
            }
            if (!outcome.isCompletedExceptionally()) {
                throw new AssertionError(thread.getName() + " returned normally: " + outcome.join());
            }
            return outcome.handle((v, t) -> t).join();
        }
    }

    public static <V> Running<V> start(String name, Callable<V> body) {
        return start(name, false, body);
    }

    public static <V> Running<V> start(String name, boolean virtual, Callable<V> body) {
        CompletableFuture<V> outcome = new CompletableFuture<>();
        Runnable r = () -> {
            try {
                outcome.complete(body.call());
            } catch (Throwable t) {
                outcome.completeExceptionally(t);
            }
        };
        Thread t = virtual ? Thread.ofVirtual().name(name).start(r) : Thread.ofPlatform().name(name).daemon().start(r);
        return new Running<>(t, outcome);
    }

    /** Waits until {@code t} is parked or waiting (blocked in a channel operation). */
    public static void awaitBlocked(Thread t) {
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(1)).until(() -> {
            Thread.State s = t.getState();
            return s == Thread.State.WAITING || s == Thread.State.TIMED_WAITING || s == Thread.State.TERMINATED;
        });
        if (t.getState() == Thread.State.TERMINATED) {
            throw new AssertionError(t.getName() + " finished instead of blocking");
        }
    }

    /** A thread-safe list for collecting items from several threads. */
    public static <E> List<E> syncList() {
        return Collections.synchronizedList(new ArrayList<>());
    }
}
