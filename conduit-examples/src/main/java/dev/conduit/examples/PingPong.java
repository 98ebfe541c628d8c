package dev.conduit.examples;

import dev.conduit.channel.Channel;
import dev.conduit.channel.ChannelClosedException;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Seed 001: two threads pass one list back and forth, each adding one to every element, through two
 * queues (thread 1 reads queue 1 and writes queue 2, thread 2 the other way round) or through one
 * shared queue; each thread measures the time it spends working and the time it spends waiting.
 *
 * <p>In Python the seed polls {@code queue.empty()} and sleeps 1 ms when there is nothing, so most of
 * the run is spent polling, and a thread that checks {@code empty()} and then calls {@code get()}
 * can lose the item to the other thread in between. Here each thread blocks in
 * {@link Channel#take()}: it uses no CPU while it waits and wakes as soon as the list arrives, and
 * there is no check-then-act gap. The measurement shows the seed's finding without the polling
 * noise: with two queues every step is a hand-over to the other thread, so each thread waits for
 * about as long as the other one works, plus the cost of waking it; with one shared queue the thread
 * that just put the list back usually takes it again itself, so far more steps fit in the same time
 * and one thread does most of them. The threads stop when the main thread closes the channels, not
 * by polling a flag: a blocked {@code take} wakes with {@link ChannelClosedException} at once.
 */
public final class PingPong {

    /** How long each layout runs (the seed ran 5 s). */
    static final Duration RUN_TIME = Duration.ofMillis(150);

    private PingPong() {
    }

    /**
     * One thread's account.
     *
     * @param thread  its name
     * @param steps   how many times it received the list and added one to each element
     * @param busy    time spent adding and sending
     * @param waiting time spent waiting in {@code take} for the list
     */
    public record ThreadTimes(String thread, long steps, Duration busy, Duration waiting) {
    }

    /**
     * One layout's run.
     *
     * @param layout  "two queues" or "one shared queue"
     * @param steps   the steps of all threads together
     * @param list    the list at the end; it started as [1, 2, 3]
     * @param threads each thread's account
     */
    public record Run(String layout, long steps, List<Integer> list, List<ThreadTimes> threads) {
        /**
         * Tells whether the run kept the list consistent.
         *
         * @return {@code true} if each step added exactly one to every element: nothing lost, nothing twice
         */
        public boolean consistent() {
            return list.equals(List.of(1 + (int) steps, 2 + (int) steps, 3 + (int) steps));
        }
    }

    /**
     * The outcome.
     *
     * @param twoQueues      the run with a queue in each direction
     * @param oneSharedQueue the run with one queue read and written by both threads
     */
    public record Result(Run twoQueues, Run oneSharedQueue) implements ExampleResult {
        @Override
        public boolean ok() {
            return twoQueues.consistent() && oneSharedQueue.consistent()
                    && twoQueues.steps() > 0 && oneSharedQueue.steps() > 0;
        }
    }

    /**
     * Runs the example: each layout for {@link #RUN_TIME}.
     *
     * @param out where to print what it shows
     * @return the outcome
     * @throws InterruptedException if interrupted while waiting for the threads
     */
    public static Result run(PrintStream out) throws InterruptedException {
        Channel<int[]> queue1 = Channel.<int[]>builder().name("queue1").capacity(1).build();
        Channel<int[]> queue2 = Channel.<int[]>builder().name("queue2").capacity(1).build();
        Run two = run("two queues", queue1, queue2, queue2, queue1);
        print(out, two);

        Channel<int[]> shared = Channel.<int[]>builder().name("shared").capacity(1).build();
        Run one = run("one shared queue", shared, shared, shared, shared);
        print(out, one);
        out.println("with two queues every step wakes the other thread; with one queue the thread that put the list"
                + " back often takes it again itself, so it does not wait for a wake-up");
        return new Result(two, one);
    }

    private static Run run(String layout, Channel<int[]> in0, Channel<int[]> out0,
                           Channel<int[]> in1, Channel<int[]> out1) throws InterruptedException {
        int[] list = {1, 2, 3};
        ConcurrentLinkedQueue<ThreadTimes> times = new ConcurrentLinkedQueue<>();
        List<Thread> threads = List.of(
                Thread.ofPlatform().name("passer-0").start(() -> times.add(pass(in0, out0))),
                Thread.ofPlatform().name("passer-1").start(() -> times.add(pass(in1, out1))));
        in0.put(list);
        Thread.sleep(RUN_TIME.toMillis()); // let them play, as the seed's main thread does
        // Stop both threads: a blocked take or put fails at once with ChannelClosedException.
        in0.close();
        in1.close();
        Threads.joinAll(threads);
        if (times.size() != threads.size()) {
            throw new IllegalStateException("a passer thread failed in layout " + layout);
        }
        List<ThreadTimes> sorted = new ArrayList<>(times);
        sorted.sort((a, b) -> a.thread().compareTo(b.thread()));
        long steps = sorted.stream().mapToLong(ThreadTimes::steps).sum();
        // The last holder's writes happen-before its thread's end, which join() waits for.
        return new Run(layout, steps, Arrays.stream(list).boxed().toList(), sorted);
    }

    /** One thread's loop: receive the list, add one to each element, send it on. */
    private static ThreadTimes pass(Channel<int[]> in, Channel<int[]> out) {
        long busy = 0, waiting = 0, steps = 0;
        try {
            while (true) {
                long asked = System.nanoTime();
                int[] list;
                try {
                    list = in.take();
                } finally {
                    waiting += System.nanoTime() - asked;
                }
                long got = System.nanoTime();
                try {
                    for (int i = 0; i < list.length; i++) {
                        list[i]++;
                    }
                    steps++;
                    out.put(list);
                } finally {
                    busy += System.nanoTime() - got;
                }
            }
        } catch (ChannelClosedException stop) {
            // closed by the main thread: the run is over
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return new ThreadTimes(Thread.currentThread().getName(), steps, Duration.ofNanos(busy), Duration.ofNanos(waiting));
    }

    private static void print(PrintStream out, Run run) {
        out.printf("%s: %,d steps in %d ms, list now %s (%s)%n", run.layout(), run.steps(), RUN_TIME.toMillis(),
                run.list(), run.consistent() ? "consistent: no step lost" : "INCONSISTENT");
        for (ThreadTimes t : run.threads()) {
            out.printf("  %s: %,d steps, busy %.1f ms, waiting %.1f ms%n", t.thread(), t.steps(),
                    t.busy().toNanos() / 1e6, t.waiting().toNanos() / 1e6);
        }
    }
}
