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
 * A put races a take on an empty one-slot channel. Whoever comes first, the item passes exactly
 * once: the taker gets it, the slot is empty afterwards, and one task is unfinished. A taker that
 * parks first must be woken by the put (no lost wake-up: that would show as a stuck test).
 */
@JCStressTest
@Outcome(id = "1, 0, 1", expect = ACCEPTABLE, desc = "the item passed once; one task unfinished")
@State
public class PutRacesTakeOnOneSlot {
    private final Channel<Integer> channel = Ops.oneSlot();

    @Actor
    public void putter() {
        Ops.put(channel, 1);
    }

    @Actor
    public void taker(III_Result r) {
        r.r1 = Ops.take(channel);
    }

    @Arbiter
    public void after(III_Result r) {
        r.r2 = channel.size();
        r.r3 = (int) channel.unfinishedTasks();
    }
}
