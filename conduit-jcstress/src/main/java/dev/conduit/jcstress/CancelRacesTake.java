package dev.conduit.jcstress;

import dev.conduit.channel.Channel;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

import java.util.concurrent.atomic.AtomicInteger;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;

/**
 * cancel() races a take of the one buffered item: the item is either delivered or returned by
 * cancel (and handed to onUndelivered), never both, never neither. Result: take (item or -1),
 * items cancel returned, items onUndelivered saw.
 */
@JCStressTest
@Outcome(id = "7, 0, 0", expect = ACCEPTABLE, desc = "delivered, then cancelled empty")
@Outcome(id = "-1, 1, 1", expect = ACCEPTABLE, desc = "returned by cancel and handed to onUndelivered")
@State
public class CancelRacesTake {
    private final AtomicInteger undelivered = new AtomicInteger();
    private final Channel<Integer> channel = Ops.oneSlotBuilder().onUndelivered(item -> undelivered.incrementAndGet()).build();

    public CancelRacesTake() {
        channel.offer(7);
    }

    @Actor
    public void taker(III_Result r) {
        r.r1 = Ops.take(channel);
    }

    @Actor
    public void canceller(III_Result r) {
        r.r2 = channel.cancel().size();
    }

    @Arbiter
    public void after(III_Result r) {
        r.r3 = undelivered.get();
    }
}
