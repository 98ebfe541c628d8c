package dev.conduit.examples;

import dev.conduit.channel.Channel;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Seeds 001 and 003: the same items come out first-in-first-out, last-in-first-out, or smallest
 * priority first, depending only on how the channel was built.
 *
 * <p>In Python these are three classes ({@code Queue}, {@code LifoQueue}, {@code PriorityQueue}), and
 * a priority queue of {@code (priority, payload)} tuples compares the payloads when two priorities
 * are equal: with payloads that cannot be compared it raises {@code TypeError}, and otherwise ties
 * come out in payload order rather than the order they were sent. A priority {@link Channel} takes
 * a {@link Comparator} on the priority alone and hands out equal priorities in the order they were
 * sent. All three kinds can be bounded, closed and iterated like any other channel.
 */
public final class QueueOrder {

    private QueueOrder() {
    }

    /**
     * A job with a priority: smaller is more urgent.
     *
     * @param priority how urgent, 1 first
     * @param name     what it is
     */
    public record Job(int priority, String name) {
        @Override
        public String toString() {
            return "(" + priority + ", " + name + ")";
        }
    }

    /**
     * The outcome.
     *
     * @param fifo     1, 2, 3 taken from a FIFO channel: 1, 2, 3
     * @param lifo     1, 2, 3 taken from a LIFO channel: 3, 2, 1
     * @param priority jobs taken from a priority channel: by priority, ties in the order sent
     */
    public record Result(List<Integer> fifo, List<Integer> lifo, List<Job> priority) implements ExampleResult {
        /** The jobs in the order they are sent to the priority channel. */
        public static final List<Job> SENT = List.of(new Job(3, "low priority"), new Job(1, "high priority"),
                new Job(2, "medium priority, sent first"), new Job(2, "medium priority, sent second"));

        @Override
        public boolean ok() {
            return fifo.equals(List.of(1, 2, 3)) && lifo.equals(List.of(3, 2, 1))
                    && priority.equals(List.of(SENT.get(1), SENT.get(2), SENT.get(3), SENT.get(0)));
        }
    }

    /**
     * Runs the example.
     *
     * @param out where to print what it shows
     * @return the outcome
     * @throws InterruptedException if interrupted (it never waits: every channel is filled first)
     */
    public static Result run(PrintStream out) throws InterruptedException {
        Channel<Integer> fifo = Channel.<Integer>builder().name("fifo").fifo().build();
        Channel<Integer> lifo = Channel.<Integer>builder().name("lifo").lifo().build();
        for (int i = 1; i <= 3; i++) {
            fifo.put(i);
            lifo.put(i);
        }
        List<Integer> fifoOut = takeAll(fifo);
        List<Integer> lifoOut = takeAll(lifo);
        out.printf("put 1, 2, 3 into a FIFO channel, take: %s%n", fifoOut);
        out.printf("put 1, 2, 3 into a LIFO channel, take: %s%n", lifoOut);

        Channel<Job> jobs = Channel.<Job>builder().name("jobs")
                .priority(Comparator.comparingInt(Job::priority)).build();
        for (Job job : Result.SENT) {
            jobs.put(job);
        }
        List<Job> jobsOut = takeAll(jobs);
        out.printf("put %s into a priority channel, take:%n", Result.SENT);
        jobsOut.forEach(job -> out.printf("  %s%n", job));
        return new Result(fifoOut, lifoOut, jobsOut);
    }

    /** Closes {@code channel} and takes what it holds, in its order. */
    private static <T> List<T> takeAll(Channel<T> channel) {
        channel.close();
        List<T> taken = new ArrayList<>();
        channel.forEach(taken::add); // ends at once: closed and, after these items, drained
        return taken;
    }
}
