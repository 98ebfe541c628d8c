package dev.conduit.examples;

import dev.conduit.channel.Channel;
import dev.conduit.channel.ChannelStats;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Seed 003: a queue of at most 3 items between a fast producer and a slow consumer; the producer is
 * held back whenever the queue is full (backpressure), so memory stays bounded.
 *
 * <p>In Python the consumer stops when {@code get(timeout=3)} raises {@code queue.Empty}: every run
 * ends with three idle seconds, and a producer that pauses longer than that is silently cut off.
 * Here the producer closes the channel when it is done and the consumer's loop ends as soon as the
 * channel is closed and drained, however slow either side is. The channel's statistics report how
 * long the producer was blocked and the peak fill, which never exceeds the capacity.
 */
public final class BoundedQueue {

    /** The queue's capacity, as in the seed. */
    static final int CAPACITY = 3;
    /** Items the producer sends, as in the seed. */
    static final int ITEMS = 10;
    /** The consumer's late start (the seed: 2 s) and its time per item (the seed: 0.5 s). */
    static final long SLOW_START_MS = 40, PER_ITEM_MS = 8;

    private BoundedQueue() {
    }

    /**
     * The outcome.
     *
     * @param produced        the items in the order sent
     * @param consumed        the items in the order received
     * @param capacity        the channel's capacity
     * @param peakSize        the most items that were ever in the channel at once
     * @param producerBlockedMs how long the producer waited for room, in all
     */
    public record Result(List<String> produced, List<String> consumed, int capacity, int peakSize,
                         long producerBlockedMs) implements ExampleResult {
        @Override
        public boolean ok() {
            return consumed.equals(produced) && produced.size() == ITEMS && peakSize <= capacity;
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
        Channel<String> q = Channel.<String>builder().name("bounded").capacity(CAPACITY).build();
        List<String> produced = new ArrayList<>();
        List<String> consumed = new ArrayList<>();

        Thread producer = Thread.ofPlatform().name("producer").start(() -> {
            try {
                for (int i = 0; i < ITEMS; i++) {
                    String item = "item-" + i;
                    long asked = System.nanoTime();
                    q.put(item); // waits while 3 items are queued
                    produced.add(item);
                    out.printf("produced %s (waited %d ms for room, %d queued)%n",
                            item, (System.nanoTime() - asked) / 1_000_000, q.size());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                q.close(); // no more items: the consumer's loop ends once it has taken the rest
            }
        });
        Thread consumer = Thread.ofPlatform().name("consumer").start(() -> {
            try {
                Thread.sleep(SLOW_START_MS); // a slow start, as in the seed
                for (String item : q) {
                    consumed.add(item);
                    out.printf("    consumed %s%n", item);
                    Thread.sleep(PER_ITEM_MS); // slow work on each item
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        producer.join();
        consumer.join(); // the lists' contents happen-before join returns

        ChannelStats stats = q.stats();
        out.printf("%d items through a channel of capacity %d: peak fill %d, producer blocked %d ms in all%n",
                consumed.size(), CAPACITY, stats.peakSize(), stats.putBlockedNanos() / 1_000_000);
        return new Result(produced, consumed, CAPACITY, stats.peakSize(), stats.putBlockedNanos() / 1_000_000);
    }
}
