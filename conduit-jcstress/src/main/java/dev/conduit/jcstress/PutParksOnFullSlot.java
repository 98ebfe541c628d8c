package dev.conduit.jcstress;

import dev.conduit.channel.Channel;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;

/**
 * The parking hand-shake from the sender's side: the one slot is full, so the put parks until the
 * take makes room. A lost wake-up leaves the putter parked for ever, which jcstress reports as a
 * stuck test. Both items pass exactly once and in order.
 */
@JCStressTest
@Outcome(id = "1, 2, 0", expect = ACCEPTABLE, desc = "the take freed the slot, the parked put filled it")
@State
public class PutParksOnFullSlot {
    private final Channel<Integer> channel = Ops.oneSlot();

    public PutParksOnFullSlot() {
        channel.offer(1);
    }

    @Actor
    public void putter() {
        Ops.put(channel, 2);
    }

    @Actor
    public void taker(III_Result r) {
        r.r1 = Ops.take(channel);
    }

    @Arbiter
    public void after(III_Result r) {
        r.r2 = Ops.poll(channel);
        r.r3 = channel.size();
    }
}
