package dev.conduit.channel.tck;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;

import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The queue and collection tests of the JSR-166 TCK's {@code ArrayBlockingQueueTest} and
 * {@code LinkedBlockingQueueTest}, translated to JUnit 5 for the channels' queue views (the
 * constructor and serialization tests are left out: a view has neither). Each test keeps the name
 * of the TCK test it comes from; where the two differ, both are here. The tests that need a full
 * queue run only on bounded channels. Also runs {@link BlockingQueueContract} on the same queues.
 */
abstract class QueueCollectionContract extends BlockingQueueContract {

    /**
     * @param capacity the capacity the test wants (a bounded implementation gives exactly it; an
     *                 unbounded one ignores it)
     * @return a view of a new empty channel
     */
    abstract BlockingQueue<Integer> newQueue(int capacity);

    /** @return whether {@link #newQueue} makes bounded queues */
    abstract boolean bounded();

    @Override
    @SuppressWarnings("unchecked")
    BlockingQueue<Object> emptyCollection() {
        return (BlockingQueue<Object>) (BlockingQueue<?>) populatedQueue(0, SIZE, 2 * SIZE);
    }

    /** @return a full queue of capacity {@code n} holding 0 .. n - 1 */
    BlockingQueue<Integer> populatedQueue(int n) {
        return populatedQueue(n, n, n);
    }

    /**
     * ABQ's populated queue: capacity random in [minCapacity, maxCapacity], the ring's slots first
     * turned by a random number of items so that the contents wrap around, then 0 .. size - 1.
     */
    BlockingQueue<Integer> populatedQueue(int size, int minCapacity, int maxCapacity) {
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        int capacity = rnd.nextInt(minCapacity, maxCapacity + 1);
        BlockingQueue<Integer> q = newQueue(capacity);
        assertTrue(q.isEmpty());
        int turn = rnd.nextInt(capacity);
        for (int i = 0; i < turn; i++) {
            q.add(42);
        }
        for (int i = 0; i < turn; i++) {
            q.remove();
        }
        for (int i = 0; i < size; i++) {
            assertTrue(q.offer(i));
        }
        assertEquals(size == 0, q.isEmpty());
        if (bounded()) {
            assertEquals(capacity - size, q.remainingCapacity());
        } else {
            assertEquals(Integer.MAX_VALUE, q.remainingCapacity());
        }
        assertEquals(size, q.size());
        if (size > 0) {
            assertEquals(0, q.peek());
        }
        return q;
    }

    // ---------------------------------------------------------------- capacity

    @Test
    void testConstructor1() { // the capacity shows as remaining capacity
        assertEquals(bounded() ? SIZE : Integer.MAX_VALUE, newQueue(SIZE).remainingCapacity());
    }

    @Test
    void testEmptyFull() {
        assumeTrue(bounded());
        BlockingQueue<Integer> q = populatedQueue(0, 2, 2);
        assertTrue(q.isEmpty());
        assertEquals(2, q.remainingCapacity());
        q.add(ONE);
        assertFalse(q.isEmpty());
        assertTrue(q.offer(TWO));
        assertFalse(q.isEmpty());
        assertEquals(0, q.remainingCapacity());
        assertFalse(q.offer(THREE));
    }

    @Test
    void testRemainingCapacity() {
        assumeTrue(bounded());
        int size = ThreadLocalRandom.current().nextInt(1, SIZE);
        BlockingQueue<Integer> q = populatedQueue(size, size, 2 * size);
        int spare = q.remainingCapacity();
        int capacity = spare + size;
        for (int i = 0; i < size; i++) {
            assertEquals(spare + i, q.remainingCapacity());
            assertEquals(capacity, q.size() + q.remainingCapacity());
            assertEquals(i, q.remove());
        }
        for (int i = 0; i < size; i++) {
            assertEquals(capacity - i, q.remainingCapacity());
            assertEquals(capacity, q.size() + q.remainingCapacity());
            assertTrue(q.add(i));
        }
    }

    @Test
    void testOffer() {
        assumeTrue(bounded());
        BlockingQueue<Integer> q = newQueue(1);
        assertTrue(q.offer(ZERO));
        assertFalse(q.offer(ONE));
    }

    @Test
    void testAdd() {
        BlockingQueue<Integer> q = newQueue(SIZE);
        for (int i = 0; i < SIZE; i++) {
            assertTrue(q.add(i));
        }
        if (bounded()) {
            assertEquals(0, q.remainingCapacity());
            assertThrows(IllegalStateException.class, () -> q.add(SIZE));
        }
    }

