package dev.conduit.pipeline;

import dev.conduit.channel.Channel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PipelineBasicsTest {

    /** Seed 003's pipe: preprocess, process, collect, without sentinels or a sleep to "let it finish". */
    @Test
    void seedThreeStagePipe() throws InterruptedException {
        List<String> items = IntStream.range(0, 5).mapToObj(i -> "item-" + i).toList();

        PipelineResult<String> result = Pipeline.from(items)
                .map("stage1", 1, item -> "preprocessed(" + item + ")")
                .map("stage2", 1, item -> "processed(" + item + ")")
                .map("stage3", 1, item -> "final(" + item + ")")
                .run();

        assertThat(result.status()).isEqualTo(PipelineStatus.COMPLETED);
        assertThat(result.outputs()).containsExactly(
                "final(processed(preprocessed(item-0)))", "final(processed(preprocessed(item-1)))",
                "final(processed(preprocessed(item-2)))", "final(processed(preprocessed(item-3)))",
                "final(processed(preprocessed(item-4)))");
        assertThat(result.failures()).isEmpty();
        assertThat(result.notProcessed()).isEmpty();
        assertThat(result.stats().stages()).extracting(StageStats::name)
                .containsExactly("source", "stage1", "stage2", "stage3");
        assertThat(result.stats().stage("stage3").out()).isEqualTo(5);
    }

    /** End of stream travels by closing channels, whatever the number of workers per stage. */
    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 5, 8, 16})
    void endOfStreamWithoutSentinels(int workers) throws InterruptedException {
        int n = 20_000;
        AtomicLong sinkSum = new AtomicLong();
        AtomicInteger sinkCount = new AtomicInteger();

        PipelineResult<Void> result = Pipeline.from(LongStream.range(0, n).boxed())
                .map("twice", workers, x -> x * 2).buffer(16)
                .map("plus-one", workers, x -> x + 1).buffer(16)
                .to("sum", workers, x -> {
                    sinkSum.addAndGet(x);
                    sinkCount.incrementAndGet();
                })
                .run();

        assertThat(result.status()).isEqualTo(PipelineStatus.COMPLETED);
        assertThat(sinkCount).hasValue(n);
        assertThat(sinkSum.get()).isEqualTo((long) n * (n - 1) + n);   // sum of 2x+1
        assertThat(result.stats().stage("sum").in()).isEqualTo(n);
        assertThat(result.stats().stage("sum").out()).isEqualTo(n);
    }

    @Test
    void channelSourceEndsWhenTheChannelIsClosed() throws InterruptedException {
        Channel<Integer> input = Channel.bounded(4);
        Thread producer = Thread.ofPlatform().start(() -> {
            try {
                for (int i = 0; i < 100; i++) {
                    input.put(i);
                }
                input.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });

        List<Integer> out = Pipeline.from(input).map("square", 3, x -> x * x).toList();

        producer.join();
        assertThat(out).containsExactlyInAnyOrderElementsOf(IntStream.range(0, 100).map(x -> x * x).boxed().toList());
    }

    @Test
    void channelSourceClosedWithACauseFailsTheRun() {
        Channel<Integer> input = Channel.bounded(4);
        input.offer(1);
        input.close(new IllegalStateException("upstream broke"));

        assertThatThrownBy(() -> Pipeline.from(input).map("id", 1, x -> x).run())
                .isInstanceOf(PipelineFailedException.class)
                .hasRootCauseMessage("upstream broke");
    }

    @Test
    void generatorFilterFlatMapPeekAndBatch() throws InterruptedException {
        int[] next = {0};
        ConcurrentLinkedQueue<Integer> peeked = new ConcurrentLinkedQueue<>();

        PipelineResult<List<Integer>> result = Pipeline.generate(() -> next[0] < 10 ? next[0]++ : null)
                .filter("even", 2, x -> x % 2 == 0)
                .flatMap("twice", 2, x -> List.of(x, x))
                .peek("look", 1, peeked::add)
                .batch(4)
                .run();

        List<Integer> flat = result.outputs().stream().flatMap(List::stream).toList();
        assertThat(flat).containsExactlyInAnyOrder(0, 0, 2, 2, 4, 4, 6, 6, 8, 8);
        assertThat(result.outputs()).extracting(List::size).containsExactly(4, 4, 2);
        assertThat(peeked).hasSize(10);
        assertThat(result.stats().stage("even").in()).isEqualTo(10);
        assertThat(result.stats().stage("even").out()).isEqualTo(5);
    }

    @Test
    void intoChannelClosesItAtTheEnd() throws InterruptedException {
        Channel<String> out = Channel.unbounded();

        Pipeline.from(List.of("a", "b", "c")).map("upper", 2, String::toUpperCase).into(out).run();

        assertThat(out.isClosedForSend()).isTrue();
        assertThat(out.stream().toList()).containsExactlyInAnyOrder("A", "B", "C");
    }

    @Test
    void aPipelineCanRunTwiceButAStreamSourceOnlyOnce() throws InterruptedException {
        Pipeline<Integer> fromList = Pipeline.from(List.of(1, 2, 3)).map("inc", 1, x -> x + 1);
        assertThat(fromList.toList()).containsExactly(2, 3, 4);
        assertThat(fromList.toList()).containsExactly(2, 3, 4);

        Pipeline<Integer> fromStream = Pipeline.from(Stream.of(1, 2, 3)).map("inc", 1, x -> x + 1);
        assertThat(fromStream.toList()).containsExactly(2, 3, 4);
        assertThatThrownBy(fromStream::toList).isInstanceOf(IllegalStateException.class).hasMessageContaining("once");
    }

    @Test
    void badInputGetsClearErrors() {
        Pipeline<Integer> p = Pipeline.from(List.of(1)).map("a", 1, x -> x);
        assertThatThrownBy(() -> p.map("a", 1, x -> x)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("already has a stage named 'a'");
        assertThatThrownBy(() -> p.map("b", 0, x -> x)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'b' needs at least 1 worker");
        assertThatThrownBy(() -> p.buffer(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("buffer of stage 'a'");
        assertThatThrownBy(() -> ErrorPolicy.retry(0, java.time.Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("retry count");
        Pipeline<Void> ended = p.to("sink", 1, x -> { });
        assertThatThrownBy(() -> ended.map("c", 1, x -> x)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already ends in sink 'sink'");
    }

    @Test
    void nullResultIsAFailureOfThatItem() throws InterruptedException {
        PipelineResult<Integer> result = Pipeline.from(List.of(1, 2, 3))
                .map("maybe-null", 1, x -> x == 2 ? null : x).onError(ErrorPolicy.skip())
                .run();

        assertThat(result.outputs()).containsExactly(1, 3);
        assertThat(result.failures()).singleElement().satisfies(f -> {
            assertThat(f.item()).isEqualTo(2);
            assertThat(f.error()).isInstanceOf(NullPointerException.class).hasMessageContaining("'maybe-null' returned null");
        });
    }

    @Test
    void progressCountsWhatEachStageDid() throws InterruptedException {
        List<Integer> input = new ArrayList<>(IntStream.range(0, 1000).boxed().toList());
        RunningPipeline<Integer> running = Pipeline.from(input).filter("odd", 2, x -> x % 2 == 1).start();
        running.await();
        assertThat(running.progress()).containsExactly(
                new StageProgress("source", 1000, 1000, 0), new StageProgress("odd", 1000, 500, 0));
    }
}
