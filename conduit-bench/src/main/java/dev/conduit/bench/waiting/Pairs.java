package dev.conduit.bench.waiting;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

import java.util.concurrent.TimeUnit;

/**
 * {@link #PAIRS} independent pairs of virtual threads, each pair with its own channel: the sender
 * sends {@link #ITEMS} items a round, the receiver takes them and sums them. Nanoseconds per
 * hand-off (all pairs together).
 */
public class Pairs extends Handoff {
    /** Sender/receiver pairs. */
    public static final int PAIRS = 10_000;
    /** Items per pair per round. */
    public static final int ITEMS = 100;

    private RoundCrew crew;

    @Setup(Level.Iteration)
    public void setUp() {
        Long[] items = items(ITEMS);
        RoundCrew.Task[] tasks = new RoundCrew.Task[2 * PAIRS];
        for (int p = 0; p < PAIRS; p++) {
            Lane lane = Lane.create(impl, capacity);
            tasks[2 * p] = () -> {
                for (Long item : items) {
                    lane.send(item);
                }
                return 0;
            };
            tasks[2 * p + 1] = () -> {
                long sum = 0;
                for (int i = 0; i < ITEMS; i++) {
                    sum += lane.take();
                }
                return sum;
            };
        }
        crew = new RoundCrew("pairs-" + impl, Parties.factory("pairs-" + impl, true), tasks);
    }

    @TearDown(Level.Iteration)
    public void tearDown() throws InterruptedException {
        crew.stop();
    }

    @Benchmark
    @OperationsPerInvocation(PAIRS * ITEMS)
    public long handoff() throws InterruptedException {
        return crew.runRound(PAIRS * sumBelow(ITEMS), ROUND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }
}
