package dev.conduit.jcstress;

import dev.conduit.channel.Channel;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;

/**
 * A graceful close races a put on a one-slot channel. A put that succeeded is still delivered after
 * the close; a put that failed left nothing behind. Result: put (1 ok, 0 closed), item a receiver
 * gets afterwards (0 none). Two actors, because jcstress schedules no more on a 2-core machine.
 */
@JCStressTest
@Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "put before close: still delivered")
@Outcome(id = "0, 0", expect = ACCEPTABLE, desc = "close before put: the put failed and left nothing")
@State
public class CloseRacesPut {
    private final Channel<Integer> channel = Ops.oneSlot();

    @Actor
    public void putter(II_Result r) {
        r.r1 = Ops.put(channel, 1);
    }

    @Actor
    public void closer() {
        channel.close();
    }

    @Arbiter
    public void after(II_Result r) {
        r.r2 = Ops.poll(channel);
    }
}