    // ---------------------------------------------------------------- addAll

    @Test
    void testAddAllSelf() {
        BlockingQueue<Integer> q = populatedQueue(SIZE);
        assertThrows(IllegalArgumentException.class, () -> q.addAll(q));
    }

    @Test
    void testAddAll3() { // null elements: NPE, after possibly adding some
        BlockingQueue<Integer> q = newQueue(SIZE);
        Integer[] ints = new Integer[SIZE];
        for (int i = 0; i < SIZE - 1; ++i) {
            ints[i] = i;
        }
        assertThrows(NullPointerException.class, () -> q.addAll(Arrays.asList(ints)));
    }

    @Test
    void testAddAll_insufficientSpace() {
        assumeTrue(bounded());
        int size = ThreadLocalRandom.current().nextInt(1, SIZE);
        BlockingQueue<Integer> q = populatedQueue(0, size, size);
        q.addAll(populatedQueue(size, size, 2 * size)); // just fits
        assertEquals(0, q.remainingCapacity());
        assertEquals(size, q.size());
        assertEquals(0, q.peek());
        BlockingQueue<Integer> small = populatedQueue(0, size, size);
        assertThrows(IllegalStateException.class, () -> small.addAll(Collections.nCopies(size + 1, 42)));
    }

    @Test
    void testAddAll5() {
        Integer[] empty = new Integer[0];
        Integer[] ints = new Integer[SIZE];
        for (int i = 0; i < SIZE; ++i) {
            ints[i] = i;
        }
        BlockingQueue<Integer> q = newQueue(SIZE);
        assertFalse(q.addAll(Arrays.asList(empty)));
        assertTrue(q.addAll(Arrays.asList(ints)));
        for (int i = 0; i < SIZE; ++i) {
            assertEquals(ints[i], q.poll());
        }
    }

    // ---------------------------------------------------------------- put and offer

    @Test
    void testPut() throws InterruptedException {
        BlockingQueue<Integer> q = newQueue(SIZE);
        for (int i = 0; i < SIZE; ++i) {
            Integer x = i;
            q.put(x);
            assertTrue(q.contains(x));
        }
        assertEquals(bounded() ? 0 : Integer.MAX_VALUE, q.remainingCapacity());
    }

    @Test
    void testBlockingPut() throws InterruptedException {
        assumeTrue(bounded());
        BlockingQueue<Integer> q = newQueue(SIZE);
        CountDownLatch pleaseInterrupt = new CountDownLatch(1);
        Thread t = newStartedThread(() -> {
            for (int i = 0; i < SIZE; ++i) {
                q.put(i);
            }
            assertEquals(SIZE, q.size());
            assertEquals(0, q.remainingCapacity());

            Thread.currentThread().interrupt();
            assertThrows(InterruptedException.class, () -> q.put(99));
            assertFalse(Thread.interrupted());

            pleaseInterrupt.countDown();
            assertThrows(InterruptedException.class, () -> q.put(99));
            assertFalse(Thread.interrupted());
        });
        awaitLatch(pleaseInterrupt);
        assertThreadBlocks(t, Thread.State.WAITING);
        t.interrupt();
        awaitTermination(t);
        assertEquals(SIZE, q.size());
        assertEquals(0, q.remainingCapacity());
    }

    @Test
    void testPutWithTake() throws InterruptedException {
        assumeTrue(bounded());
        int capacity = 2;
        BlockingQueue<Integer> q = newQueue(capacity);
        CountDownLatch pleaseTake = new CountDownLatch(1);
        CountDownLatch pleaseInterrupt = new CountDownLatch(1);
        Thread t = newStartedThread(() -> {
            for (int i = 0; i < capacity; i++) {
                q.put(i);
            }
            pleaseTake.countDown();
            q.put(86);

            Thread.currentThread().interrupt();
            assertThrows(InterruptedException.class, () -> q.put(99));
            assertFalse(Thread.interrupted());

            pleaseInterrupt.countDown();
            assertThrows(InterruptedException.class, () -> q.put(99));
            assertFalse(Thread.interrupted());
        });
        awaitLatch(pleaseTake);
        assertEquals(0, q.remainingCapacity());
        assertEquals(0, q.take());

        awaitLatch(pleaseInterrupt);
        assertThreadBlocks(t, Thread.State.WAITING);
        t.interrupt();
        awaitTermination(t);
        assertEquals(0, q.remainingCapacity());
    }

