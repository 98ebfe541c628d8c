package dev.conduit.pipeline;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * {@link Pipeline#loop}: a pipeline whose last stage feeds its first, and that ends when no item is
 * queued or in flight anywhere. Each test knows exactly which items must go round (a sequential
 * simulation of the same rules) and checks that each went round once: an end that comes too early
 * shows as missing items, one that never comes as a test timeout.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PipelineLoopTest {

    /** How many children item {@code id} has: 0 to 3, 1.5 on average, by a hash, so that runs are repeatable. */
    private static int childrenOf(long id, int depth, int maxDepth) {
        if (depth >= maxDepth) {
            return 0;
        }
        int h = (int) ((id * 0x9E3779B97F4A7C15L) >>> 61); // 0..7
        return h == 0 ? 0 : h <= 3 ? 1 : h <= 6 ? 2 : 3;
    }

    /** An item of the tree: a unique id and its depth. */
    record Node(long id, int depth) {
        List<Node> children(int maxDepth) {
            List<Node> kids = new ArrayList<>();
            int n = childrenOf(id, depth, maxDepth);
            for (int i = 1; i <= n; i++) {
                kids.add(new Node(id * 4 + i, depth + 1)); // one parent per id: 4n+1..4n+3
            }
            return kids;
        }
    }

    private static List<Node> seeds(int n) {
        return LongStream.range(0, n).mapToObj(i -> new Node(1_000_000_000L + i, 0)).toList();
    }

    /** Every node the tree of {@code seeds} has, found one by one. */
    private static Set<Long> expected(List<Node> seeds, int maxDepth, Set<Long> failing) {
        Set<Long> all = new HashSet<>();
        ArrayDeque<Node> todo = new ArrayDeque<>(seeds);
        while (!todo.isEmpty()) {
            Node n = todo.poll();
            all.add(n.id());
            if (!failing.contains(n.id())) {
                todo.addAll(n.children(maxDepth));
            }
        }
        return all;
    }

    @Test
    void aLoopWithoutSeedsCompletesAtOnce() throws InterruptedException {
        AtomicInteger calls = new AtomicInteger();
        PipelineResult<Void> result = Pipeline.<Integer>loop(List.of(), p -> p
                        .map("step", 4, x -> {
                            calls.incrementAndGet();
                            return x + 1;
                        }).virtualThreads()
                        .filter("small", 1, x -> x < 10))
                .run();

        assertThat(result.status()).isEqualTo(PipelineStatus.COMPLETED);
        assertThat(calls).hasValue(0);
        assertThat(result.stats().stage("source").out()).isZero();
        assertThat(result.outputs()).isEmpty();
    }

    @Test
    void aLoopWhoseSeedsAreAllDroppedCompletes() throws InterruptedException {
        PipelineResult<Void> result = Pipeline.<Integer>loop(List.of(1, 2, 3), p -> p
                        .filter("none", 2, x -> false))
                .run();

        assertThat(result.status()).isEqualTo(PipelineStatus.COMPLETED);
        assertThat(result.stats().stage("none").in()).isEqualTo(3);
        assertThat(result.stats().stage("none").out()).isZero();
    }

    /** One item alone going round twenty thousand times: the count never passes zero on the way. */
    @Test
    void oneItemGoesRoundManyTimesAndTheRunEndsWhenItIsDropped() throws InterruptedException {
        int rounds = 20_000;
        AtomicLong seen = new AtomicLong();
        PipelineResult<Void> result = Pipeline.loop(List.of(0), (Pipeline<Integer> p) -> p
                        .map("step", 1, x -> x + 1)
                        .peek("count", 2, x -> seen.incrementAndGet())
                        .filter("until", 1, x -> x < rounds))
                .run();

        assertThat(result.status()).isEqualTo(PipelineStatus.COMPLETED);
        assertThat(seen).hasValue(rounds);
        assertThat(result.stats().stage("source").out()).isEqualTo(rounds);
    }

    /**
     * A tree of 100 seeds and up to 12 generations, with several workers per stage, virtual and
     * platform threads, batched and plain hand-offs: every node goes round exactly once.
     */
    @ParameterizedTest(name = "expand workers {0}, virtual {1}, hand-off batch {2}, ordered {3}")
    @CsvSource({"1, false, 64, false", "4, false, 64, false", "3, true, 64, false", "4, false, 1, false",
            "2, true, 1, true", "4, false, 64, true"})
    void everyNodeOfATreeGoesRoundExactlyOnce(int workers, boolean virtual, int handoffBatch, boolean ordered)
            throws InterruptedException {
        int maxDepth = 12;
        List<Node> seeds = seeds(100);
        Set<Long> expected = expected(seeds, maxDepth, Set.of());
        Map<Long, Integer> visits = new ConcurrentHashMap<>();

        PipelineResult<Void> result = Pipeline.loop(seeds, (Pipeline<Node> p) -> {
                    Pipeline<Node> visited = p.peek("visit", 2, n -> visits.merge(n.id(), 1, Integer::sum));
                    Pipeline<Node> expanded = visited.flatMap("expand", workers, n -> n.children(maxDepth));
                    if (virtual) {
                        expanded = expanded.virtualThreads();
                    }
                    return ordered ? expanded.ordered() : expanded;
                })
                .handoffBatch(handoffBatch)
                .run();

        assertThat(result.status()).isEqualTo(PipelineStatus.COMPLETED);
        assertThat(expected).hasSizeGreaterThan(1_000);
        assertThat(visits.keySet()).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(visits.values()).containsOnly(1);
        assertThat(result.stats().stage("source").out()).isEqualTo(expected.size());
        assertThat(result.failures()).isEmpty();
        assertThat(result.notProcessed()).isEmpty();
    }

    /** Many short runs: the end comes when the last item is done, never before and never late. */
    @Test
    void manySmallLoopsEachEndExactlyWhenTheirLastItemIsDone() throws InterruptedException {
        for (int r = 0; r < 150; r++) {
            int run = r;
            List<Node> seeds = LongStream.range(0, 1 + run % 4).mapToObj(i -> new Node(run * 10L + i, 0)).toList();
            int maxDepth = 3 + run % 5;
            Set<Long> expected = expected(seeds, maxDepth, Set.of());
            Set<Long> visited = ConcurrentHashMap.newKeySet();

            PipelineResult<Void> result = Pipeline.loop(seeds, (Pipeline<Node> p) -> p
                            .flatMap("expand", 3, n -> {
                                assertThat(visited.add(n.id())).as("node %s twice", n).isTrue();
                                return n.children(maxDepth);
                            })
                            .filter("pass", 2, n -> true))
                    .run();

            assertThat(result.status()).isEqualTo(PipelineStatus.COMPLETED);
            assertThat(visited).as("run %d", run).containsExactlyInAnyOrderElementsOf(expected);
        }
    }

    // ---------------------------------------------------------------- error policies

    private static Set<Long> failingNodes(List<Node> seeds, int maxDepth) {
        Set<Long> failing = new HashSet<>();
        for (long id : expected(seeds, maxDepth, Set.of())) {
            if (id % 11 == 4) {
                failing.add(id);
            }
        }
        return failing;
    }

    @Test
    void skipListsEachFailedItemAndTheLoopGoesOnWithoutItsChildren() throws InterruptedException {
        int maxDepth = 9;
        List<Node> seeds = seeds(30);
        Set<Long> failing = failingNodes(seeds, maxDepth);
        Set<Long> expected = expected(seeds, maxDepth, failing);
        Set<Long> failingSeen = new HashSet<>(expected);
        failingSeen.retainAll(failing);
        Set<Long> expanded = ConcurrentHashMap.newKeySet();

        PipelineResult<Void> result = Pipeline.loop(seeds, (Pipeline<Node> p) -> p
                        .flatMap("expand", 4, n -> {
                            if (failing.contains(n.id())) {
                                throw new IOException("bad node " + n.id());
                            }
                            expanded.add(n.id());
                            return n.children(maxDepth);
                        }).onError(ErrorPolicy.skip()))
                .run();

        assertThat(result.status()).isEqualTo(PipelineStatus.COMPLETED);
        assertThat(failingSeen).isNotEmpty();
        assertThat(result.failures()).extracting(f -> ((Node) f.item()).id())
                .containsExactlyInAnyOrderElementsOf(failingSeen);
        assertThat(result.failures()).allSatisfy(f -> assertThat(f.error()).isInstanceOf(IOException.class));
        Set<Long> all = new HashSet<>(expanded);
        all.addAll(failingSeen);
        assertThat(all).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void retryThenSkipRetriesEachFailureAndSkipsWhatStillFails() throws InterruptedException {
        int maxDepth = 8;
        List<Node> seeds = seeds(20);
        Set<Long> alwaysFailing = failingNodes(seeds, maxDepth);
        Set<Long> expected = expected(seeds, maxDepth, alwaysFailing);
        Map<Long, AtomicInteger> attempts = new ConcurrentHashMap<>();

        PipelineResult<Void> result = Pipeline.loop(seeds, (Pipeline<Node> p) -> p
                        .flatMap("expand", 3, n -> {
                            int attempt = attempts.computeIfAbsent(n.id(), k -> new AtomicInteger()).incrementAndGet();
                            if (alwaysFailing.contains(n.id()) || (n.id() % 5 == 0 && attempt == 1)) {
                                throw new IOException("attempt " + attempt + " of " + n.id());
                            }
                            return n.children(maxDepth);
                        }).onError(ErrorPolicy.retry(2, Duration.ofMillis(1)).thenSkip()))
                .run();

        assertThat(result.status()).isEqualTo(PipelineStatus.COMPLETED);
        assertThat(attempts.keySet()).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(result.failures()).isNotEmpty().allSatisfy(f -> {
            assertThat(alwaysFailing).contains(((Node) f.item()).id());
            assertThat(f.attempts()).isEqualTo(3);
        });
        attempts.forEach((id, n) -> assertThat(n.get()).as("attempts of %d", id)
                .isEqualTo(alwaysFailing.contains(id) ? 3 : id % 5 == 0 ? 2 : 1));
    }

    /**
     * Fail-fast (the default, and a retry that runs out): the run stops with the failure, and every
     * item that was made is either expanded, the failure, or listed as not processed, exactly once.
     */
    @ParameterizedTest(name = "retries before failing: {0}")
    @CsvSource({"0", "2"})
    void aFailureStopsTheLoopAndEveryItemIsAccountedFor(int retries) {
        AtomicLong ids = new AtomicLong(1);
        Set<Long> made = ConcurrentHashMap.newKeySet();
        Set<Long> expanded = ConcurrentHashMap.newKeySet();
        made.add(0L);
        ErrorPolicy policy = retries == 0 ? ErrorPolicy.failFast() : ErrorPolicy.retry(retries, Duration.ofMillis(1));

        PipelineFailedException e = catchThrowableOfType(PipelineFailedException.class, () ->
                Pipeline.loop(List.of(0L), (Pipeline<Long> p) -> p
                                .map("pass", 2, id -> id)
                                .flatMap("expand", 3, id -> {
                                    if (id == 3_000) {
                                        throw new IOException("node 3000 is bad");
                                    }
                                    List<Long> kids = List.of(ids.getAndIncrement(), ids.getAndIncrement());
                                    made.addAll(kids);
                                    expanded.add(id);
                                    return kids;
                                }).onError(policy))
                        .run());

        assertThat(e).isNotNull().hasCauseInstanceOf(IOException.class);
        assertThat(e.failure().item()).isEqualTo(3_000L);
        assertThat(e.failure().attempts()).isEqualTo(retries + 1);
        PipelineResult<?> result = e.result();
        assertThat(result.status()).isEqualTo(PipelineStatus.FAILED);
        assertAccountedForOnce(made, expanded, result, Set.of(3_000L));
    }

    /** Each item made is exactly one of: expanded, failed, not processed. */
    private static void assertAccountedForOnce(Set<Long> made, Set<Long> expanded, PipelineResult<?> result,
                                               Set<Long> failed) {
        List<Long> notProcessed = result.notProcessed().stream().map(n -> (Long) n.item()).toList();
        assertThat(notProcessed).doesNotHaveDuplicates().doesNotContainAnyElementsOf(expanded);
        for (long f : failed) {
            assertThat(notProcessed).doesNotContain(f);
            assertThat(expanded).doesNotContain(f);
        }
        Set<Long> all = new HashSet<>(expanded);
        all.addAll(notProcessed);
        all.addAll(failed);
        assertThat(all).containsExactlyInAnyOrderElementsOf(made);
    }

    /** A loop that always finds more work, two stages deep, cancelled in the middle. */
    @ParameterizedTest(name = "virtual threads {0}")
    @CsvSource({"false", "true"})
    void cancellingAnEndlessLoopListsEveryItemInFlight(boolean virtual) throws Exception {
        AtomicLong ids = new AtomicLong(100);
        Set<Long> made = ConcurrentHashMap.newKeySet();
        Set<Long> expanded = ConcurrentHashMap.newKeySet();
        List<Long> seeds = LongStream.range(0, 20).boxed().toList();
        made.addAll(seeds);
        CountDownLatch enough = new CountDownLatch(20_000);

        RunningPipeline<Void> running = Pipeline.loop(seeds, (Pipeline<Long> p) -> {
            Pipeline<Long> grow = p.map("pass", 2, id -> id)
                    .flatMap("grow", 3, id -> {
                        // about 40 items in the loop: two children while fewer, else one
                        int n = made.size() - expanded.size() < 40 ? 2 : 1;
                        List<Long> kids = new ArrayList<>();
                        for (int i = 0; i < n; i++) {
                            kids.add(ids.getAndIncrement());
                        }
                        made.addAll(kids);
                        expanded.add(id);
                        enough.countDown();
                        return kids;
                    });
            return virtual ? grow.virtualThreads() : grow;
        }).start();

        assertThat(enough.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(running.cancel()).isTrue();
        PipelineResult<Void> result = running.await();

        assertThat(result.status()).isEqualTo(PipelineStatus.CANCELLED);
        assertThat(result.notProcessed()).isNotEmpty();
        assertAccountedForOnce(made, expanded, result, Set.of());
    }

    @Test
    void anEndlessLoopTimesOut() {
        PipelineFailedException e = catchThrowableOfType(PipelineFailedException.class, () ->
                Pipeline.loop(List.of(1), (Pipeline<Integer> p) -> p.map("again", 2, x -> x))
                        .timeout(Duration.ofMillis(200))
                        .run());

        assertThat(e.result().status()).isEqualTo(PipelineStatus.TIMED_OUT);
        assertThat(e.result().notProcessed()).extracting(NotProcessed::item).containsExactly(1);
    }

    // ---------------------------------------------------------------- building

    @Test
    void aLoopMustAddStagesThatFeedBack() {
        assertThatThrownBy(() -> Pipeline.<Integer>loop(List.of(1), p -> p))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one stage");
        assertThatThrownBy(() -> Pipeline.<Integer>loop(List.of(1), p -> Pipeline.from(List.of(2))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("the pipeline it was given");
        assertThatThrownBy(() -> Pipeline.<Integer>loop(List.of(1), p -> p.batch(3).map(List::size)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot be in a loop");
        assertThatThrownBy(() -> Pipeline.<Integer>loop(List.of(1), p -> {
            p.map("x", 1, x -> x).to("sink", 1, x -> { });
            return p;
        })).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sink 'sink'");
    }

    @Test
    void noStageCanBeAddedAfterTheLoopButOptionsCan() throws InterruptedException {
        Pipeline<Void> loop = Pipeline.loop(List.of(1), (Pipeline<Integer> p) -> p.filter("once", 1, x -> x < 3)
                .map("up", 1, x -> x + 1));
        assertThatThrownBy(() -> loop.map("more", 1, x -> x))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("is a loop");

        PipelineResult<Void> result = loop.name("counter").timeout(Duration.ofSeconds(30)).run();
        assertThat(result.status()).isEqualTo(PipelineStatus.COMPLETED);
        assertThat(result.stats().stage("once").in()).isEqualTo(3); // 1, 2, 3
        assertThat(result.report()).contains("Pipeline 'counter' COMPLETED");
        // a builder runs again from its seeds
        assertThat(loop.run().stats().stage("once").in()).isEqualTo(3);
    }
}
