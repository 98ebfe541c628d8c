package dev.conduit.channel.tck;

import org.junit.jupiter.api.AfterEach;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Queue;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * What the JSR-166 TCK's {@code JSR166TestCase} gives its tests, written again for JUnit 5: the
 * constants, threads whose failures fail the test, and the checks the queue tests share. The TCK
 * (public domain, by Doug Lea, Martin Buchholz and the JSR-166 expert group) was read as a
 * reference; this is our own code.
 */
abstract class TckSupport {
    /** The size of the populated queues. */
    static final int SIZE = 20;
    /** A delay long enough that, if an operation took it, something is wrong. */
    static final long LONG_DELAY_MS = 10_000;
    /** The short timeout the timed operations are expected to wait out. */
    static final long TIMEOUT_MS = 12;

    static final Integer ZERO = 0, ONE = 1, TWO = 2, THREE = 3, FOUR = 4;

    private final List<Throwable> threadFailures = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();

    /** A body of a test thread, which may throw anything; a throw fails the test. */
    @FunctionalInterface
    interface CheckedRunnable {
        void run() throws Throwable;
    }

    /** Starts a platform thread running {@code body}; its failure fails the test. */
    final Thread newStartedThread(CheckedRunnable body) {
        Thread t = new Thread(() -> {
            try {
                body.run();
            } catch (Throwable e) {
                synchronized (threadFailures) {
                    threadFailures.add(e);
                }
            }
        }, "tck-" + threads.size());
        t.setDaemon(true);
        synchronized (threadFailures) {
            threads.add(t);
        }
        t.start();
        return t;
    }

    /** Runs {@code body} as an executor task whose failure fails the test. */
    final void execute(ExecutorService executor, CheckedRunnable body) {
        executor.execute(() -> {
            try {
                body.run();
            } catch (Throwable e) {
                synchronized (threadFailures) {
                    threadFailures.add(e);
                }
            }
        });
    }

    /** Shuts the executor down and waits for its tasks, as the TCK's {@code PoolCleaner} does. */
    static void finish(ExecutorService executor) throws InterruptedException {
        executor.shutdown();
        assertTrue(executor.awaitTermination(LONG_DELAY_MS, TimeUnit.MILLISECONDS), "executor did not finish");
    }

    @AfterEach
    final void rethrowThreadFailures() throws Throwable {
        for (Thread t : threads) {
            t.join(LONG_DELAY_MS);
            assertFalse(t.isAlive(), t.getName() + " is still running");
        }
        synchronized (threadFailures) {
            if (!threadFailures.isEmpty()) {
                Throwable first = threadFailures.getFirst();
                threadFailures.stream().skip(1).forEach(first::addSuppressed);
                throw first;
            }
        }
    }

    /** Waits for {@code t} to end, failing if it does not within {@link #LONG_DELAY_MS}. */
    static void awaitTermination(Thread t) {
        try {
            t.join(LONG_DELAY_MS);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        assertFalse(t.isAlive(), t.getName() + " did not end");
    }

    /** Waits until {@code t} is in {@code state}: blocked where the test expects it. */
    static void assertThreadBlocks(Thread t, Thread.State state) {
        await().atMost(Duration.ofMillis(LONG_DELAY_MS)).pollInterval(Duration.ofMillis(1))
                .until(() -> t.getState() == state || t.getState() == Thread.State.TERMINATED);
        assertEquals(state, t.getState(), t.getName() + " should block");
    }

    static void awaitLatch(CountDownLatch latch) {
        try {
            assertTrue(latch.await(LONG_DELAY_MS, TimeUnit.MILLISECONDS), "latch not released");
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    /** A barrier whose wait fails the test instead of hanging. */
    static final class CheckedBarrier {
        private final CyclicBarrier barrier;

        CheckedBarrier(int parties) {
            this.barrier = new CyclicBarrier(parties);
        }

        void await() {
            try {
                barrier.await(LONG_DELAY_MS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException | BrokenBarrierException | TimeoutException e) {
                throw new AssertionError("barrier failed", e);
            }
        }
    }

    static long millisElapsedSince(long startNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }

    static void assertIteratorExhausted(Iterator<?> it) {
        assertFalse(it.hasNext());
        assertThrows(NoSuchElementException.class, it::next);
    }

    /** Everything an empty queue says about itself. */
    static void checkEmpty(Queue<?> q) {
        assertTrue(q.isEmpty());
        assertEquals(0, q.size());
        assertNull(q.peek());
        assertNull(q.poll());
        assertThrows(NoSuchElementException.class, q::element);
        assertThrows(NoSuchElementException.class, q::remove);
        assertIteratorExhausted(q.iterator());
        assertEquals(0, q.toArray().length);
        Object[] a = new Object[] {42};
        assertTrue(a == q.toArray(a) && a[0] == null);
        assertEquals("[]", q.toString());
    }

    static void shouldThrow() {
        fail("should have thrown");
    }

    static <E> List<E> listOf(Collection<E> c) {
        return new ArrayList<>(c);
    }
}
