package dev.conduit.bench;

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

import java.util.concurrent.TimeUnit;

/**
 * Items per second from {@link #producers()} producer threads to {@link #consumers()} consumer
 * threads through one transport of capacity 1024.
 *
 * <p>Each invocation moves one batch of {@link #BATCH} pre-boxed items (so allocation is not
 * measured) on persistent threads (see {@link Crew}) and is scored per item. Every consumer sums
 * what it takes; the invocation fails if the total differs from the sum of the batch, so a
 * transport that loses or duplicates an item cannot post a score.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-XX:+UseParallelGC", "-Xms512m", "-Xmx512m"})
public abstract class ThroughputBenchmark {
    /** Items moved per invocation. */
    public static final int BATCH = 262_144;
    /** A batch slower than this (under 26,000 items/s) counts as collapsed. */
    static final long BATCH_TIMEOUT_SECONDS = 10;

    @Param({"conduit-spin-then-park", "conduit-blocking", "conduit-yielding", "conduit-busy-spin",
            "ArrayBlockingQueue", "LinkedBlockingQueue", "LinkedTransferQueue", "jctools-spin", "jctools-yield",
            "disruptor-blocking", "disruptor-yielding"})
    public String transport;

    private Transport lane;
    private Crew crew;
    private long expectedSum;

    /** @return how many producer threads */
    protected abstract int producers();

    /** @return how many consumer threads */
    protected abstract int consumers();

    @Setup(Level.Trial)
    public void setUp() {
        int producers = producers();
        int consumers = consumers();
        Long[] items = new Long[BATCH];
        for (int i = 0; i < BATCH; i++) {
            items[i] = (long) i;
            expectedSum += i;
        }
        int perProducer = BATCH / producers;
        int perConsumer = BATCH / consumers;
        lane = Transport.create(transport, producers, consumers, perConsumer);
        Crew.Task[] tasks = new Crew.Task[producers + consumers];
        int[] cpuSlots = new int[tasks.length];
        for (int p = 0; p < producers; p++) {
            int from = p * perProducer;
            tasks[p] = () -> {
                for (int i = from; i < from + perProducer; i++) {
                    lane.send(items[i]);
                }
                return 0;
            };
            cpuSlots[p] = p;
        }
        boolean pushes = lane instanceof DisruptorTransport; // its own handler threads do the work and are pinned
        for (int c = 0; c < consumers; c++) {
            int consumer = c;
            tasks[producers + c] = () -> lane.receive(consumer, perConsumer);
            cpuSlots[producers + c] = pushes ? -1 : producers + c;
        }
        crew = new Crew(transport, tasks, cpuSlots);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws InterruptedException {
        crew.stop();
        lane.stop();
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long transfer() throws InterruptedException {
        return crew.runCheckedBatch(expectedSum, BATCH_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }
}
