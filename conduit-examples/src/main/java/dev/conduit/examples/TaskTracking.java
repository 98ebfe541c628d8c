package dev.conduit.examples;

import dev.conduit.channel.Channel;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Seeds 002 and 004: workers mark each item done with {@code taskDone()}, and the main thread waits
 * with {@code awaitTasks()} until every item sent has been handled (Python's {@code task_done()} and
 * {@code q.join()}).
 *
 * <p>In Python the ten workers are daemon threads in an endless loop: after {@code q.join()} the
 * program exits and kills them wherever they are, which the seed itself warns can leave files or
 * transactions half-done. Here, once {@code awaitTasks()} returns, the main thread closes the
 * channel; each worker's loop ends after its current item and every worker is joined. The
 * {@code taskDone()} call sits in a {@code finally}, so a failing item cannot leave
 * {@code awaitTasks()} waiting forever (the seed's "forgetting task_done() can block the program").
 */
public final class TaskTracking {

    /** Worker threads and items, as in seed 004. */
    static final int WORKERS = 10, ITEMS = 20;

    private TaskTracking() {
    }

    /**
     * The outcome.
     *
     * @param handledWhenAwaitReturned how many items were handled when {@code awaitTasks()} returned: all
     * @param handledItems             the items handled, sorted: each of 0..19 once
     * @param perWorker                which items each worker handled
     * @param workersJoined            how many worker threads had ended when the example returned
     */
    public record Result(int handledWhenAwaitReturned, List<Integer> handledItems,
                         Map<String, List<Integer>> perWorker, int workersJoined) implements ExampleResult {
        @Override
        public boolean ok() {
            List<Integer> all = new ArrayList<>();
            for (int i = 0; i < ITEMS; i++) {
                all.add(i);
            }
            return handledWhenAwaitReturned == ITEMS && handledItems.equals(all) && workersJoined == WORKERS;
        }
    }

    /**
     * Runs the example.
     *
     * @param out where to print what it shows
     * @return the outcome
     * @throws InterruptedException if interrupted while waiting
     */
    public static Result run(PrintStream out) throws InterruptedException {
        Channel<Integer> q = Channel.<Integer>builder().name("tasks").unbounded().build();
        AtomicInteger handled = new AtomicInteger();
        Map<String, List<Integer>> perWorker = new ConcurrentHashMap<>();

        List<Thread> workers = new ArrayList<>();
        for (int w = 1; w <= WORKERS; w++) {
            workers.add(Thread.ofPlatform().name("Thread" + w).start(() -> {
                List<Integer> mine = new ArrayList<>();
                for (int value : q) {
                    try {
                        out.printf("in %s got %d%n", Thread.currentThread().getName(), value);
                        mine.add(value);
                        handled.incrementAndGet();
                    } finally {
                        q.taskDone(); // in finally: a failure must not leave awaitTasks() waiting
                    }
                }
                perWorker.put(Thread.currentThread().getName(), mine);
            }));
        }
        for (int x = 0; x < ITEMS; x++) {
            q.put(x);
        }
        q.awaitTasks(); // every taskDone() happens-before this returns
        int handledNow = handled.get();
        out.printf("awaitTasks() returned with %d of %d items handled%n", handledNow, ITEMS);

        q.close(); // the workers finish their loops; no daemon threads killed mid-item
        Threads.joinAll(workers);
        int joined = (int) workers.stream().filter(t -> !t.isAlive()).count();
        out.printf("closed the channel; %d of %d workers ended by themselves%n", joined, WORKERS);

        Map<String, List<Integer>> sortedWorkers = new TreeMap<>(perWorker);
        List<Integer> all = new ArrayList<>();
        sortedWorkers.values().forEach(all::addAll);
        all.sort(null);
        return new Result(handledNow, all, sortedWorkers, joined);
    }
}
