package dev.conduit.pipeline;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class PipelineOrderAndMemoryTest {

    /** Random per-item delays scramble completion order; ordered() restores input order. */
    @ParameterizedTest
    @ValueSource(ints = {2, 8})
    void orderedStageEmitsInInputOrderDespiteRandomDelays(int workers) throws InterruptedException {
        List<Integer> input = IntStream.range(0, 400).boxed().toList();

        PipelineResult<String> result = Pipeline.from(input)
                .map("jitter", workers, x -> {
                    Thread.sleep(0, ThreadLocalRandom.current().nextInt(300_000));
                    return "r" + x;
                }).ordered().virtualThreads()
                .flatMap("pair", workers, r -> {
                    Thread.sleep(0, ThreadLocalRandom.current().nextInt(300_000));
                    return List.of(r + "a", r + "b");
                }).ordered()
                .run();

        List<String> expected = input.stream().flatMap(x -> List.of("r" + x + "a", "r" + x + "b").stream()).toList();
        assertThat(result.outputs()).containsExactlyElementsOf(expected);
    }

    @Test
    void orderedStageWithSkippedFailuresKeepsTheOrderOfTheRest() throws InterruptedException {
        PipelineResult<Integer> result = Pipeline.from(IntStream.range(0, 200).boxed().toList())
                .map("every-tenth-fails", 4, x -> {
                    Thread.sleep(0, ThreadLocalRandom.current().nextInt(200_000));
                    if (x % 10 == 3) {
                        throw new IllegalStateException("no " + x);
                    }
                    return x;
                }).ordered().onError(ErrorPolicy.skip())
                .run();

        assertThat(result.outputs()).isSorted().hasSize(180);
        assertThat(result.failures()).hasSize(20);
    }

    /**
     * A fast source and a slow sink: the pipeline may hold at most its buffers plus one item per
     * worker (the source's worker included), never the whole input.
     */
    @Test
    void memoryStaysBoundedWithAFastSourceAndASlowSink() throws InterruptedException {
        // Stages with several workers: every link hands over single items.
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger highWater = new AtomicInteger();
        int n = 3_000;

        PipelineResult<Void> result = Pipeline.<Integer>generate(countingSource(n, inFlight, highWater)).buffer(8)
                .map("fast", 3, x -> x).buffer(5)
                .filter("keep-all", 2, x -> true).buffer(4)
                .to("slow-sink", 2, x -> {
                    Thread.sleep(0, 200_000);
                    inFlight.decrementAndGet();
                })
                .run();

        assertThat(result.stats().stage("slow-sink").in()).isEqualTo(n);
        int buffers = 8 + 5 + 4;
        int workers = 1 + 3 + 2 + 2;
        assertThat(highWater.get()).isLessThanOrEqualTo(buffers + workers);
        // and the bound was actually reached: the source really was faster and was held back
        assertThat(highWater.get()).isGreaterThanOrEqualTo(buffers);
        assertThat(result.stats().stage("source").blockedShare()).isGreaterThan(0.5);
        assertThat(result.stats().links()).allSatisfy(l -> assertThat(l.peakFill()).isLessThanOrEqualTo(l.capacity()));
    }

    /**
     * The same with one worker per stage, where links hand over batches: each batched link may add
     * one batch kept back by its producer and one being worked through by its consumer.
     */
    @Test
    void memoryStaysBoundedWithBatchedHandOffs() throws InterruptedException {
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger highWater = new AtomicInteger();
        int n = 3_000;

        PipelineResult<Void> result = Pipeline.<Integer>generate(countingSource(n, inFlight, highWater)).buffer(16)
                .handoffBatch(4)
                .map("fast", 1, x -> x).buffer(8)
                .to("slow-sink", 1, x -> {
                    Thread.sleep(0, 200_000);
                    inFlight.decrementAndGet();
                })
                .run();

        assertThat(result.stats().stage("slow-sink").in()).isEqualTo(n);
        int buffers = 16 + 8;
        int workers = 3;
        int batchedLinks = 2;
        assertThat(highWater.get()).isLessThanOrEqualTo(buffers + workers + batchedLinks * 2 * 4);
        assertThat(highWater.get()).isGreaterThanOrEqualTo(buffers);
        assertThat(result.stats().links()).allSatisfy(l -> assertThat(l.peakFill()).isLessThanOrEqualTo(l.capacity()));
    }

    /**
     * A source of 0..n-1 that counts the items in flight (the sink decrements) and records the
     * highest count.
     */
    private static ItemGenerator<Integer> countingSource(int n, AtomicInteger inFlight,
                                                       AtomicInteger highWater) {
        int[] produced = {0};
        return () -> {
            if (produced[0] == n) {
                return null;
            }
            highWater.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            return produced[0]++;
        };
    }

}