    @Test
    void testTimedOffer() {
        assumeTrue(bounded());
        BlockingQueue<Integer> q = newQueue(2);
        CountDownLatch pleaseInterrupt = new CountDownLatch(1);
        Thread t = newStartedThread(() -> {
            q.put(-1);
            q.put(-2);
            long start = System.nanoTime();
            assertFalse(q.offer(-3, TIMEOUT_MS, MILLISECONDS));
            assertTrue(millisElapsedSince(start) >= TIMEOUT_MS);

            Thread.currentThread().interrupt();
            assertThrows(InterruptedException.class, () -> q.offer(-4, 2 * LONG_DELAY_MS, MILLISECONDS));
            assertFalse(Thread.interrupted());

            pleaseInterrupt.countDown();
            assertThrows(InterruptedException.class, () -> q.offer(-5, 2 * LONG_DELAY_MS, MILLISECONDS));
            assertFalse(Thread.interrupted());
        });
        awaitLatch(pleaseInterrupt);
        assertThreadBlocks(t, Thread.State.TIMED_WAITING);
        t.interrupt();
        awaitTermination(t);
    }

    // ---------------------------------------------------------------- take and poll

    @Test
    void testTake() throws InterruptedException {
        BlockingQueue<Integer> q = populatedQueue(SIZE);
        for (int i = 0; i < SIZE; ++i) {
            assertEquals(i, q.take());
        }
    }

    @Test
    void testBlockingTake() {
        BlockingQueue<Integer> q = populatedQueue(SIZE);
        CountDownLatch pleaseInterrupt = new CountDownLatch(1);
        Thread t = newStartedThread(() -> {
            for (int i = 0; i < SIZE; i++) {
                assertEquals(i, q.take());
            }
            Thread.currentThread().interrupt();
            assertThrows(InterruptedException.class, q::take);
            assertFalse(Thread.interrupted());

            pleaseInterrupt.countDown();
            assertThrows(InterruptedException.class, q::take);
            assertFalse(Thread.interrupted());
        });
        awaitLatch(pleaseInterrupt);
        assertThreadBlocks(t, Thread.State.WAITING);
        t.interrupt();
        awaitTermination(t);
    }

    @Test
    void testPoll() {
        BlockingQueue<Integer> q = populatedQueue(SIZE);
        for (int i = 0; i < SIZE; ++i) {
            assertEquals(i, q.poll());
        }
        assertNull(q.poll());
    }

    @Test
    void testTimedPoll0() throws InterruptedException {
        BlockingQueue<Integer> q = populatedQueue(SIZE);
        for (int i = 0; i < SIZE; ++i) {
            assertEquals(i, q.poll(0, MILLISECONDS));
        }
        assertNull(q.poll(0, MILLISECONDS));
        checkEmpty(q);
    }

    @Test
    void testTimedPoll() throws InterruptedException {
        BlockingQueue<Integer> q = populatedQueue(SIZE);
        for (int i = 0; i < SIZE; ++i) {
            long start = System.nanoTime();
            assertEquals(i, q.poll(LONG_DELAY_MS, MILLISECONDS));
            assertTrue(millisElapsedSince(start) < LONG_DELAY_MS);
        }
        long start = System.nanoTime();
        assertNull(q.poll(TIMEOUT_MS, MILLISECONDS));
        assertTrue(millisElapsedSince(start) >= TIMEOUT_MS);
        checkEmpty(q);
    }

    @Test
    void testInterruptedTimedPoll() {
        BlockingQueue<Integer> q = populatedQueue(SIZE);
        CountDownLatch pleaseInterrupt = new CountDownLatch(1);
        Thread t = newStartedThread(() -> {
            long start = System.nanoTime();
            for (int i = 0; i < SIZE; i++) {
                assertEquals(i, (int) q.poll(LONG_DELAY_MS, MILLISECONDS));
            }
            Thread.currentThread().interrupt();
            assertThrows(InterruptedException.class, () -> q.poll(LONG_DELAY_MS, MILLISECONDS));
            assertFalse(Thread.interrupted());

            pleaseInterrupt.countDown();
            assertThrows(InterruptedException.class, () -> q.poll(LONG_DELAY_MS, MILLISECONDS));
            assertFalse(Thread.interrupted());

            assertTrue(millisElapsedSince(start) < LONG_DELAY_MS);
        });
        awaitLatch(pleaseInterrupt);
        assertThreadBlocks(t, Thread.State.TIMED_WAITING);
        t.interrupt();
        awaitTermination(t);
        checkEmpty(q);
    }

