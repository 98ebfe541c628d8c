package dev.conduit.examples;

import dev.conduit.channel.Channel;
import dev.conduit.channel.ChannelStats;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The channel demo that {@code conduit demo} runs when no example is named: several producers and
 * consumers over one bounded {@link Channel}, stopped by closing the channel (no sentinels), with a
 * count and checksum that prove every item arrived exactly once, and the channel's own account of
 * who waited for whom.
 */
public final class ChannelThroughput {

    private ChannelThroughput() {
    }

    /**
     * The outcome.
     *
     * @param expected the items sent in all
     * @param received the items received in all
     * @param checksumOk whether the received items sum to the sum of the items sent
     * @param took     how long the run took
     * @param stats    the channel's statistics at the end
     */
    public record Result(long expected, long received, boolean checksumOk, Duration took, ChannelStats stats)
            implements ExampleResult {
        @Override
        public boolean ok() {
            return received == expected && checksumOk;
        }
    }

    /**
     * Runs the demo: producer {@code p} sends the numbers {@code p * itemsEach} up to
     * {@code (p + 1) * itemsEach - 1}, so all items together are 0 .. total-1 and sum to a known value.
     *
     * @param producers producer threads, at least 1
     * @param consumers consumer threads, at least 1
     * @param itemsEach items per producer, 0 or more
     * @param capacity  the channel's capacity: 0 for a rendezvous channel
     * @param out       where to print the report
     * @return the outcome
     * @throws IllegalArgumentException if a count is out of range
     * @throws InterruptedException     if interrupted while waiting for the threads
     */
    public static Result run(int producers, int consumers, long itemsEach, int capacity, PrintStream out)
            throws InterruptedException {
        if (producers < 1 || consumers < 1 || itemsEach < 0) {
            throw new IllegalArgumentException("producers and consumers must be at least 1 and items not negative, were "
                    + producers + ", " + consumers + ", " + itemsEach);
        }
        Channel<Long> channel = Channel.<Long>builder().name("demo").capacity(capacity).build();
        AtomicLong received = new AtomicLong();
        AtomicLong receivedSum = new AtomicLong();
        long start = System.nanoTime();

        List<Thread> producerThreads = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            long first = p * itemsEach;
            producerThreads.add(Thread.ofPlatform().name("producer-" + p).start(() -> {
                try {
                    for (long i = first; i < first + itemsEach; i++) {
                        channel.put(i);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
        }
        List<Thread> consumerThreads = new ArrayList<>();
        for (int c = 0; c < consumers; c++) {
            consumerThreads.add(Thread.ofPlatform().name("consumer-" + c).start(() -> {
                long n = 0, sum = 0;
                for (long item : channel) { // ends when the channel is closed and drained
                    n++;
                    sum += item;
                }
                received.addAndGet(n);
                receivedSum.addAndGet(sum);
            }));
        }
        Threads.joinAll(producerThreads);
        channel.close(); // instead of one poison pill per consumer
        Threads.joinAll(consumerThreads);
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        long total = producers * itemsEach;
        long expectedSum = total * (total - 1) / 2;
        ChannelStats s = channel.stats();
        out.printf("%d producers -> channel(capacity %d) -> %d consumers%n", producers, capacity, consumers);
        out.printf("sent %,d items, received %,d, checksum %s%n", s.sent(), received.get(),
                receivedSum.get() == expectedSum ? "ok" : "WRONG (" + receivedSum.get() + " != " + expectedSum + ")");
        out.printf("took %d ms (%,.0f items/s)%n", took.toMillis(), total / Math.max(1e-9, took.toNanos() / 1e9));
        out.printf("producers blocked on a full channel: %d ms in all; consumers starved on an empty one: %d ms in all; peak fill %d of %d%n",
                s.putBlockedNanos() / 1_000_000, s.takeStarvedNanos() / 1_000_000, s.peakSize(), capacity);
        out.println(s.putBlockedNanos() > s.takeStarvedNanos()
                ? "the consumers are the bottleneck: producers waited for room longer than consumers waited for items"
                : "the producers are the bottleneck: consumers waited for items longer than producers waited for room");
        return new Result(total, received.get(), receivedSum.get() == expectedSum, took, s);
    }
}
