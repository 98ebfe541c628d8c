package dev.conduit.bench;

import dev.conduit.channel.Channel;
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

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One producer, one consumer, capacity 1024: items per second through a Conduit {@link Channel}
 * and, as the baseline, through {@link ArrayBlockingQueue}.
 *
 * <p>The producer is a persistent thread; each invocation the benchmark thread consumes a fixed
 * batch and checks count and sum, so a queue that loses or duplicates items fails the run. (JMH
 * {@code @Group} threads doing blocking put/take can hang at the end of an iteration, hence this
 * shape.) Items are boxed once in setup so allocation is not measured.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-XX:+UseParallelGC", "-Xms1g", "-Xmx1g"})
public class SpscThroughput {
    /** Items moved per invocation. */
    public static final int BATCH = 262_144;

    @Param({"conduit", "ArrayBlockingQueue"})
    public String queue;

    private Handoff handoff;
    private Long[] items;
    private long expectedSum;
    private Thread producer;

    @Setup(Level.Trial)
    public void setUp() {
        items = new Long[BATCH];
        for (int i = 0; i < BATCH; i++) {
            items[i] = (long) i;
            expectedSum += i;
        }
        handoff = switch (queue) {
            case "conduit" -> Handoff.of(Channel.<Long>bounded(1024));
            case "ArrayBlockingQueue" -> Handoff.of(new ArrayBlockingQueue<Long>(1024));
            default -> throw new IllegalArgumentException("unknown queue " + queue);
        };
        producer = Thread.ofPlatform().daemon().name("producer").start(() -> {
            try {
                for (;;) {
                    for (Long item : items) {
                        handoff.put(item);
                    }
                }
            } catch (InterruptedException stop) {
                // trial over
            }
        });
    }

    @TearDown(Level.Trial)
    public void tearDown() throws InterruptedException {
        producer.interrupt();
        producer.join(10_000);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long transfer() throws InterruptedException {
        long sum = 0;
        for (int i = 0; i < BATCH; i++) {
            sum += handoff.take();
        }
        if (sum != expectedSum) {
            throw new IllegalStateException(queue + " lost or duplicated items: sum " + sum + " != " + expectedSum);
        }
        return sum;
    }
}
