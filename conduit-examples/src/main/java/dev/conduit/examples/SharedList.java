package dev.conduit.examples;

import dev.conduit.sync.Event;
import dev.conduit.sync.Guarded;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * Seed 001: worker threads add one to every element of a shared list while the main thread prints
 * it, until the main thread stops them with an event.
 *
 * <p>In Python the seed's worker pauses with {@code sleep(.5)}, so it notices the stop event up to
 * half a second late, and its {@code break} only leaves the inner {@code for} loop, so the worker
 * never actually ends. With two workers and no pause the elements stop being consecutive: updates
 * are lost. The seed's fix, a lock around each {@code var[i] += 1}, keeps the counts right but still
 * lets the main thread print a list that is half-way through a pass.
 *
 * <p>Here, in three parts:
 * <ol>
 *   <li>One worker pauses with {@link Event#await(Duration)} instead of a sleep: it returns early the
 *       moment the event is set, so the worker stops at once.</li>
 *   <li>Two workers update a plain {@code int[]} with no lock: updates are lost and the elements
 *       drift apart (the seed's {@code [5738447, 5686971, 5684220]}).</li>
 *   <li>Two workers update the list through a {@link Guarded}: each pass replaces the whole
 *       (immutable) list in one atomic step, so every snapshot the main thread takes is consistent,
 *       and the final list counts every pass exactly once.</li>
 * </ol>
 */
public final class SharedList {

    /** How long each part runs, and how often the main thread looks (the seed: 5 s, 1 s). */
    static final Duration RUN_TIME = Duration.ofMillis(60), LOOK_EVERY = Duration.ofMillis(20);
    /** The first part's worker pause (the seed: 0.5 s). */
    static final Duration PAUSE = Duration.ofMillis(5);

    private SharedList() {
    }

    /**
     * The outcome.
     *
     * @param pausingWorkerStopLag how long after {@code set()} the pausing worker ended
     * @param unguardedFinal       the plain array after two unguarded workers stopped (updates lost,
     *                             elements may not be consecutive)
     * @param unguardedPasses      the passes the unguarded workers made, counted by the workers
     * @param guardedSnapshots     what the main thread saw of the guarded list while the workers ran
     * @param guardedFinal         the guarded list at the end
     * @param guardedPasses        the passes the guarded workers made, counted by the workers
     */
    public record Result(Duration pausingWorkerStopLag, List<Integer> unguardedFinal, long unguardedPasses,
                         List<List<Integer>> guardedSnapshots, List<Integer> guardedFinal, long guardedPasses)
            implements ExampleResult {
        @Override
        public boolean ok() {
            return unguardedFinal.get(0) - 1 <= unguardedPasses && !guardedSnapshots.isEmpty() && guardedSnapshots.stream().allMatch(SharedList::consecutive)
                    && guardedFinal.equals(List.of(1 + (int) guardedPasses, 2 + (int) guardedPasses, 3 + (int) guardedPasses));
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
        // 1. A worker that pauses between steps still stops at once.
        int[] slowList = {1, 2, 3};
        Event stopSlow = new Event();
        long[] endedAt = new long[1];
        Thread slow = Thread.ofPlatform().name("pausing-worker").start(() -> {
            try {
                while (!stopSlow.isSet()) {
                    for (int i = 0; i < slowList.length; i++) {
                        synchronized (slowList) {
                            slowList[i]++;
                        }
                    }
                    stopSlow.await(PAUSE); // a pause that ends early when the event is set
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            endedAt[0] = System.nanoTime();
        });
        lookWhileRunning(out, "one pausing worker", () -> {
            synchronized (slowList) {
                return List.of(slowList[0], slowList[1], slowList[2]);
            }
        });
        long setAt = System.nanoTime();
        stopSlow.set();
        slow.join(); // endedAt[0] was written before the thread ended
        Duration lag = Duration.ofNanos(Math.max(0, endedAt[0] - setAt));
        out.printf("  stop event set: the worker ended %.2f ms later (the seed's sleep(.5): up to 500 ms)%n",
                lag.toNanos() / 1e6);

        // 2. Two workers, no lock: lost updates.
        int[] plain = {1, 2, 3};
        Event stopPlain = new Event();
        LongAdder plainPasses = new LongAdder();
        List<Thread> plainWorkers = new ArrayList<>();
        for (int w = 0; w < 2; w++) {
            plainWorkers.add(Thread.ofPlatform().name("unguarded-" + w).start(() -> {
                long mine = 0;
                while (!stopPlain.isSet()) {
                    for (int i = 0; i < plain.length; i++) {
                        plain[i]++; // read, add, write: another thread's write can fall in between
                    }
                    mine++;
                }
                plainPasses.add(mine);
            }));
        }
        Thread.sleep(RUN_TIME.toMillis());
        stopPlain.set();
        Threads.joinAll(plainWorkers);
        List<Integer> unguarded = List.of(plain[0], plain[1], plain[2]);
        long lost = plainPasses.sum() - (unguarded.get(0) - 1);
        if (lost == 0 && consecutive(unguarded)) {
            out.printf("two unguarded workers: %,d passes, list %s: no update lost this time (the threads hardly"
                    + " overlapped on this machine); run it again%n", plainPasses.sum(), unguarded);
        } else {
            out.printf("two unguarded workers: %,d passes, but the list is %s: %,d increments of the first element"
                    + " lost%s%n", plainPasses.sum(), unguarded, lost,
                    consecutive(unguarded) ? "" : ", and the elements are no longer consecutive");
        }

        // 3. Two workers, the list in a Guarded: each pass is one atomic replacement.
        Guarded<List<Integer>> shared = new Guarded<>(List.of(1, 2, 3));
        Event stopGuarded = new Event();
        LongAdder passes = new LongAdder();
        List<Thread> guardedWorkers = new ArrayList<>();
        for (int w = 0; w < 2; w++) {
            guardedWorkers.add(Thread.ofPlatform().name("guarded-" + w).start(() -> {
                while (!stopGuarded.isSet()) {
                    shared.update(list -> list.stream().map(x -> x + 1).toList());
                    passes.increment();
                }
            }));
        }
        List<List<Integer>> snapshots = lookWhileRunning(out, "two guarded workers", shared::get);
        stopGuarded.set();
        Threads.joinAll(guardedWorkers);
        List<Integer> guardedFinal = shared.get();
        out.printf("  stopped: %s after %,d passes; every snapshot consecutive: %s%n", guardedFinal, passes.sum(),
                snapshots.stream().allMatch(SharedList::consecutive));
        return new Result(lag, unguarded, plainPasses.sum(), snapshots, guardedFinal, passes.sum());
    }

    /** Prints the list every LOOK_EVERY for RUN_TIME, as the seed's main thread does, and returns what it saw. */
    private static List<List<Integer>> lookWhileRunning(PrintStream out, String what,
                                                        Supplier<List<Integer>> look)
            throws InterruptedException {
        List<List<Integer>> seen = new ArrayList<>();
        out.printf("%s:%n", what);
        for (long waited = 0; waited < RUN_TIME.toMillis(); waited += LOOK_EVERY.toMillis()) {
            Thread.sleep(LOOK_EVERY.toMillis()); // the main thread's own pace, as in the seed
            List<Integer> snapshot = look.get();
            seen.add(snapshot);
            out.printf("  main sees %s%n", snapshot);
        }
        return seen;
    }

    private static boolean consecutive(List<Integer> list) {
        return list.get(1) == list.get(0) + 1 && list.get(2) == list.get(1) + 1;
    }
}
