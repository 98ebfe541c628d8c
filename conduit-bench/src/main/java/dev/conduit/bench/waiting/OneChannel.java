package dev.conduit.bench.waiting;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

import java.util.concurrent.TimeUnit;

/**
 * One channel: one sender virtual thread, one receiver virtual thread, {@link #ITEMS} items a
 * round. Nanoseconds per hand-off.
 */
public class OneChannel extends Handoff {
    /** Items per round. */
    public static final int ITEMS = 100_000;

    private RoundCrew crew;

    @Setup(Level.Iteration)
    public void setUp() {
        Lane lane = Lane.create(impl, capacity);
        Long[] items = items(ITEMS);
        RoundCrew.Task sender = () -> {
            for (Long item : items) {
                lane.send(item);
            }
            return 0;
        };
        RoundCrew.Task receiver = () -> {
            long sum = 0;
            for (int i = 0; i < ITEMS; i++) {
                sum += lane.take();
            }
            return sum;
        };
        crew = new RoundCrew("one-" + impl, Parties.factory("one-" + impl, true),
                new RoundCrew.Task[] {sender, receiver});
    }

    @TearDown(Level.Iteration)
    public void tearDown() throws InterruptedException {
        crew.stop();
    }

    @Benchmark
    @OperationsPerInvocation(ITEMS)
    public long handoff() throws InterruptedException {
        return crew.runRound(sumBelow(ITEMS), ROUND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }
}
