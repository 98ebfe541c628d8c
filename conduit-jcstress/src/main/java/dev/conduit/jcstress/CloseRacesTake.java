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
 * A take (parked or not) races a sender that offers one item and then closes. The item was sent
 * before the close, so the take must get it, never "closed": a receiver sees the end only once the
 * channel is drained. Result: what take returned (-1 closed), what is left (0 none).
 */
@JCStressTest
@Outcome(id = "1, 0", expect = ACCEPTABLE, desc = "the taker got the item sent before the close")
@State
public class CloseRacesTake {
    private final Channel<Integer> channel = Ops.oneSlot();

    @Actor
    public void taker(II_Result r) {
        r.r1 = Ops.take(channel);
    }

    @Actor
    public void senderThenCloser() {
        channel.offer(1);
        channel.close();
    }

    @Arbiter
    public void after(II_Result r) {
        r.r2 = Ops.poll(channel);
    }
}
