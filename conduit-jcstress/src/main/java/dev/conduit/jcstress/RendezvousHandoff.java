package dev.conduit.jcstress;

import dev.conduit.channel.Channel;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIII_Result;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;

/**
 * A put and a take meet on a rendezvous channel: both park until the other comes, whichever
 * order they arrive in. The item passes once and nothing is left behind.
 */
@JCStressTest
@Outcome(id = "1, 7, 0, 1", expect = ACCEPTABLE, desc = "the hand-off happened once")
@State
public class RendezvousHandoff {
    private final Channel<Integer> channel = Channel.rendezvous();

    @Actor
    public void putter(IIII_Result r) {
        r.r1 = Ops.put(channel, 7);
    }

    @Actor
    public void taker(IIII_Result r) {
        r.r2 = Ops.take(channel);
    }

    @Arbiter
    public void after(IIII_Result r) {
        r.r3 = channel.size();
        r.r4 = (int) channel.unfinishedTasks();
    }
}
