package dev.conduit.bench.waiting;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * A chain of {@link #LENGTH} channels: a source virtual thread sends {@link #ITEMS} items a round
 * into channel 0, virtual thread i (1 to LENGTH - 1) receives from channel i - 1 and sends to
 * channel i, and a sink virtual thread receives from the last channel and checks the sum. Every
 * item is handed off LENGTH times; nanoseconds per hand-off.
 *
 * <p>The forwarders are started for each iteration and loop until its teardown interrupts them.
 */
public class Chain extends Handoff {
    /** Channels in the chain (and hand-offs per item). */
    public static final int LENGTH = 10_000;
    /** Items through the chain per round. */
    public static final int ITEMS = 100;

    private Parties forwarders;
    private RoundCrew crew;

    @Setup(Level.Iteration)
    public void setUp() {
        Lane[] lanes = new Lane[LENGTH];
        for (int i = 0; i < LENGTH; i++) {
            lanes[i] = Lane.create(impl, capacity);
        }
        ThreadFactory virtual = Parties.factory("chain-" + impl, true);
        forwarders = new Parties("chain-" + impl + " forwarders");
        for (int i = 1; i < LENGTH; i++) {
            Lane in = lanes[i - 1];
            Lane out = lanes[i];
            forwarders.start(virtual, () -> {
                while (true) {
                    out.send(in.take());
                }
            });
        }
        Long[] items = items(ITEMS);
        Lane first = lanes[0];
        Lane last = lanes[LENGTH - 1];
        RoundCrew.Task source = () -> {
            for (Long item : items) {
                first.send(item);
            }
            return 0;
        };
        RoundCrew.Task sink = () -> {
            long sum = 0;
            for (int i = 0; i < ITEMS; i++) {
                sum += last.take();
            }
            return sum;
        };
        crew = new RoundCrew("chain-" + impl, virtual, new RoundCrew.Task[] {source, sink});
    }

    @TearDown(Level.Iteration)
    public void tearDown() throws InterruptedException {
        crew.stop();
        forwarders.stop();
    }

    @Benchmark
    @OperationsPerInvocation(ITEMS * LENGTH)
    public long handoff() throws InterruptedException {
        forwarders.checkFailure();
        return crew.runRound(sumBelow(ITEMS), ROUND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }
}
