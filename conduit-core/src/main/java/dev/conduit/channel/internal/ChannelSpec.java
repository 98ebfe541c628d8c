package dev.conduit.channel.internal;

import dev.conduit.channel.Overflow;

import java.util.Comparator;
import java.util.function.Consumer;

/**
 * Everything a {@link dev.conduit.channel.ChannelBuilder} decided, validated, handed to
 * {@link ChannelFactory} to pick an implementation.
 *
 * @param name          the channel's name
 * @param capacity      0 for rendezvous, {@link Integer#MAX_VALUE} for unbounded
 * @param ordering      the order items are received in
 * @param comparator    the priority order, only for {@link Ordering#PRIORITY}
 * @param overflow      what a send does when full
 * @param onUndelivered receives every item that will never be delivered; never {@code null}
 * @param <T>           the item type
 */
public record ChannelSpec<T>(String name, int capacity, Ordering ordering, Comparator<? super T> comparator,
                             Overflow overflow, Consumer<? super T> onUndelivered) {

    /** @return {@code true} when the channel has no bound */
    public boolean unbounded() {
        return capacity == Integer.MAX_VALUE;
    }
}
