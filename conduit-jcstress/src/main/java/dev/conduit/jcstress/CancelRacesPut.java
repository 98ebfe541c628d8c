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
 * cancel() races a put: a put that succeeded put its item where cancel returns it; a put that
 * failed left nothing. An item accepted and not returned (stranded in a cancelled channel) is the
 * bug this looks for. Result: put (1/0), items cancel returned, items left in the channel.
 */
@JCStressTest
@Outcome(id = "1, 1, 0", expect = ACCEPTABLE, desc = "put first: cancel returned the item")
@Outcome(id = "0, 0, 0", expect = ACCEPTABLE, desc = "cancel first: the put failed")
@State
public class CancelRacesPut {
    private final Channel<Integer> channel = Ops.oneSlot();

    @Actor
    public void putter(III_Result r) {
        r.r1 = Ops.put(channel, 1);
    }

    @Actor
    public void canceller(III_Result r) {
        r.r2 = channel.cancel().size();
    }

    @Arbiter
    public void after(III_Result r) {
        r.r3 = channel.size();
    }
}
