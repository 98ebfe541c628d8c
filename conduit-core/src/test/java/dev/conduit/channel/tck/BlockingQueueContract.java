package dev.conduit.channel.tck;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Queue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;

import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The JSR-166 TCK's {@code BlockingQueueTest} (the contract every {@code BlockingQueue} keeps),
 * translated to JUnit 5 for the channels' queue views: each test here has the name and checks of
 * the TCK test it comes from. A subclass says how to make an empty queue.
 */
abstract class BlockingQueueContract extends TckSupport {

    /** @return an empty queue of the implementation under test */
    abstract BlockingQueue<Object> emptyCollection();

    /** @return an element to put into the queue */
    Object makeElement(int i) {
        return i;
    }

    @Test
    void testOfferNull() {
        Queue<Object> q = emptyCollection();
        assertThrows(NullPointerException.class, () -> q.offer(null));
    }

    @Test
    void testAddNull() {
        Collection<Object> q = emptyCollection();
        assertThrows(NullPointerException.class, () -> q.add(null));
    }

    @Test
    void testTimedOfferNull() {
        BlockingQueue<Object> q = emptyCollection();
        long start = System.nanoTime();
        assertThrows(NullPointerException.class, () -> q.offer(null, LONG_DELAY_MS, MILLISECONDS));
        assertTrue(millisElapsedSince(start) < LONG_DELAY_MS);
    }

    @Test
    void testPutNull() {
        BlockingQueue<Object> q = emptyCollection();
        assertThrows(NullPointerException.class, () -> q.put(null));
    }

    @Test
    void testAddAllNull() {
        Collection<Object> q = emptyCollection();
        assertThrows(NullPointerException.class, () -> q.addAll(null));
    }

    @Test
    void testAddAllNullElements() {
        Collection<Object> q = emptyCollection();
        Collection<Integer> nulls = Arrays.asList(new Integer[SIZE]);
        assertThrows(NullPointerException.class, () -> q.addAll(nulls));
    }

    @Test
    void testToArray_NullArray() {
        Collection<Object> q = emptyCollection();
        assertThrows(NullPointerException.class, () -> q.toArray((Object[]) null));
    }

    @Test
    void testDrainToNull() {
        BlockingQueue<Object> q = emptyCollection();
        assertThrows(NullPointerException.class, () -> q.drainTo(null));
    }

    @Test
    void testDrainToSelf() {
        BlockingQueue<Object> q = emptyCollection();
        assertThrows(IllegalArgumentException.class, () -> q.drainTo(q));
    }

    @Test
    void testDrainToNullN() {
        BlockingQueue<Object> q = emptyCollection();
        assertThrows(NullPointerException.class, () -> q.drainTo(null, 0));
    }

    @Test
    void testDrainToSelfN() {
        BlockingQueue<Object> q = emptyCollection();
        assertThrows(IllegalArgumentException.class, () -> q.drainTo(q, 0));
    }

    @Test
    void testDrainToNonPositiveMaxElements() {
        BlockingQueue<Object> q = emptyCollection();
        int[] ns = {0, -1, -42, Integer.MIN_VALUE};
        ArrayList<Object> sink = new ArrayList<>();
        for (int n : ns) {
            assertEquals(0, q.drainTo(sink, n));
            assertTrue(sink.isEmpty());
        }
        if (q.remainingCapacity() > 0) { // not a rendezvous channel
            Object one = makeElement(1);
            q.add(one);
            for (int n : ns) {
                assertEquals(0, q.drainTo(sink, n));
            }
            assertEquals(1, q.size());
            assertSame(one, q.poll());
            assertTrue(sink.isEmpty());
        }
    }

