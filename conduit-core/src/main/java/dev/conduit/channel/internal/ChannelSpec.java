package dev.conduit.channel.internal;

import dev.conduit.channel.Overflow;
import dev.conduit.channel.WaitStrategy;

import java.util.Comparator;
import java.util.function.Consumer;

/**
 * Everything a {@link dev.conduit.channel.ChannelBuilder} decided, validated, handed to
 * {@link ChannelFactory} to pick an implementation.
 *
 * @param name          the channel's name, or {@code null} for a generated one ({@code channel-<n>})
 * @param capacity      0 for rendezvous, {@link Integer#MAX_VALUE} for unbounded
 * @param ordering      the order items are received in
 * @param comparator    the priority order, only for {@link Ordering#PRIORITY}
 * @param overflow      what a send does when full
 * @param onUndelivered  receives every item that will never be delivered; never {@code null}
 * @param singleProducer the user promised at most one sending thread at a time (a hint)
 * @param singleConsumer the user promised at most one receiving thread at a time (a hint)
 * @param waitStrategy   how waiting senders and receivers spend their time; never {@code null}
 * @param <T>            the item type
 */
public record ChannelSpec<T>(String name, int capacity, Ordering ordering, Comparator<? super T> comparator,
                             Overflow overflow, Consumer<? super T> onUndelivered,
                             boolean singleProducer, boolean singleConsumer, WaitStrategy waitStrategy) {

    /** Settings with no hints and the default wait strategy, for code written before they existed. */
    public ChannelSpec(String name, int capacity, Ordering ordering, Comparator<? super T> comparator,
                       Overflow overflow, Consumer<? super T> onUndelivered) {
        this(name, capacity, ordering, comparator, overflow, onUndelivered, false, false, WaitStrategy.SPIN_THEN_PARK);
    }

    /** The callback of channels built without one: shared, so it costs no memory per channel. */
    private static final Consumer<Object> NO_CALLBACK = item -> { };

    /**
     * @param <T> the item type
     * @return a callback that ignores the undelivered item
     */
    public static <T> Consumer<? super T> noCallback() {
        return NO_CALLBACK;
    }

    /** @return {@code true} when the channel has no bound */
    public boolean unbounded() {
        return capacity == Integer.MAX_VALUE;
    }
}
