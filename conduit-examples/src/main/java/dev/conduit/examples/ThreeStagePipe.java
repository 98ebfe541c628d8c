package dev.conduit.examples;

import dev.conduit.channel.Channel;
import dev.conduit.pipeline.Pipeline;
import dev.conduit.pipeline.PipelineResult;
import dev.conduit.pipeline.PipelineStatus;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Seed 003: a pipe of three stages, each a thread reading the queue before it and writing the queue
 * after it: {@code item-i -> preprocessed(...) -> processed(...) -> final(...)}.
 *
 * <p>In Python each stage stops when it reads a {@code None} sentinel and must remember to pass it on,
 * the stages call {@code task_done()} for every item but not for the sentinel, and the main thread
 * waits for the results with {@code time.sleep(1)}: on a slow day the results are not all there yet.
 * Here the end of the stream travels by closing channels: each stage closes its output in a
 * {@code finally} once its input is closed and drained (so an error in one stage still ends the ones
 * after it), and the main thread joins the stage threads instead of guessing how long to sleep. The
 * channels are bounded, so a fast stage waits for a slow one instead of filling memory.
 *
 * <p>The same pipe is then built with {@link Pipeline}, which does that wiring: each stage gets its
 * workers and a bounded channel to the next, the middle stage runs three workers yet keeps the
 * input order ({@code ordered()}), a failing item is reported rather than lost, and the run ends with
 * a table of where each stage spent its time and which one was the bottleneck.
 */
public final class ThreeStagePipe {

    /** Items fed into the pipe (the seed: 5). */
    static final int ITEMS = 10;

    private ThreeStagePipe() {
    }

    /**
     * The outcome.
     *
     * @param channelResults  what the hand-wired pipe of channels produced, in order
     * @param pipelineResults what the {@link Pipeline} produced, in order
     * @param pipelineStatus  how the {@link Pipeline} run ended: {@link PipelineStatus#COMPLETED}
     */
    public record Result(List<String> channelResults, List<String> pipelineResults, PipelineStatus pipelineStatus)
            implements ExampleResult {
        /**
         * Gives the output every pipe must produce.
         *
         * @return what every pipe must produce: {@code final(processed(preprocessed(item-i)))}, in order
         */
        public static List<String> expected() {
            return IntStream.range(0, ITEMS).mapToObj(i -> "final(processed(preprocessed(item-" + i + ")))").toList();
        }

        @Override
        public boolean ok() {
            return channelResults.equals(expected()) && pipelineResults.equals(expected())
                    && pipelineStatus == PipelineStatus.COMPLETED;
        }
    }

    /** One stage's work on one item. */
    @FunctionalInterface
    private interface Step {
        String apply(String item);
    }

    /**
     * Runs the example.
     *
     * @param out where to print what it shows
     * @return the outcome
     * @throws InterruptedException if interrupted while waiting
     */
    public static Result run(PrintStream out) throws InterruptedException {
        Channel<String> q1 = Channel.<String>builder().name("q1").capacity(4).build();
        Channel<String> q2 = Channel.<String>builder().name("q2").capacity(4).build();
        Channel<String> q3 = Channel.<String>builder().name("q3").capacity(4).build();
        Channel<String> results = Channel.<String>builder().name("results").unbounded().build();
        List<Thread> stages = List.of(
                stage("stage1", q1, q2, item -> "preprocessed(" + item + ")"),
                stage("stage2", q2, q3, item -> "processed(" + item + ")"),
                stage("stage3", q3, results, item -> "final(" + item + ")"));
        for (int i = 0; i < ITEMS; i++) {
            q1.put("item-" + i);
        }
        q1.close(); // the end of the input: each stage closes its output in turn
        Threads.joinAll(stages); // instead of the seed's time.sleep(1)
        List<String> channelResults = new ArrayList<>();
        results.forEach(channelResults::add); // closed by stage3: ends after the last result
        out.printf("three threads joined by channels, end of input by close: %d results%n", channelResults.size());
        channelResults.forEach(r -> out.printf("  %s%n", r));

        // The same pipe with Pipeline: it makes the channels and threads and ends them by close.
        PipelineResult<String> piped = Pipeline.from(IntStream.range(0, ITEMS).mapToObj(i -> "item-" + i).toList())
                .map("preprocess", 1, item -> "preprocessed(" + item + ")")
                .map("process", 3, item -> {
                    Thread.sleep(5); // the slow stage: three workers share its items
                    return "processed(" + item + ")";
                }).ordered()
                .map("final", 1, item -> "final(" + item + ")")
                .run();
        out.printf("%nthe same with Pipeline (3 workers in the middle stage, order kept): %s, %d results, first %s%n",
                piped.status(), piped.outputs().size(), piped.outputs().isEmpty() ? "none" : piped.outputs().getFirst());
        out.print(piped.report());
        return new Result(channelResults, piped.outputs(), piped.status());
    }

    /** Starts a stage thread: applies {@code step} to every item of {@code in}, then closes {@code out}. */
    private static Thread stage(String name, Channel<String> in, Channel<String> out, Step step) {
        return Thread.ofPlatform().name(name).start(() -> {
            try {
                for (String item : in) { // ends when the stage before has closed its output and it is drained
                    out.put(step.apply(item));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                out.close(); // passes the end on; also when this stage fails
            }
        });
    }
}