    @Test
    void testTimedPollWithOffer() throws InterruptedException {
        BlockingQueue<Object> q = emptyCollection();
        CheckedBarrier barrier = new CheckedBarrier(2);
        Object zero = makeElement(0);
        Thread t = newStartedThread(() -> {
            long start = System.nanoTime();
            assertNull(q.poll(TIMEOUT_MS, MILLISECONDS));
            assertTrue(millisElapsedSince(start) >= TIMEOUT_MS);

            barrier.await();

            assertSame(zero, q.poll(LONG_DELAY_MS, MILLISECONDS));

            Thread.currentThread().interrupt();
            assertThrows(InterruptedException.class, () -> q.poll(LONG_DELAY_MS, MILLISECONDS));
            assertFalse(Thread.interrupted());

            barrier.await();
            assertThrows(InterruptedException.class, () -> q.poll(LONG_DELAY_MS, MILLISECONDS));
            assertFalse(Thread.interrupted());

            assertTrue(millisElapsedSince(start) < LONG_DELAY_MS);
        });

        barrier.await();
        long start = System.nanoTime();
        assertTrue(q.offer(zero, LONG_DELAY_MS, MILLISECONDS));
        assertTrue(millisElapsedSince(start) < LONG_DELAY_MS);

        barrier.await();
        assertThreadBlocks(t, Thread.State.TIMED_WAITING);
        t.interrupt();
        awaitTermination(t);
    }

    @Test
    void testTakeFromEmptyBlocksInterruptibly() {
        BlockingQueue<Object> q = emptyCollection();
        CountDownLatch started = new CountDownLatch(1);
        Thread t = newStartedThread(() -> {
            started.countDown();
            assertThrows(InterruptedException.class, q::take);
            assertFalse(Thread.interrupted());
        });
        awaitLatch(started);
        assertThreadBlocks(t, Thread.State.WAITING);
        t.interrupt();
        awaitTermination(t);
    }

    @Test
    void testTakeFromEmptyAfterInterrupt() {
        BlockingQueue<Object> q = emptyCollection();
        Thread t = newStartedThread(() -> {
            Thread.currentThread().interrupt();
            assertThrows(InterruptedException.class, q::take);
            assertFalse(Thread.interrupted());
        });
        awaitTermination(t);
    }

    @Test
    void testTimedPollFromEmptyBlocksInterruptibly() {
        BlockingQueue<Object> q = emptyCollection();
        CountDownLatch started = new CountDownLatch(1);
        Thread t = newStartedThread(() -> {
            started.countDown();
            assertThrows(InterruptedException.class, () -> q.poll(2 * LONG_DELAY_MS, MILLISECONDS));
            assertFalse(Thread.interrupted());
        });
        awaitLatch(started);
        assertThreadBlocks(t, Thread.State.TIMED_WAITING);
        t.interrupt();
        awaitTermination(t);
    }

    @Test
    void testTimedPollFromEmptyAfterInterrupt() {
        BlockingQueue<Object> q = emptyCollection();
        Thread t = newStartedThread(() -> {
            Thread.currentThread().interrupt();
            assertThrows(InterruptedException.class, () -> q.poll(2 * LONG_DELAY_MS, MILLISECONDS));
            assertFalse(Thread.interrupted());
        });
        awaitTermination(t);
    }

    @Test
    void testRemoveElement() {
        BlockingQueue<Object> q = emptyCollection();
        int size = Math.min(q.remainingCapacity(), SIZE);
        Object[] elts = new Object[size];
        assertFalse(q.contains(makeElement(99)));
        assertFalse(q.remove(makeElement(99)));
        checkEmpty(q);
        for (int i = 0; i < size; i++) {
            q.add(elts[i] = makeElement(i));
        }
        for (int i = 1; i < size; i += 2) {
            for (int pass = 0; pass < 2; pass++) {
                assertEquals(pass == 0, q.contains(elts[i]));
                assertEquals(pass == 0, q.remove(elts[i]));
                assertFalse(q.contains(elts[i]));
                assertTrue(q.contains(elts[i - 1]));
                if (i < size - 1) {
                    assertTrue(q.contains(elts[i + 1]));
                }
            }
        }
        if (size > 0) {
            assertTrue(q.contains(elts[0]));
        }
        for (int i = size - 2; i >= 0; i -= 2) {
            assertTrue(q.contains(elts[i]));
            assertFalse(q.contains(elts[i + 1]));
            assertTrue(q.remove(elts[i]));
            assertFalse(q.contains(elts[i]));
            assertFalse(q.remove(elts[i + 1]));
            assertFalse(q.contains(elts[i + 1]));
        }
        checkEmpty(q);
    }
}
