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
 * A graceful close races a put and a take on a one-slot channel. A put that succeeded before the
 * close must still be delivered (a take sees "closed" only once the channel is drained); a put
 * after the close fails and its item is nowhere. Result: put (1 ok, 0 closed), take (item or -1
 * closed), item left behind (0 none).
 */
@JCStressTest
@Outcome(id = "1, 1, 0", expect = ACCEPTABLE, desc = "put before close, the taker got the item")
@Outcome(id = "0, -1, 0", expect = ACCEPTABLE, desc = "close before put: put failed, taker saw the end")
@State
public class CloseRacesPutAndTake {
    private final Channel<Integer> channel = Channel.bounded(1);

    @Actor
    public void putter(III_Result r) {
        r.r1 = Ops.put(channel, 1);
    }

    @Actor
    public void taker(III_Result r) {
        r.r2 = Ops.take(channel);
    }

    @Actor
    public void closer() {
        channel.close();
    }

    @Arbiter
    public void after(III_Result r) {
        r.r3 = Ops.poll(channel);
    }
}