    @Test
    void testPeek() {
        BlockingQueue<Integer> q = populatedQueue(SIZE);
        for (int i = 0; i < SIZE; ++i) {
            assertEquals(i, q.peek());
            assertEquals(i, q.poll());
            Integer next = q.peek();
            assertTrue(next == null || !next.equals(i));
        }
        assertNull(q.peek());
    }

    @Test
    void testElement() {
        BlockingQueue<Integer> q = populatedQueue(SIZE);
        for (int i = 0; i < SIZE; ++i) {
            assertEquals(i, q.element());
            assertEquals(i, q.poll());
        }
        assertThrows(NoSuchElementException.class, q::element);
    }

    @Test
    void testRemove() {
        BlockingQueue<Integer> q = populatedQueue(SIZE);
        for (int i = 0; i < SIZE; ++i) {
            assertEquals(i, q.remove());
        }
        assertThrows(NoSuchElementException.class, q::remove);
    }

    // ---------------------------------------------------------------- the collection methods

    @Test
    void testRemoveElementAndAdd() throws InterruptedException { // LBQ
        BlockingQueue<Integer> q = newQueue(SIZE);
        assertTrue(q.add(1));
        assertTrue(q.add(2));
        assertTrue(q.remove(Integer.valueOf(1)));
        assertTrue(q.remove(Integer.valueOf(2)));
        assertTrue(q.add(3));
        assertNotNull(q.take());
    }

    @Test
    void testContains() {
        int size = ThreadLocalRandom.current().nextInt(1, SIZE);
        BlockingQueue<Integer> q = populatedQueue(size, size, 2 * size);
        assertFalse(q.contains(null));
        for (int i = 0; i < size; ++i) {
            assertTrue(q.contains(Integer.valueOf(i)));
            assertEquals(i, q.poll());
            assertFalse(q.contains(Integer.valueOf(i)));
        }
    }

    @Test
    void testClear() {
        int size = ThreadLocalRandom.current().nextInt(1, 5);
        BlockingQueue<Integer> q = populatedQueue(size, size, 2 * size);
        int remaining = q.remainingCapacity();
        int capacity = bounded() ? size + remaining : Integer.MAX_VALUE;
        q.clear();
        assertTrue(q.isEmpty());
        assertEquals(0, q.size());
        assertEquals(capacity, q.remainingCapacity());
        q.add(ONE);
        assertFalse(q.isEmpty());
        assertTrue(q.contains(ONE));
        q.clear();
        assertTrue(q.isEmpty());
    }

    @Test
    void testContainsAll() {
        BlockingQueue<Integer> q = populatedQueue(SIZE);
        BlockingQueue<Integer> p = newQueue(SIZE);
        for (int i = 0; i < SIZE; ++i) {
            assertTrue(q.containsAll(p));
            assertFalse(p.containsAll(q));
            p.add(i);
        }
        assertTrue(p.containsAll(q));
    }

    @Test
    void testRetainAll() {
        BlockingQueue<Integer> q = populatedQueue(SIZE);
        BlockingQueue<Integer> p = populatedQueue(SIZE);
        for (int i = 0; i < SIZE; ++i) {
            boolean changed = q.retainAll(p);
            assertEquals(i != 0, changed);
            assertTrue(q.containsAll(p));
            assertEquals(SIZE - i, q.size());
            p.remove();
        }
    }

    @Test
    void testRemoveAll() {
        for (int i = 1; i < SIZE; ++i) {
            BlockingQueue<Integer> q = populatedQueue(SIZE);
            BlockingQueue<Integer> p = populatedQueue(i);
            assertTrue(q.removeAll(p));
            assertEquals(SIZE - i, q.size());
            for (int j = 0; j < i; ++j) {
                Integer x = p.remove();
                assertFalse(q.contains(x));
            }
        }
    }

