package dev.conduit.examples;

import dev.conduit.channel.Channel;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Seeds 002 and 003: one producer, one consumer, one queue between them.
 *
 * <p>In Python the consumer either runs as a daemon thread in an endless {@code get()} loop (seed
 * 002: the program ends by killing it) or stops when it receives a {@code None} sentinel (seed 003),
 * which must then never be a real item and is easy to forget on an error path. Here the producer
 * closes the channel when it is done, in a {@code finally} so that a failing producer closes it too;
 * the consumer's for-each loop ends once the channel is closed and drained, and the main thread
 * joins both threads, so nothing is killed half-way.
 */
public final class ProducerConsumer {

    /** Items the producer sends. */
    static final int ITEMS = 10;
    /** The producer's and the consumer's simulated work per item (the seed: 0.1 s and 0.2 s). */
    static final long PRODUCE_MS = 2, CONSUME_MS = 4;

    private ProducerConsumer() {
    }

    /**
     * The outcome.
     *
     * @param produced the items in the order sent
     * @param consumed the items in the order received: the same
     */
    public record Result(List<String> produced, List<String> consumed) implements ExampleResult {
        @Override
        public boolean ok() {
            return produced.size() == ITEMS && consumed.equals(produced);
        }
    }

    /**
     * Runs the example.
     *
     * @param out where to print what it shows
     * @return the outcome
     * @throws InterruptedException if interrupted while waiting for the threads
     */
    public static Result run(PrintStream out) throws InterruptedException {
        Channel<String> channel = Channel.<String>builder().name("items").capacity(4).build();
        List<String> produced = new ArrayList<>();
        List<String> consumed = new ArrayList<>();

        Thread producer = Thread.ofPlatform().name("producer").start(() -> {
            try {
                for (int i = 0; i < ITEMS; i++) {
                    String item = "item-" + i;
                    produced.add(item);
                    out.printf("[producer] created %s%n", item);
                    channel.put(item);
                    Thread.sleep(PRODUCE_MS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                channel.close(); // instead of a None sentinel; also runs if the producer fails
            }
        });
        Thread consumer = Thread.ofPlatform().name("consumer").start(() -> {
            for (String item : channel) { // ends when the channel is closed and drained
                consumed.add(item);
                out.printf("[consumer] processing %s%n", item);
                try {
                    Thread.sleep(CONSUME_MS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        });
        producer.join();
        consumer.join();
        out.printf("produced %d, consumed %d, same order: %s%n", produced.size(), consumed.size(),
                consumed.equals(produced));
        return new Result(produced, consumed);
    }
}
