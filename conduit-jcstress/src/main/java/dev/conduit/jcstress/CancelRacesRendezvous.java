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
 * cancel() races a parked put and a parked take on a rendezvous channel: either they met before
 * the cancel (both succeed), or both fail; a put that succeeds with no taker, or a taker that gets
 * an item whose put failed, is a bug. Result: put (1/0), take (item/-1), cancel returned, size.
 */
@JCStressTest
@Outcome(id = "1, 1, 0, 0", expect = ACCEPTABLE, desc = "they met, then the cancel")
@Outcome(id = "0, -1, 0, 0", expect = ACCEPTABLE, desc = "the cancel woke both")
@State
public class CancelRacesRendezvous {
    private final Channel<Integer> channel = Channel.rendezvous();

    @Actor
    public void putter(IIII_Result r) {
        r.r1 = Ops.put(channel, 1);
    }

    @Actor
    public void taker(IIII_Result r) {
        r.r2 = Ops.take(channel);
    }

    @Actor
    public void canceller(IIII_Result r) {
        r.r3 = channel.cancel().size();
    }

    @Arbiter
    public void after(IIII_Result r) {
        r.r4 = channel.size();
    }
}