    /** ABQ's toArray check: every form of toArray agrees with the iterator, in FIFO order. */
    private void checkToArray(BlockingQueue<Integer> q) {
        int size = q.size();
        Object[] a1 = q.toArray();
        assertEquals(size, a1.length);
        Integer[] a2 = q.toArray(new Integer[0]);
        assertEquals(size, a2.length);
        Integer[] a3 = q.toArray(new Integer[Math.max(0, size - 1)]);
        assertEquals(size, a3.length);
        Integer[] a4 = new Integer[size];
        assertSame(a4, q.toArray(a4));
        Integer[] a5 = new Integer[size + 1];
        Arrays.fill(a5, 42);
        assertSame(a5, q.toArray(a5));
        Integer[] a6 = new Integer[size + 2];
        Arrays.fill(a6, 42);
        assertSame(a6, q.toArray(a6));
        Object[][] as = {a1, a2, a3, a4, a5, a6};
        for (Object[] a : as) {
            if (a.length > size) {
                assertNull(a[size]);
            }
            if (a.length > size + 1) {
                assertEquals(42, a[size + 1]);
            }
        }
        Iterator<Integer> it = q.iterator();
        Integer s = q.peek();
        for (int i = 0; i < size; i++) {
            Integer x = it.next();
            assertEquals(s + i, (int) x);
            for (Object[] a : as) {
                assertSame(a[i], x);
            }
        }
    }

    @Test
    void testToArray() { // ABQ: with wraparound
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        int size = rnd.nextInt(6);
        int capacity = Math.max(1, size + rnd.nextInt(size + 1));
        BlockingQueue<Integer> q = newQueue(capacity);
        for (int i = 0; i < size; i++) {
            checkToArray(q);
            q.add(i);
        }
        int added = size * 2;
        for (int i = 0; i < added; i++) {
            checkToArray(q);
            assertEquals((Integer) i, q.poll());
            q.add(size + i);
        }
        for (int i = 0; i < size; i++) {
            checkToArray(q);
            assertEquals((Integer) (added + i), q.poll());
        }
    }

    @Test
    void testToArrayInFifoOrder() { // LBQ's testToArray and testToArray2
        BlockingQueue<Integer> q = populatedQueue(SIZE);
        Object[] a = q.toArray();
        assertSame(Object[].class, a.getClass());
        for (Object o : a) {
            assertSame(o, q.poll());
        }
        assertTrue(q.isEmpty());
        BlockingQueue<Integer> r = populatedQueue(SIZE);
        Integer[] ints = new Integer[SIZE];
        assertSame(ints, r.toArray(ints));
        for (Integer o : ints) {
            assertSame(o, r.poll());
        }
        assertTrue(r.isEmpty());
    }

    @Test
    void testToArray_incompatibleArrayType() {
        BlockingQueue<Integer> q = populatedQueue(SIZE);
        assertThrows(ArrayStoreException.class, () -> q.toArray(new String[10]));
        assertThrows(ArrayStoreException.class, () -> q.toArray(new String[0]));
    }

    // ---------------------------------------------------------------- iteration

    @Test
    void testIterator() throws InterruptedException {
        BlockingQueue<Integer> q = populatedQueue(SIZE);
        Iterator<Integer> it = q.iterator();
        int i;
        for (i = 0; it.hasNext(); i++) {
            assertTrue(q.contains(it.next()));
        }
        assertEquals(SIZE, i);
        assertIteratorExhausted(it);

        it = q.iterator();
        for (i = 0; it.hasNext(); i++) {
            assertEquals(it.next(), q.take());
        }
        assertEquals(SIZE, i);
        assertIteratorExhausted(it);
    }

    @Test
    void testEmptyIterator() {
        assertIteratorExhausted(newQueue(SIZE).iterator());
    }

    @Test
    void testIteratorRemove() {
        BlockingQueue<Integer> q = newQueue(3);
        q.add(TWO);
        q.add(ONE);
        q.add(THREE);

        Iterator<Integer> it = q.iterator();
        it.next();
        it.remove();

        it = q.iterator();
        assertSame(ONE, it.next());
        assertSame(THREE, it.next());
        assertFalse(it.hasNext());
    }

    @Test
    void testIteratorOrdering() {
        BlockingQueue<Integer> q = newQueue(3);
        q.add(ONE);
        q.add(TWO);
        q.add(THREE);
        if (bounded()) {
            assertEquals(0, q.remainingCapacity(), "queue should be full");
        }
        int k = 0;
        for (Iterator<Integer> it = q.iterator(); it.hasNext(); ) {
            assertEquals(++k, it.next());
        }
        assertEquals(3, k);
    }

