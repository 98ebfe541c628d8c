package dev.conduit.examples.readme;

import dev.conduit.channel.Channel;
import dev.conduit.channel.ReceiveChannel;
import dev.conduit.channel.Select;
import dev.conduit.channel.SendChannel;
import dev.conduit.flow.ChannelPublisher;
import dev.conduit.flow.ChannelSubscriber;
import dev.conduit.pipeline.Pipeline;
import dev.conduit.pipeline.PipelineResult;
import dev.conduit.pool.Task;
import dev.conduit.pool.TaskFailedException;
import dev.conduit.pool.WorkerPool;
import dev.conduit.sync.Event;
import dev.conduit.sync.Guarded;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Flow;
import java.util.concurrent.SubmissionPublisher;

/**
 * The code of the README's examples. Each region between {@code // snippet NAME} and
 * {@code // end snippet} is the README's code block of that name, character for character once
 * indented back; {@code ReadmeSnippetsTest} checks that they agree and runs each method, checking
 * what it returns. Change an example here, then copy it to the README (the test says where).
 */
public final class ReadmeSnippets {
    private ReadmeSnippets() {
    }

    /**
     * A producer on a virtual thread, a consumer iterating until the end.
     *
     * @param input the lines to send
     * @return what the consumer got
     * @throws InterruptedException if interrupted
     */
    public static List<String> channel(List<String> input) throws InterruptedException {
        // snippet channel
        Channel<String> lines = Channel.bounded(100);          // senders wait while 100 are buffered

        Thread producer = Thread.ofVirtual().start(() -> {
            try {
                for (String line : input) {
                    lines.put(line);
                }
                lines.close();                                 // consumers finish the buffer, then stop
            } catch (InterruptedException | RuntimeException e) {
                lines.close(e);                                // ...or fail with this cause
            }
        });

        List<String> shouted = new ArrayList<>();
        for (String line : lines) {                            // ends when closed and drained
            shouted.add(line.toUpperCase());
        }
        // end snippet
        producer.join();
        return shouted;
    }

    /**
     * One end each: the producer can only send, the consumer only receive.
     *
     * @return the sum the consumer computed
     * @throws InterruptedException if interrupted
     */
    public static long views() throws InterruptedException {
        // snippet views
        Channel<Integer> numbers = Channel.bounded(16);
        Thread producer = Thread.ofVirtual().start(() -> produce(numbers.sendOnly()));
        long sum = consume(numbers.receiveOnly());             // neither can be cast back to Channel
        // end snippet
        producer.join();
        return sum;
    }

    // snippet views-ends
    static void produce(SendChannel<Integer> out) {            // can put, offer, close; not take
        try {
            for (int i = 1; i <= 100; i++) {
                out.put(i);
            }
            out.close();
        } catch (InterruptedException e) {
            out.close(e);
        }
    }

    static long consume(ReceiveChannel<Integer> in) {          // can take, poll, iterate, cancel; not put
        long sum = 0;
        for (int n : in) {
            sum += n;
        }
        return sum;
    }
    // end snippet

    /**
     * A select over two channels with a timeout.
     *
     * @return the results of three selects
     * @throws InterruptedException if interrupted
     */
    public static List<String> select() throws InterruptedException {
        Channel<String> orders = Channel.bounded(10);
        Channel<String> cancels = Channel.bounded(10);
        orders.put("book");
        cancels.put("#7");
        List<String> handled = new ArrayList<>();
        // snippet select
        Select<String> next = Select.<String>create()
                .onTake(orders, order -> "order " + order)
                .onTake(cancels, id -> "cancel " + id)
                .onTimeout(Duration.ofMillis(100), () -> "idle");
        for (int i = 0; i < 3; i++) {
            handled.add(next.await());                         // exactly one clause fires each time
        }
        // end snippet
        return handled;
    }

    /**
     * A worker sets an event once it is ready.
     *
     * @return whether the event was set in time
     * @throws InterruptedException if interrupted
     */
    public static boolean event() throws InterruptedException {
        Map<String, String> config = new ConcurrentHashMap<>();
        // snippet event
        Event loaded = new Event();
        Thread.ofVirtual().start(() -> {
            config.put("mode", "fast");
            loaded.set();                                      // wakes every waiter, now and later
        });
        boolean ready = loaded.await(Duration.ofSeconds(5));   // false if it timed out
        // end snippet
        return ready && "fast".equals(config.get("mode"));
    }

