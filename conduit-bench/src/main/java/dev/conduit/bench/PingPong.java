package dev.conduit.bench;

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
import java.util.concurrent.atomic.AtomicLong;

/**
 * Nanoseconds per round trip: two threads, two transports, one item in flight (seed 001's
 * experiment). The pinger sends an item on {@code ping} and waits for it on {@code pong}; the
 * ponger passes every item from {@code ping} back to {@code pong}. The pinger sums what returns,
 * so a lost item fails the run.
 *
 * <p>{@code busy-spin-floor} is the reference no queue can beat: the two threads flip one volatile
 * counter, each spinning until it is its turn.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-XX:+UseParallelGC", "-Xms512m", "-Xmx512m"})
public class PingPong {
    /** Round trips per invocation. */
    public static final int ROUNDS = 5_000;
    static final long BATCH_TIMEOUT_SECONDS = 10;

    @Param({"conduit-spin-then-park", "conduit-blocking", "conduit-yielding", "conduit-busy-spin",
            "conduit-rendezvous", "ArrayBlockingQueue", "LinkedBlockingQueue", "LinkedTransferQueue",
            "SynchronousQueue", "jctools-spin", "jctools-yield", "busy-spin-floor"})
    public String transport;

    private Transport ping;
    private Transport pong;
    private Crew crew;
    private long expectedSum;

    @Setup(Level.Trial)
    public void setUp() {
        Long[] items = new Long[ROUNDS];
        for (int i = 0; i < ROUNDS; i++) {
            items[i] = (long) i;
            expectedSum += i;
        }
        Crew.Task pinger;
        Crew.Task ponger;
        if (transport.equals("busy-spin-floor")) {
            AtomicLong ball = new AtomicLong(); // even: the pinger's turn; odd: the ponger's
            expectedSum = ROUNDS;
            pinger = () -> {
                for (int r = 0; r < ROUNDS; r++) {
                    long v = ball.get();
                    ball.set(v + 1);
                    while (ball.get() == v + 1) {
                        spinOnce();
                    }
                }
                return ROUNDS;
            };
            ponger = () -> {
                for (int r = 0; r < ROUNDS; r++) {
                    long v;
                    while (((v = ball.get()) & 1) == 0) {
                        spinOnce();
                    }
                    ball.set(v + 1);
                }
                return 0;
            };
        } else {
            ping = Transport.create(transport, 1, 1, ROUNDS);
            pong = Transport.create(transport, 1, 1, ROUNDS);
            pinger = () -> {
                long sum = 0;
                for (int r = 0; r < ROUNDS; r++) {
                    ping.send(items[r]);
                    sum += pong.take();
                }
                return sum;
            };
            ponger = () -> {
                for (int r = 0; r < ROUNDS; r++) {
                    pong.send(ping.take());
                }
                return 0;
            };
        }
        crew = new Crew(transport, new Crew.Task[] {pinger, ponger}, new int[] {0, 1});
    }

    private static void spinOnce() throws InterruptedException {
        Thread.onSpinWait();
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws InterruptedException {
        crew.stop();
        if (ping != null) {
            ping.stop();
            pong.stop();
        }
    }

    @Benchmark
    @OperationsPerInvocation(ROUNDS)
    public long roundTrip() throws InterruptedException {
        return crew.runCheckedBatch(expectedSum, BATCH_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }
}
