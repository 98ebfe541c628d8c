package dev.conduit.proof;

import dev.conduit.channel.Channel;
import dev.conduit.channel.Overflow;

import java.util.function.Consumer;
import java.util.function.Function;

/**
 * One channel configuration under proof: how to build it, and the few facts the sequential model
 * ({@link ChannelModel}) needs to predict it. Capacities are kept tiny on purpose: model checking
 * explores every interleaving, and full/empty edges are where the bugs live.
 *
 * @param name     shown in test names and failure reports
 * @param capacity 0 for rendezvous, {@link Integer#MAX_VALUE} for unbounded
 * @param order    the order receivers see
 * @param overflow what a send does when full
 * @param factory  builds a fresh channel that hands undelivered items to the given callback
 */
public record ChannelKind(String name, int capacity, Order order, Overflow overflow,
                          Function<Consumer<Integer>, Channel<Integer>> factory) {

    /** The receive order a kind promises; {@link #PRIORITY} means natural order of the integers. */
    public enum Order { FIFO, LIFO, PRIORITY }

    /** @return a fresh channel whose undelivered items go to {@code onUndelivered} */
    public Channel<Integer> create(Consumer<Integer> onUndelivered) {
        return factory.apply(onUndelivered);
    }

    /** @return a fresh channel that ignores undelivered items */
    public Channel<Integer> create() {
        return create(item -> { });
    }

    /** @return {@code true} if a send on a full channel waits (so blocking scenarios apply) */
    public boolean sendsCanBlock() {
        return overflow == Overflow.BLOCK && capacity != Integer.MAX_VALUE;
    }

    public boolean rendezvous() {
        return capacity == 0;
    }

    @Override
    public String toString() {
        return name;
    }
}
