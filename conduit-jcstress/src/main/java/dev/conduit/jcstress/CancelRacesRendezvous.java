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
 * On a rendezvous channel a put parks; a receiver polls (taking the parked item if it is there)
 * and then cancels, which fails a put still parked. The put succeeds exactly when the poll got its
 * item: a put that "succeeds" unreceived, or an item received from a put that failed, is a bug.
 * Result: put (1/0), poll (item or 0), cancel returned, size afterwards.
 */
@JCStressTest
@Outcome(id = "1, 1, 0, 0", expect = ACCEPTABLE, desc = "the poll met the parked put")
@Outcome(id = "0, 0, 0, 0", expect = ACCEPTABLE, desc = "the poll came first; the cancel failed the put")
@State
public class CancelRacesRendezvous {
    private final Channel<Integer> channel = Channel.rendezvous();

    @Actor
    public void putter(IIII_Result r) {
        r.r1 = Ops.put(channel, 1);
    }

    @Actor
    public void pollerThenCanceller(IIII_Result r) {
        r.r2 = Ops.poll(channel);
        r.r3 = channel.cancel().size();
    }

    @Arbiter
    public void after(IIII_Result r) {
        r.r4 = channel.size();
    }
}