    @Test
    void testWeaklyConsistentIteration() {
        BlockingQueue<Integer> q = newQueue(3);
        q.add(ONE);
        q.add(TWO);
        q.add(THREE);
        for (Iterator<Integer> it = q.iterator(); it.hasNext(); ) {
            q.remove();
            it.next();
        }
        assertEquals(0, q.size());
    }

    @Test
    void testToString() {
        BlockingQueue<Integer> q = populatedQueue(SIZE);
        String s = q.toString();
        for (int i = 0; i < SIZE; ++i) {
            assertTrue(s.contains(String.valueOf(i)));
        }
    }

    // ---------------------------------------------------------------- across threads

    @Test
    void testOfferInExecutor() throws InterruptedException {
        assumeTrue(bounded());
        BlockingQueue<Integer> q = newQueue(2);
        q.add(ONE);
        q.add(TWO);
        CheckedBarrier threadsStarted = new CheckedBarrier(2);
        ExecutorService executor = Executors.newFixedThreadPool(2);
        execute(executor, () -> {
            assertFalse(q.offer(THREE));
            threadsStarted.await();
            assertTrue(q.offer(THREE, LONG_DELAY_MS, MILLISECONDS));
            assertEquals(0, q.remainingCapacity());
        });
        execute(executor, () -> {
            threadsStarted.await();
            assertEquals(0, q.remainingCapacity());
            assertSame(ONE, q.take());
        });
        finish(executor);
    }

    @Test
    void testPollInExecutor() throws InterruptedException {
        BlockingQueue<Integer> q = newQueue(2);
        CheckedBarrier threadsStarted = new CheckedBarrier(2);
        ExecutorService executor = Executors.newFixedThreadPool(2);
        execute(executor, () -> {
            assertNull(q.poll());
            threadsStarted.await();
            assertSame(ONE, q.poll(LONG_DELAY_MS, MILLISECONDS));
            checkEmpty(q);
        });
        execute(executor, () -> {
            threadsStarted.await();
            q.put(ONE);
        });
        finish(executor);
    }

    // ---------------------------------------------------------------- drainTo

    @Test
    void testDrainTo() {
        BlockingQueue<Integer> q = populatedQueue(SIZE);
        List<Integer> l = new ArrayList<>();
        q.drainTo(l);
        assertEquals(0, q.size());
        assertEquals(SIZE, l.size());
        for (int i = 0; i < SIZE; ++i) {
            assertEquals(l.get(i), Integer.valueOf(i));
        }
        q.add(ZERO);
        q.add(ONE);
        assertFalse(q.isEmpty());
        assertTrue(q.contains(ZERO));
        assertTrue(q.contains(ONE));
        l.clear();
        q.drainTo(l);
        assertEquals(0, q.size());
        assertEquals(2, l.size());
        for (int i = 0; i < 2; ++i) {
            assertEquals(l.get(i), Integer.valueOf(i));
        }
    }

    @Test
    void testDrainToWithActivePut() throws InterruptedException {
        BlockingQueue<Integer> q = populatedQueue(SIZE);
        Thread t = newStartedThread(() -> q.put(SIZE + 1));
        List<Integer> l = new ArrayList<>();
        q.drainTo(l);
        assertTrue(l.size() >= SIZE);
        for (int i = 0; i < SIZE; ++i) {
            assertEquals(l.get(i), Integer.valueOf(i));
        }
        t.join();
        assertTrue(q.size() + l.size() >= SIZE);
    }

    @Test
    void testDrainToN() {
        BlockingQueue<Integer> q = newQueue(SIZE * 2);
        for (int i = 0; i < SIZE + 2; ++i) {
            for (int j = 0; j < SIZE; j++) {
                assertTrue(q.offer(j));
            }
            List<Integer> l = new ArrayList<>();
            q.drainTo(l, i);
            int k = Math.min(i, SIZE);
            assertEquals(k, l.size());
            assertEquals(SIZE - k, q.size());
            for (int j = 0; j < k; ++j) {
                assertEquals(l.get(j), Integer.valueOf(j));
            }
            do {
                // empty it for the next round
            } while (q.poll() != null);
        }
    }

    @Test
    void testNeverContainsNull() {
        List<BlockingQueue<Integer>> qs = List.of(populatedQueue(0, 1, 10), populatedQueue(2, 2, 10));
        for (BlockingQueue<Integer> q : qs) {
            assertFalse(q.contains(null));
            assertFalse(q.remove(null));
        }
    }
}
