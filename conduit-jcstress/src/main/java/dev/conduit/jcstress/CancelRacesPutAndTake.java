package dev.conduit.jcstress;

import dev.conduit.channel.Channel;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIII_Result;

import java.util.concurrent.atomic.AtomicInteger;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;

/**
 * cancel() races a put and a take on a one-slot channel: the item is either delivered or returned
 * by cancel (and handed to onUndelivered), never both, never neither. Result: put (1 ok, 0
 * closed), take (item or -1), items cancel returned, items onUndelivered saw.
 */
@JCStressTest
@Outcome(id = "1, 1, 0, 0", expect = ACCEPTABLE, desc = "delivered")
@Outcome(id = "1, -1, 1, 1", expect = ACCEPTABLE, desc = "returned by cancel and handed to onUndelivered")
@Outcome(id = "0, -1, 0, 0", expect = ACCEPTABLE, desc = "cancel came first: the put failed")
@State
public class CancelRacesPutAndTake {
    private final AtomicInteger undelivered = new AtomicInteger();
    private final Channel<Integer> channel = Channel.<Integer>builder()
            .capacity(1).onUndelivered(item -> undelivered.incrementAndGet()).build();

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
        r.r4 = undelivered.get();
    }
}
