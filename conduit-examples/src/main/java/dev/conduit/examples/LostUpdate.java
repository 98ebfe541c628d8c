package dev.conduit.examples;

import dev.conduit.sync.Guarded;

import java.io.PrintStream;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Seeds 000, 001 and 004: "read the shared value, add one, write it back" from several threads
 * loses updates; a lock or an atomic variable fixes it.
 *
 * <p>In Python, seed 004 has two threads copy {@code database_value}, sleep, and write the copy plus
 * one: the end value is 1, not 2. Seed 000 wants to show the fix with a lock, but never starts its
 * threads and never takes the lock; seed 001 loses updates in {@code var[i] += 1} from two threads.
 * Here, in four steps:
 * <ol>
 *   <li>The seed's interleaving made certain: a {@link CyclicBarrier} (standing in for the seed's
 *       {@code sleep}) holds both threads between their read and their write, so both write 0 + 1.</li>
 *   <li>The same race with no help: several threads run {@code value++} on a {@code volatile} field.
 *       {@code volatile} makes each read and write visible to other threads, but the read and the
 *       write are still two steps, and another thread's write can fall between them.</li>
 *   <li>Fixed with a {@link ReentrantLock} around the read-modify-write: Python's {@code with lock:}.</li>
 *   <li>Fixed without a lock: {@link AtomicLong#incrementAndGet()} is one atomic step, and
 *       {@link LongAdder} spreads increments over several cells so that threads bumping one counter
 *       do not all fight over one memory location (best when many write and few read).</li>
 *   <li>Fixed with a {@link Guarded}: the variable and its lock in one object, so no code can reach
 *       the value without the lock; {@code update(v -> v + 1)} is the read-modify-write as one step,
 *       and other threads could also wait for the value to reach something ({@code awaitUntil}).
 *       This is seed 000's "transporting a variable between threads" done so it cannot be misused.</li>
 * </ol>
 */
public final class LostUpdate {

    /** Threads that increment the counter at once. */
    static final int THREADS = 4;
    /** Increments per thread. */
    static final int INCREMENTS = 25_000;
    /**
     * Rounds of the unguarded race at most. One round often loses nothing: a thread may finish its
     * increments within one time slice, before the others start (measured: 0 lost in 4 of 5 runs).
     * The race is repeated until it loses an update, which it does within a few rounds.
     */
    static final int MAX_UNGUARDED_ROUNDS = 50;

    private LostUpdate() {
    }

    /**
     * The outcome.
     *
     * @param forcedInterleaving the value after two threads each added one with their read and write
     *                           forced apart: 1 (one update lost)
     * @param expected           the number of increments each of the other runs made
     * @param unguarded          the value after unguarded {@code value++}: at most {@code expected}
     * @param locked             the value with a lock
     * @param atomic             the value with an {@link AtomicLong}
     * @param adder              the value with a {@link LongAdder}
     * @param guarded            the value with a {@link Guarded}
     */
    public record Result(long forcedInterleaving, long expected, long unguarded, long locked, long atomic,
                         long adder, long guarded) implements ExampleResult {
        /**
         * Counts the increments the unguarded counter lost.
         *
         * @return how many increments the unguarded run lost (0 if it got lucky)
         */
        public long lostUpdates() {
            return expected - unguarded;
        }

        @Override
        public boolean ok() {
            return forcedInterleaving == 1 && unguarded <= expected
                    && locked == expected && atomic == expected && adder == expected && guarded == expected;
        }
    }

    /** A plain shared variable, like the seed's global. */
    private static final class Shared {
        volatile long value;
    }

    /**
     * Runs the example.
     *
     * @param out where to print what it shows
     * @return the outcome
     * @throws InterruptedException if interrupted while waiting for the threads
     */
    public static Result run(PrintStream out) throws InterruptedException {
        long expected = (long) THREADS * INCREMENTS;

        // 1. Seed 004 exactly: both threads read before either writes.
        Shared database = new Shared();
        CyclicBarrier bothHaveRead = new CyclicBarrier(2);
        Threads.runTogether(2, "forced", i -> {
            long localCopy = database.value;
            awaitQuietly(bothHaveRead);
            database.value = localCopy + 1;
        });
        out.printf("seed 004: two threads read the value, then both write value + 1: 2 increments -> %d%n",
                database.value);

        // 2. The race as it happens by itself, repeated until it shows (see MAX_UNGUARDED_ROUNDS).
        Shared unguarded = new Shared();
        int round = 0;
        do {
            round++;
            unguarded.value = 0;
            Threads.runTogether(THREADS, "unguarded", i -> {
                for (int n = 0; n < INCREMENTS; n++) {
                    unguarded.value++; // a read and a write: not atomic, even on a volatile field
                }
            });
        } while (unguarded.value == expected && round < MAX_UNGUARDED_ROUNDS);
        out.printf("%d threads x %,d unguarded value++: expected %,d, got %,d (%,d updates lost; round %d: a round"
                        + " where each thread ran alone in its time slice loses none, so it is run until one loses)%n",
                THREADS, INCREMENTS, expected, unguarded.value, expected - unguarded.value, round);

        // 3. The fix the seeds use: a lock around the read-modify-write.
        Shared guarded = new Shared();
        ReentrantLock lock = new ReentrantLock();
        Threads.runTogether(THREADS, "locked", i -> {
            for (int n = 0; n < INCREMENTS; n++) {
                lock.lock();
                try {
                    guarded.value++;
                } finally {
                    lock.unlock();
                }
            }
        });
        out.printf("  with a ReentrantLock around it: %,d%n", guarded.value);

        // 4. No lock at all: one atomic instruction per increment.
        AtomicLong atomic = new AtomicLong();
        Threads.runTogether(THREADS, "atomic", i -> {
            for (int n = 0; n < INCREMENTS; n++) {
                atomic.incrementAndGet();
            }
        });
        out.printf("  with an AtomicLong:             %,d%n", atomic.get());

        LongAdder adder = new LongAdder();
        Threads.runTogether(THREADS, "adder", i -> {
            for (int n = 0; n < INCREMENTS; n++) {
                adder.increment();
            }
        });
        out.printf("  with a LongAdder:               %,d%n", adder.sum());

        // 5. The variable and its lock in one object.
        Guarded<Long> shared = new Guarded<>(0L);
        Threads.runTogether(THREADS, "guarded", i -> {
            for (int n = 0; n < INCREMENTS; n++) {
                shared.update(v -> v + 1);
            }
        });
        out.printf("  with a Guarded<Long>:           %,d%n", shared.get());

        return new Result(database.value, expected, unguarded.value, guarded.value, atomic.get(), adder.sum(),
                shared.get());
    }

    private static void awaitQuietly(CyclicBarrier barrier) throws InterruptedException {
        try {
            barrier.await();
        } catch (BrokenBarrierException e) {
            throw new IllegalStateException("the other thread of the forced interleaving failed", e);
        }
    }
}
