package dev.conduit.bench.waiting;

import dev.conduit.channel.Channel;
import dev.conduit.channel.Select;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * Select on virtual threads: one receiver selects {@link #ITEMS} times a round over
 * {@link #clauses} receive clauses, each on its own channel of {@link #capacity} (0: rendezvous)
 * fed by its own sender virtual thread. Nanoseconds per select. Conduit's {@link Select} against
 * Jox's {@code Select.select}; the JDK has no select.
 *
 * <p>Each select is built anew, as code that selects in a loop usually does (Jox's clauses are
 * made per call too).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-XX:+UseParallelGC", "-Xms2g", "-Xmx2g"})
public class SelectHandoff {
    /** Selects per round (split evenly between the senders). */
    public static final int ITEMS = 100_000;

    /** {@code conduit} or {@code jox}. */
    @Param({"conduit", "jox"})
    public String impl;

    /** Receive clauses per select: 1 or 2. */
    @Param({"1", "2"})
    public int clauses;

    /** Capacity of each channel; 0 for a rendezvous. */
    @Param({"0"})
    public int capacity;

    private RoundCrew crew;

    /** The receiving side of one select, over the channels made in the setup. */
    private interface Selector {
        Long select() throws InterruptedException;
    }

    /** The sending side of one channel. */
    private interface Sender {
        void send(Long item) throws InterruptedException;
    }

    @Setup(Level.Iteration)
    public void setUp() {
        if (clauses != 1 && clauses != 2) {
            throw new IllegalArgumentException("clauses must be 1 or 2, was " + clauses);
        }
        Sender[] senders = new Sender[clauses];
        Selector selector;
        switch (impl) {
            case Lane.CONDUIT -> {
                @SuppressWarnings({"unchecked", "rawtypes"})
                Channel<Long>[] chs = new Channel[clauses];
                for (int i = 0; i < clauses; i++) {
                    Channel<Long> c = capacity == 0 ? Channel.rendezvous() : Channel.bounded(capacity);
                    chs[i] = c;
                    senders[i] = item -> c.put(item);
                }
                selector = clauses == 1
                        ? () -> Select.<Long>create().onTake(chs[0], x -> x).await()
                        : () -> Select.<Long>create().onTake(chs[0], x -> x).onTake(chs[1], x -> x).await();
            }
            case Lane.JOX -> {
                @SuppressWarnings({"unchecked", "rawtypes"})
                com.softwaremill.jox.Channel<Long>[] chs = new com.softwaremill.jox.Channel[clauses];
                for (int i = 0; i < clauses; i++) {
                    com.softwaremill.jox.Channel<Long> c = capacity == 0
                            ? com.softwaremill.jox.Channel.newRendezvousChannel()
                            : com.softwaremill.jox.Channel.newBufferedChannel(capacity);
                    chs[i] = c;
                    senders[i] = c::send;
                }
                selector = clauses == 1
                        ? () -> com.softwaremill.jox.Select.select(chs[0].receiveClause())
                        : () -> com.softwaremill.jox.Select.select(chs[0].receiveClause(), chs[1].receiveClause());
            }
            default -> throw new IllegalArgumentException("select benchmark has impl conduit or jox, not '" + impl + "'");
        }
        Long[] items = Handoff.items(ITEMS);
        int share = ITEMS / clauses;
        RoundCrew.Task[] tasks = new RoundCrew.Task[clauses + 1];
        for (int s = 0; s < clauses; s++) {
            Sender out = senders[s];
            int from = s * share;
            tasks[s] = () -> {
                for (int i = from; i < from + share; i++) {
                    out.send(items[i]);
                }
                return 0;
            };
        }
        tasks[clauses] = () -> {
            long sum = 0;
            for (int i = 0; i < ITEMS; i++) {
                sum += selector.select();
            }
            return sum;
        };
        crew = new RoundCrew("select-" + impl, Parties.factory("select-" + impl, true), tasks);
    }

    @TearDown(Level.Iteration)
    public void tearDown() throws InterruptedException {
        crew.stop();
    }

    @Benchmark
    @OperationsPerInvocation(ITEMS)
    public long select() throws InterruptedException {
        return crew.runRound(Handoff.sumBelow(ITEMS), Handoff.ROUND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }
}