    /**
     * Depositors and a withdrawer that waits until the balance covers it.
     *
     * @return the final balance
     * @throws InterruptedException if interrupted
     */
    public static long guarded() throws InterruptedException {
        // snippet guarded
        Guarded<Long> balance = new Guarded<>(0L);             // the value and its lock, together

        Thread withdrawer = Thread.ofVirtual().start(() -> {
            try {
                balance.awaitAndUpdate(b -> b >= 80, b -> b - 80);  // waits until covered, then takes
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        for (int i = 0; i < 5; i++) {
            balance.update(b -> b + 20);                       // each change wakes only whom it helps
        }
        withdrawer.join();
        long left = balance.get();                             // 100 - 80 = 20
        // end snippet
        return left;
    }

    /**
     * A pool: a task's own exception, map with a checked exception, a CompletableFuture.
     *
     * @param dir a directory to read files from
     * @return the lengths map found, the future's result, and the first failure's message
     * @throws Exception if the example itself breaks
     */
    public static List<Object> workerPool(Path dir) throws Exception {
        Path a = Files.writeString(dir.resolve("a.txt"), "alpha");
        Path b = Files.writeString(dir.resolve("b.txt"), "be");
        Path missing = dir.resolve("missing.txt");
        List<Object> out = new ArrayList<>();
        // snippet pool
        try (WorkerPool pool = WorkerPool.builder().name("io").virtualThreads(8).queueCapacity(100).build()) {
            List<Integer> lengths = pool.map(List.of(a, b), p -> Files.readString(p).length());  // may throw IOException
            out.add(lengths);                                  // [5, 2], in input order

            Task<String> task = pool.submit(() -> Files.readString(a));
            CompletableFuture<Integer> size = task.toCompletableFuture().thenApply(String::length);
            out.add(size.join());                              // 5; cancelling the future cancels the task

            try {
                pool.map(List.of(a, missing), p -> Files.readString(p));
            } catch (TaskFailedException e) {                  // a checked failure, as its cause
                out.add(e.getCause().getClass().getSimpleName());
            }
        }                                                      // close() throws failures nobody looked at
        // end snippet
        return out;
    }

    /**
     * A three-stage pipeline with its report.
     *
     * @return the run's result
     * @throws InterruptedException if interrupted
     */
    public static PipelineResult<Void> pipeline() throws InterruptedException {
        List<String> saved = new ArrayList<>();
        // snippet pipeline
        PipelineResult<Void> result = Pipeline.from(List.of("a", "bb", "ccc", "dddd"))
                .map("measure", 4, word -> word.length()).virtualThreads()   // 4 workers at once
                .filter("even", 1, n -> n % 2 == 0)
                .to("save", 1, n -> saved.add("length " + n))              // bounded channels between
                .run();
        System.out.print(result.report());                     // per stage: busy, starved, blocked
        // end snippet
        if (!saved.equals(List.of("length 2", "length 4")) && !saved.equals(List.of("length 4", "length 2"))) {
            throw new IllegalStateException("the pipeline saved " + saved);
        }
        return result;
    }

    /**
     * A JDK publisher into a channel, and a channel as a publisher.
     *
     * @return what came through both ways
     * @throws InterruptedException if interrupted
     */
    public static List<String> flow() throws InterruptedException {
        List<String> out = new ArrayList<>();
        // snippet flow
        Channel<String> events = Channel.bounded(64);
        try (SubmissionPublisher<String> publisher = new SubmissionPublisher<>()) {
            publisher.subscribe(ChannelSubscriber.of(events));  // requests as the items find room
            publisher.submit("started");
            publisher.submit("stopped");
        }                                                      // onComplete closes the channel
        for (String e : events) {
            out.add(e);
        }

        Channel<String> jobs = Channel.bounded(8);
        jobs.put("job-1");
        jobs.close();
        Flow.Publisher<String> asPublisher = ChannelPublisher.of(jobs);   // subscribers compete for items
        List<String> fromPipeline = Pipeline.from(asPublisher).map(String::toUpperCase).toList();
        // end snippet
        out.addAll(fromPipeline);
        return out;
    }
}
