package dev.conduit.bench.waiting;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * Many threads blocked in {@code take()} on one channel while one thread sends: {@link #waiters}
 * receivers ({@code platform-1000}, {@code virtual-10000}, {@code virtual-100000}) loop on take
 * for the whole trial; each invocation the benchmark thread sends {@link #ITEMS} items and then
 * waits until all of them have been received. Nanoseconds per item.
 *
 * <p>Every item is a distinct number; each receiver counts what it took, with the sum and the sum
 * of squares, and the trial's teardown (after the receivers are interrupted and joined) fails
 * unless each item sent was received exactly once.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(java.util.concurrent.TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-XX:+UseParallelGC", "-Xms2g", "-Xmx2g"})
public class BlockedWaiters {
    /** Items sent per invocation. */
    public static final int ITEMS = 10_000;
    /** An invocation whose items are not all received within this counts as collapsed. */
    static final long RECEIVE_TIMEOUT_NANOS = 60_000_000_000L;

    /** {@code conduit}, {@code jox}, or a JDK queue's simple class name. */
    @Param({"conduit", "jox"})
    public String impl;

    /** {@code platform-N} or {@code virtual-N}: the kind and number of receivers. */
    @Param({"platform-1000", "virtual-10000", "virtual-100000"})
    public String waiters;

    /** Capacity of the channel; 0 for a rendezvous. */
    @Param({"16"})
    public int capacity;

    /** What one receiver took; read by the teardown after the receiver was joined. */
    private static final class Tally {
        long count;
        long sum;
        long sumOfSquares;
    }

    private Lane lane;
    private Parties receivers;
    private final List<Tally> tallies = new ArrayList<>();
    private final LongAdder received = new LongAdder();
    private long sent;
    private long sentSum;
    private long sentSumOfSquares;

    @Setup(Level.Trial)
    public void setUp() throws InterruptedException {
        String[] kindAndCount = waiters.split("-");
        if (kindAndCount.length != 2 || !(kindAndCount[0].equals("platform") || kindAndCount[0].equals("virtual"))) {
            throw new IllegalArgumentException("waiters must be platform-N or virtual-N, was '" + waiters + "'");
        }
        boolean virtual = kindAndCount[0].equals("virtual");
        int count = Integer.parseInt(kindAndCount[1]);
        lane = Lane.create(impl, capacity);
        ThreadFactory factory = Parties.factory("waiter-" + impl, virtual);
        receivers = new Parties("waiters " + waiters + " on " + impl);
        CountDownLatch started = new CountDownLatch(count);
        for (int i = 0; i < count; i++) {
            Tally tally = new Tally();
            tallies.add(tally);
            receivers.start(factory, () -> {
                started.countDown();
                while (true) {
                    long v = lane.take();
                    tally.count++;
                    tally.sum += v;
                    tally.sumOfSquares += v * v;
                    received.increment();
                }
            });
        }
        started.await();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws InterruptedException {
        receivers.stop();
        long count = 0;
        long sum = 0;
        long sumOfSquares = 0;
        for (Tally t : tallies) {
            count += t.count;
            sum += t.sum;
            sumOfSquares += t.sumOfSquares;
        }
        if (count != sent || sum != sentSum || sumOfSquares != sentSumOfSquares) {
            throw new IllegalStateException(impl + " with " + waiters + " waiters lost or duplicated items: received "
                    + count + " (sum " + sum + ", sum of squares " + sumOfSquares + "), sent " + sent + " (sum "
                    + sentSum + ", sum of squares " + sentSumOfSquares + ")");
        }
    }

    @Benchmark
    @OperationsPerInvocation(ITEMS)
    public long send() throws InterruptedException {
        for (int i = 0; i < ITEMS; i++) {
            long v = sent++;
            sentSum += v;
            sentSumOfSquares += v * v;
            lane.send(v);
        }
        long deadline = System.nanoTime() + RECEIVE_TIMEOUT_NANOS;
        while (received.sum() < sent) {
            if (System.nanoTime() - deadline > 0) {
                receivers.checkFailure();
                throw new IllegalStateException(impl + " with " + waiters + " waiters: only " + received.sum() + " of "
                        + sent + " items received within " + RECEIVE_TIMEOUT_NANOS / 1_000_000_000 + " s");
            }
            LockSupport.parkNanos(20_000);
        }
        return sent;
    }
}
