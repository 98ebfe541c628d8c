package dev.conduit.cli;

import dev.conduit.channel.Channel;
import dev.conduit.channel.ChannelStats;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code conduit demo}: several producers and consumers over one bounded {@link Channel}, stopped
 * by closing the channel (no sentinels), with a count and checksum that prove every item arrived
 * exactly once, and the channel's own account of who waited for whom.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run producers and consumers over a channel and show what happened.")
final class DemoCommand implements Callable<Integer> {

    @Option(names = "--producers", defaultValue = "2", description = "producer threads (default ${DEFAULT-VALUE})")
    int producers;

    @Option(names = "--consumers", defaultValue = "2", description = "consumer threads (default ${DEFAULT-VALUE})")
    int consumers;

    @Option(names = "--items", defaultValue = "1000000", description = "items per producer (default ${DEFAULT-VALUE})")
    long items;

    @Option(names = "--capacity", defaultValue = "1024", description = "channel capacity (default ${DEFAULT-VALUE})")
    int capacity;

    @Override
    public Integer call() throws Exception {
        if (producers < 1 || consumers < 1 || items < 0) {
            throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
                    "--producers and --consumers must be at least 1 and --items not negative");
        }
        return ProducerConsumerRun.run(producers, consumers, items, capacity, System.out) ? 0 : 1;
    }

    /** The run itself, apart from option parsing so tests can call it. */
    static final class ProducerConsumerRun {
        private ProducerConsumerRun() {
        }

        static boolean run(int producers, int consumers, long itemsEach, int capacity, PrintStream out)
                throws InterruptedException {
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
            for (Thread t : producerThreads) {
                t.join();
            }
            channel.close(); // instead of one poison pill per consumer
            for (Thread t : consumerThreads) {
                t.join();
            }
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
            return received.get() == total && receivedSum.get() == expectedSum;
        }
    }
}
