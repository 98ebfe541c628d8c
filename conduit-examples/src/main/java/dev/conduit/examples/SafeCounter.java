package dev.conduit.examples;

import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Seed 003: a counter that ten threads increment 10,000 times each ends at exactly 100,000.
 *
 * <p>In Python the seed writes a {@code ThreadSafeCounter} class with a lock around every increment
 * and every read. The JDK has two ready-made counters that need no lock: {@link LongAdder}, for a
 * counter that many threads bump and that is read now and then (it keeps a cell per contending
 * thread and sums them on read, so the threads do not queue on one memory location), and
 * {@link AtomicLong}, when each increment needs the new value back at once (ticket numbers, ids):
 * {@code incrementAndGet()} gives every caller a different number.
 */
public final class SafeCounter {

    /** Threads and increments per thread, as in the seed. */
    static final int THREADS = 10, INCREMENTS = 10_000;

    private SafeCounter() {
    }

    /**
     * The outcome.
     *
     * @param adder       the {@link LongAdder}'s sum: 100,000
     * @param atomic      the {@link AtomicLong}'s value: 100,000
     * @param ticketsSum  the sum of the values {@code incrementAndGet()} returned: 1 + 2 + ... + 100,000,
     *                    which shows each caller got a different number
     */
    public record Result(long adder, long atomic, long ticketsSum) implements ExampleResult {
        /**
         * Gives the count every counter must reach.
         *
         * @return the count every counter must reach
         */
        public static long expected() {
            return (long) THREADS * INCREMENTS;
        }

        @Override
        public boolean ok() {
            long n = expected();
            return adder == n && atomic == n && ticketsSum == n * (n + 1) / 2;
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
        LongAdder adder = new LongAdder();
        Threads.runTogether(THREADS, "adder", i -> {
            for (int n = 0; n < INCREMENTS; n++) {
                adder.increment();
            }
        });
        out.printf("%d threads x %,d increments of a LongAdder: %,d%n", THREADS, INCREMENTS, adder.sum());

        AtomicLong atomic = new AtomicLong();
        LongAdder ticketsSum = new LongAdder();
        Threads.runTogether(THREADS, "atomic", i -> {
            long mine = 0;
            for (int n = 0; n < INCREMENTS; n++) {
                mine += atomic.incrementAndGet(); // a ticket number no other caller gets
            }
            ticketsSum.add(mine);
        });
        long n = Result.expected();
        out.printf("%d threads x %,d incrementAndGet() on an AtomicLong: %,d; the tickets handed out sum to %,d"
                + " (1 + 2 + ... + %,d = %,d: no number given twice)%n",
                THREADS, INCREMENTS, atomic.get(), ticketsSum.sum(), n, n * (n + 1) / 2);
        return new Result(adder.sum(), atomic.get(), ticketsSum.sum());
    }
}
