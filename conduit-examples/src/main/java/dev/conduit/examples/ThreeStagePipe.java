package dev.conduit.examples;

import dev.conduit.channel.Channel;

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
 */
public final class ThreeStagePipe {

    /** Items fed into the pipe (the seed: 5). */
    static final int ITEMS = 10;

    private ThreeStagePipe() {
    }

    /**
     * The outcome.
     *
     * @param channelResults what the hand-wired pipe of channels produced, in order
     */
    public record Result(List<String> channelResults) implements ExampleResult {
        /** @return what every pipe must produce: {@code final(processed(preprocessed(item-i)))}, in order */
        public static List<String> expected() {
            return IntStream.range(0, ITEMS).mapToObj(i -> "final(processed(preprocessed(item-" + i + ")))").toList();
        }

        @Override
        public boolean ok() {
            return channelResults.equals(expected());
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
        return new Result(channelResults);
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
