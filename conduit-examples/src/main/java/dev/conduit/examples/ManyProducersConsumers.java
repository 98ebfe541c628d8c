package dev.conduit.examples;

import dev.conduit.channel.Channel;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Seed 003: several producers and several consumers share one queue, and everybody stops cleanly
 * when the work is done, with no sentinel items.
 *
 * <p>In Python the consumers loop on {@code get(timeout=0.5)} until a stop event is set and the queue
 * looks empty, so they poll twice a second and each one notices the end up to half a second late; a
 * sentinel would instead need exactly one {@code None} per consumer. Here the last producer to finish
 * closes the channel (a counter of running producers says who is last, so no coordinator thread is
 * needed), and each consumer's loop ends the moment the channel is closed and drained. The producers
 * are virtual threads: blocking in {@code put} parks them without holding a carrier thread. The check
 * at the end is the one that matters: every item produced was consumed exactly once.
 */
public final class ManyProducersConsumers {

    /** Producers, items per producer, consumers. */
    static final int PRODUCERS = 3, ITEMS_EACH = 2_000, CONSUMERS = 2;

    private ManyProducersConsumers() {
    }

    /**
     * The outcome.
     *
     * @param produced       how many items were sent
     * @param consumed       how many items were received, counting repeats
     * @param distinct       how many different items were received
     * @param perConsumer    how many items each consumer received
     * @param lastConsumerEnd how long after the channel was closed the last consumer ended
     */
    public record Result(int produced, int consumed, int distinct, Map<String, Integer> perConsumer,
                         Duration lastConsumerEnd) implements ExampleResult {
        @Override
        public boolean ok() {
            return produced == PRODUCERS * ITEMS_EACH && consumed == produced && distinct == produced;
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
        Channel<String> channel = Channel.<String>builder().name("work").capacity(16).build();
        AtomicInteger producersRunning = new AtomicInteger(PRODUCERS);
        long[] closedAt = new long[1];

        List<Thread> producers = new ArrayList<>();
        for (int p = 0; p < PRODUCERS; p++) {
            int id = p;
            producers.add(Thread.ofVirtual().name("producer-" + p).start(() -> {
                try {
                    for (int i = 0; i < ITEMS_EACH; i++) {
                        channel.put("P" + id + "-item-" + i);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    if (producersRunning.decrementAndGet() == 0) {
                        closedAt[0] = System.nanoTime(); // read after join: join gives happens-before
                        channel.close(); // the last producer out closes the channel
                    }
                }
            }));
        }

        Map<String, List<String>> received = new ConcurrentHashMap<>();
        long[] endedAt = new long[CONSUMERS];
        List<Thread> consumers = new ArrayList<>();
        for (int c = 0; c < CONSUMERS; c++) {
            int id = c;
            consumers.add(Thread.ofPlatform().name("consumer-" + c).start(() -> {
                List<String> mine = new ArrayList<>();
                for (String item : channel) {
                    mine.add(item);
                }
                endedAt[id] = System.nanoTime();
                received.put(Thread.currentThread().getName(), mine);
            }));
        }
        Threads.joinAll(producers);
        Threads.joinAll(consumers);

        Set<String> distinct = new HashSet<>();
        int consumed = 0;
        Map<String, Integer> perConsumer = new TreeMap<>();
        for (Map.Entry<String, List<String>> e : received.entrySet()) {
            consumed += e.getValue().size();
            distinct.addAll(e.getValue());
            perConsumer.put(e.getKey(), e.getValue().size());
        }
        long lastEnd = 0;
        for (long t : endedAt) {
            lastEnd = Math.max(lastEnd, t);
        }
        Duration stopLag = Duration.ofNanos(Math.max(0, lastEnd - closedAt[0]));
        int produced = (int) channel.stats().sent();
        out.printf("%d producers (virtual threads) x %,d items -> one channel -> %d consumers%n",
                PRODUCERS, ITEMS_EACH, CONSUMERS);
        out.printf("sent %,d, received %,d, distinct %,d: every item exactly once: %s%n",
                produced, consumed, distinct.size(), consumed == produced && distinct.size() == produced);
        out.printf("per consumer: %s%n", perConsumer);
        out.printf("the last producer closed the channel; the last consumer ended %.2f ms later"
                + " (the seed's polling consumers: up to 500 ms)%n", stopLag.toNanos() / 1e6);
        return new Result(produced, consumed, distinct.size(), perConsumer, stopLag);
    }
}
