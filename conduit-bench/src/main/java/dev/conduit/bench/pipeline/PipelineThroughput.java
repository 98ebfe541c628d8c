package dev.conduit.bench.pipeline;

import dev.conduit.pipeline.Pipeline;
import dev.conduit.pipeline.PipelineResult;
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
import org.openjdk.jmh.annotations.Warmup;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Items per second through a three-stage identity pipeline (source, three one-worker stages, a
 * summing sink): a Conduit {@link Pipeline} against the same thing written by hand with
 * {@link ArrayBlockingQueue}s and threads, the way seed 003 writes it (a sentinel ends the stream).
 *
 * <p>{@code conduit-pipeline} runs with the default hand-off batching (items cross into each
 * one-worker stage in arrays of up to 64); {@code conduit-pipeline-unbatched} turns it off
 * ({@code handoffBatch(1)}), one channel operation per item per hop like the hand-written version.
 *
 * <p>Each invocation is one whole run of {@link #ITEMS} items, threads started and joined, for both
 * contenders, so both pay the same start-up; the sum is checked so that a contender that loses or
 * duplicates items fails. Buffers are 1024 items in both. Items are boxed once in setup.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-XX:+UseParallelGC", "-Xms1g", "-Xmx1g"})
public class PipelineThroughput {
    /** Items per run. */
    public static final int ITEMS = 200_000;
    private static final int BUFFER = 1024;
    private static final Object END = new Object();

    @Param({"conduit-pipeline", "conduit-pipeline-unbatched", "handwritten-abq"})
    public String impl;

    private List<Long> items;
    private long expectedSum;

    @Setup(Level.Trial)
    public void setUp() {
        Long[] boxed = new Long[ITEMS];
        for (int i = 0; i < ITEMS; i++) {
            boxed[i] = (long) i;
            expectedSum += i;
        }
        items = Arrays.asList(boxed);
    }

    @Benchmark
    @OperationsPerInvocation(ITEMS)
    public long threeStages() throws InterruptedException {
        long sum = switch (impl) {
            case "conduit-pipeline" -> conduit(0);
            case "conduit-pipeline-unbatched" -> conduit(1);
            case "handwritten-abq" -> handwritten();
            default -> throw new IllegalArgumentException("unknown impl " + impl);
        };
        if (sum != expectedSum) {
            throw new IllegalStateException(impl + " lost or duplicated items: sum " + sum + " != " + expectedSum);
        }
        return sum;
    }

    /** @param handoffBatch 0 for the default, else the hand-off batch size */
    private long conduit(int handoffBatch) throws InterruptedException {
        long[] sum = {0};
        Pipeline<Long> source = Pipeline.from(items).defaultBuffer(BUFFER);
        if (handoffBatch > 0) {
            source.handoffBatch(handoffBatch);
        }
        PipelineResult<Void> result = source
                .map("s1", 1, x -> x)
                .map("s2", 1, x -> x)
                .map("s3", 1, x -> x)
                .to("sum", 1, x -> sum[0] += x)
                .run();
        return result.failures().isEmpty() ? sum[0] : -1;   // the sink's writes happen-before run() returns
    }

    private long handwritten() throws InterruptedException {
        BlockingQueue<Object> q1 = new ArrayBlockingQueue<>(BUFFER);
        BlockingQueue<Object> q2 = new ArrayBlockingQueue<>(BUFFER);
        BlockingQueue<Object> q3 = new ArrayBlockingQueue<>(BUFFER);
        BlockingQueue<Object> q4 = new ArrayBlockingQueue<>(BUFFER);
        Thread source = Thread.ofPlatform().start(() -> {
            try {
                for (Long item : items) {
                    q1.put(item);
                }
                q1.put(END);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Thread s1 = stage(q1, q2);
        Thread s2 = stage(q2, q3);
        Thread s3 = stage(q3, q4);
        long sum = 0;
        for (Object item; (item = q4.take()) != END; ) {
            sum += (Long) item;
        }
        source.join();
        s1.join();
        s2.join();
        s3.join();
        return sum;
    }

    private static Thread stage(BlockingQueue<Object> in, BlockingQueue<Object> out) {
        return Thread.ofPlatform().start(() -> {
            try {
                for (;;) {
                    Object item = in.take();
                    out.put(item);
                    if (item == END) {
                        return;
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }
}
