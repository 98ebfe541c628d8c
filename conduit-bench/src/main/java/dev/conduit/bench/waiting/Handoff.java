package dev.conduit.bench.waiting;

import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * Common settings of issue 15's hand-off benchmarks (Jox's own three shapes): nanoseconds per
 * hand-off of one item from one virtual thread to another through a lane of {@link #capacity},
 * for the contender {@link #impl} (see {@link Lane#create}).
 *
 * <p>The threads are started for each measurement and warm-up iteration and stopped (interrupted
 * and joined, counted) in its teardown; one invocation is one round of a {@link RoundCrew},
 * checksummed. A fresh crew per iteration lets the scheduler place the threads anew each time:
 * with one crew per trial the iterations of a fork clustered (one contender's forks at ~130 and
 * at ~415 ns a hand-off in one run), so each fork was one draw of the placement.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-XX:+UseParallelGC", "-Xms2g", "-Xmx2g"})
public abstract class Handoff {
    /** A round slower than this counts as collapsed. */
    static final long ROUND_TIMEOUT_SECONDS = 60;

    /** {@code conduit}, {@code jox}, or a JDK queue's simple class name. */
    @Param({"conduit", "jox"})
    public String impl;

    /** 0 for a rendezvous, else the buffer size. */
    @Param({"0", "16", "100"})
    public int capacity;

    /** @return {@code count} boxed items 0, 1, ... (so boxing is not measured) */
    static Long[] items(int count) {
        Long[] items = new Long[count];
        for (int i = 0; i < count; i++) {
            items[i] = (long) i;
        }
        return items;
    }

    /** @return the sum 0 + 1 + ... + (count - 1) */
    static long sumBelow(long count) {
        return count * (count - 1) / 2;
    }
}
