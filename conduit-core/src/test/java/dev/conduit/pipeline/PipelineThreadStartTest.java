package dev.conduit.pipeline;

import dev.conduit.channel.Channel;
import dev.conduit.channel.ChannelClosedException;
import dev.conduit.pool.FailingThreadFactory;
import dev.conduit.pool.FailingThreadFactory.FailIn;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * A pipeline whose threads cannot all be started fails its run with that error, at once, and leaves
 * no thread waiting: before, the stages already started parked for ever and so did the caller.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PipelineThreadStartTest {

    /** The stages have 1 (source), 4 (work) and 2 (sink) threads, then the monitor 1. */
    @ParameterizedTest(name = "{0} threads start, then {1} fails: stage {2}")
    @CsvSource({"0, NEW_THREAD, source", "3, START, work", "5, NEW_THREAD, sink", "7, START, monitor"})
    void aThreadThatCannotStartFailsTheRunWithThatError(int allowed, FailIn where, String stage) throws Exception {
        FailingThreadFactory factory = new FailingThreadFactory(allowed, where);
        AtomicInteger calls = new AtomicInteger();

        PipelineFailedException e = catchThrowableOfType(PipelineFailedException.class, () ->
                Pipeline.from(IntStream.range(0, 1000).boxed().toList())
                        .name("starved")
                        .threadFactory(factory)
                        .map("work", 4, x -> calls.incrementAndGet())
                        .to("sink", 2, x -> calls.incrementAndGet())
                        .run());

        assertThat(e).isNotNull().hasCauseInstanceOf(OutOfMemoryError.class);
        assertThat(e.getCause()).hasMessage(FailingThreadFactory.MESSAGE);
        assertThat(e.failure().stage()).isEqualTo(stage);
        assertThat(e.result().status()).isEqualTo(PipelineStatus.FAILED);
        assertThat(calls).hasValue(0);
        for (Thread t : factory.threads()) {
            if (t.getState() != Thread.State.NEW) { // started: it must have ended
                assertThat(t.join(Duration.ofSeconds(10))).as("%s ended", t.getName()).isTrue();
            }
        }
        assertThat(factory.threads()).as("threads started").filteredOn(t -> t.getState() != Thread.State.NEW).hasSize(allowed);
    }

    @Test
    void theUsersChannelIsClosedWithTheError() {
        Channel<Integer> out = Channel.bounded(10);
        RunningPipeline<Void> run = Pipeline.from(List.of(1, 2, 3))
                .threadFactory(new FailingThreadFactory(1, FailIn.START))
                .map("twice", 2, x -> x * 2)
                .into(out)
                .start();

        assertThatThrownBy(run::await).isInstanceOf(PipelineFailedException.class).hasCauseInstanceOf(OutOfMemoryError.class);
        assertThatThrownBy(out::take).isInstanceOf(ChannelClosedException.class).hasCauseInstanceOf(OutOfMemoryError.class);
    }

    @Test
    void aLoopFailsLikeAnyPipeline() {
        PipelineFailedException e = catchThrowableOfType(PipelineFailedException.class, () ->
                Pipeline.loop(List.of(1), (Pipeline<Integer> p) -> p.filter("small", 3, x -> x < 5).map("up", 1, x -> x + 1))
                        .threadFactory(new FailingThreadFactory(2, FailIn.NEW_THREAD))
                        .run());
        assertThat(e.failure().stage()).isEqualTo("small");
        assertThat(e).hasCauseInstanceOf(OutOfMemoryError.class);
    }

    @Test
    void theFactoryMakesThePlatformThreadsAndTheRunCompletes() throws InterruptedException {
        FailingThreadFactory factory = new FailingThreadFactory(Integer.MAX_VALUE, FailIn.START);
        List<Integer> out = Pipeline.from(List.of(1, 2, 3)).threadFactory(factory)
                .map("double", 2, x -> x * 2).toList();
        assertThat(out).containsExactlyInAnyOrder(2, 4, 6); // two workers, not ordered()
        assertThat(factory.threads()).hasSize(1 + 2 + 1); // source, double, monitor (the results are collected)
    }
}
