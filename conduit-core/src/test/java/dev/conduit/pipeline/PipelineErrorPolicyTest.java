package dev.conduit.pipeline;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class PipelineErrorPolicyTest {
    private static final List<Integer> HUNDRED = IntStream.range(0, 100).boxed().toList();

    private static int failOnMultiplesOf7(int x) throws IOException {
        if (x % 7 == 0) {
            throw new IOException("bad item " + x);
        }
        return x;
    }

    @Test
    void failFastStopsTheRunAndNamesTheItem() {
        AtomicInteger sunk = new AtomicInteger();
        PipelineFailedException e = catchThrowableOfType(PipelineFailedException.class, () ->
                Pipeline.from(HUNDRED)
                        .map("check", 4, x -> x == 42 ? failOnMultiplesOf7(x) : x)
                        .to("sink", 1, x -> sunk.incrementAndGet())
                        .run());

        assertThat(e.failure().stage()).isEqualTo("check");
        assertThat(e.failure().item()).isEqualTo(42);
        assertThat(e).hasMessageContaining("item 42").hasCauseInstanceOf(IOException.class);
        PipelineResult<?> result = e.result();
        assertThat(result.status()).isEqualTo(PipelineStatus.FAILED);
        assertThat(result.failures()).containsExactly(e.failure());
        // Every item the source emitted is accounted for: sunk, the failure, or not processed.
        long emitted = result.stats().stage("source").in();
        assertThat(sunk.get() + 1 + result.notProcessed().size()).isEqualTo((int) emitted);
    }

    @Test
    void skipListsEveryFailedItemAndGoesOn() throws InterruptedException {
        PipelineResult<Integer> result = Pipeline.from(HUNDRED)
                .map("check", 4, PipelineErrorPolicyTest::failOnMultiplesOf7).onError(ErrorPolicy.skip())
                .run();

        List<Integer> bad = HUNDRED.stream().filter(x -> x % 7 == 0).toList();
        assertThat(result.status()).isEqualTo(PipelineStatus.COMPLETED);
        assertThat(result.failures()).extracting(ItemFailure::item).containsExactlyInAnyOrderElementsOf(bad);
        assertThat(result.failures()).allSatisfy(f -> {
            assertThat(f.stage()).isEqualTo("check");
            assertThat(f.error()).isInstanceOf(IOException.class).hasMessage("bad item " + f.item());
            assertThat(f.attempts()).isEqualTo(1);
        });
        assertThat(result.outputs()).hasSize(100 - bad.size()).doesNotContainAnyElementsOf(bad);
        assertThat(result.stats().stage("check").failed()).isEqualTo(bad.size());
    }

    @Test
    void retryThenSkipTriesEachItemAgainAndListsThoseThatNeverWork() throws InterruptedException {
        Map<Integer, AtomicInteger> attempts = new ConcurrentHashMap<>();
        PipelineResult<Integer> result = Pipeline.from(HUNDRED)
                .map("flaky", 4, x -> {
                    int attempt = attempts.computeIfAbsent(x, k -> new AtomicInteger()).incrementAndGet();
                    if (x % 10 == 0 && attempt < 3) {
                        throw new IOException("transient " + x);   // works on the third try
                    }
                    if (x == 55) {
                        throw new IOException("permanent");
                    }
                    return x;
                })
                .onError(ErrorPolicy.retry(2, Duration.ofMillis(1)).thenSkip())
                .run();

        assertThat(result.failures()).singleElement().satisfies(f -> {
            assertThat(f.item()).isEqualTo(55);
            assertThat(f.attempts()).isEqualTo(3);
        });
        assertThat(result.outputs()).hasSize(99).contains(0, 10, 90);
        assertThat(attempts.get(10)).hasValue(3);
        assertThat(attempts.get(11)).hasValue(1);
        // A failed attempt emits nothing, so no retried item comes out twice.
        assertThat(result.outputs()).doesNotHaveDuplicates();
    }

    @Test
    void retryThenFailFailsTheRunWithTheAttemptCount() {
        PipelineFailedException e = catchThrowableOfType(PipelineFailedException.class, () ->
                Pipeline.from(HUNDRED)
                        .map("always-bad-at-13", 2, x -> {
                            if (x == 13) {
                                throw new IOException("13");
                            }
                            return x;
                        })
                        .onError(ErrorPolicy.retry(2, Duration.ZERO))
                        .run());

        assertThat(e.failure().item()).isEqualTo(13);
        assertThat(e.failure().attempts()).isEqualTo(3);
        assertThat(e).hasMessageContaining("after 3 attempts");
    }

    @Test
    void defaultPolicyAppliesToStagesWithoutTheirOwn() throws InterruptedException {
        PipelineResult<Integer> result = Pipeline.from(HUNDRED)
                .defaultErrorPolicy(ErrorPolicy.skip())
                .map("a", 2, PipelineErrorPolicyTest::failOnMultiplesOf7)
                .map("b", 2, x -> {
                    if (x == 50) {
                        throw new IllegalArgumentException("fifty");
                    }
                    return x;
                })
                .run();

        assertThat(result.failures()).extracting(ItemFailure::stage).containsOnly("a", "b");
        assertThat(result.failures()).hasSize(16);   // 15 multiples of 7 below 100, and 50
        assertThat(result.outputs()).hasSize(84);
    }

    @Test
    void toListRefusesToHideSkippedFailures() {
        PipelineFailedException e = catchThrowableOfType(PipelineFailedException.class, () ->
                Pipeline.from(HUNDRED).map("a", 1, PipelineErrorPolicyTest::failOnMultiplesOf7)
                        .onError(ErrorPolicy.skip()).toList());
        assertThat(e).hasMessageStartingWith("15 items failed");
        assertThat(e.result().failures()).hasSize(15);
    }

    @Test
    void aFailingSourceFailsTheRun() {
        int[] n = {0};
        PipelineFailedException e = catchThrowableOfType(PipelineFailedException.class, () ->
                Pipeline.generate(() -> {
                    if (n[0] == 5) {
                        throw new IOException("disk gone");
                    }
                    return n[0]++;
                }).map("id", 1, x -> x).run());
        assertThat(e.failure().stage()).isEqualTo("source");
        assertThat(e.failure().item()).isNull();
        assertThat(e).hasRootCauseMessage("disk gone");
    }
}
