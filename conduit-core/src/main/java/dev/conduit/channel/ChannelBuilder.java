package dev.conduit.channel;

import dev.conduit.channel.internal.ChannelFactory;
import dev.conduit.channel.internal.ChannelSpec;
import dev.conduit.channel.internal.Ordering;

import java.util.Comparator;
import java.util.function.Consumer;

/**
 * Configures and creates a {@link Channel}. Obtain one from {@link Channel#builder()}.
 *
 * <p>Defaults: capacity 1024, FIFO order, {@link Overflow#BLOCK}, a generated name
 * ({@code channel-1}, {@code channel-2}, ...), no {@code onUndelivered} callback, any number of
 * senders and receivers, {@link WaitStrategy#SPIN_THEN_PARK}. A builder is not
 * thread-safe; each {@link #build()} creates a new, independent channel.
 *
 * @param <T> the item type
 */
public final class ChannelBuilder<T> {
    /** Capacity used when none is given: large enough to absorb bursts, small enough to bound memory. */
    public static final int DEFAULT_CAPACITY = 1024;

    private int capacity = DEFAULT_CAPACITY;
    private Ordering ordering = Ordering.FIFO;
    private Comparator<? super T> comparator;
    private Overflow overflow = Overflow.BLOCK;
    private String name;
    private Consumer<? super T> onUndelivered;
    private boolean singleProducer;
    private boolean singleConsumer;
    private WaitStrategy waitStrategy = WaitStrategy.SPIN_THEN_PARK;

    ChannelBuilder() {
    }

    /**
     * Bounds the channel to {@code capacity} items; 0 makes a rendezvous channel.
     *
     * @param capacity the most items buffered at once, 0 or more
     * @return this builder
     * @throws IllegalArgumentException if {@code capacity} is negative
     */
    public ChannelBuilder<T> capacity(int capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException("channel capacity must not be negative, was " + capacity);
        }
        this.capacity = capacity;
        return this;
    }

    /**
     * Removes the bound: sends never wait for room.
     *
     * @return this builder
     */
    public ChannelBuilder<T> unbounded() {
        this.capacity = Integer.MAX_VALUE;
        return this;
    }

    /**
     * Receivers get items in the order they were sent (the default).
     *
     * @return this builder
     */
    public ChannelBuilder<T> fifo() {
        this.ordering = Ordering.FIFO;
        this.comparator = null;
        return this;
    }

    /**
     * Receivers get the most recently sent item first, like a stack.
     *
     * @return this builder
     */
    public ChannelBuilder<T> lifo() {
        this.ordering = Ordering.LIFO;
        this.comparator = null;
        return this;
    }

    /**
     * Receivers get the smallest item by {@code comparator} first; items that compare equal come out
     * in the order they were sent.
     *
     * @param comparator the priority order, smallest first
     * @return this builder
     * @throws IllegalArgumentException if {@code comparator} is {@code null}
     */
    public ChannelBuilder<T> priority(Comparator<? super T> comparator) {
        if (comparator == null) {
            throw new IllegalArgumentException("priority channel needs a comparator, was null");
        }
        this.ordering = Ordering.PRIORITY;
        this.comparator = comparator;
        return this;
    }

    /**
     * Chooses what a send does when the channel is full. Drop policies need a capacity of at least 1.
     *
     * @param overflow the policy
     * @return this builder
     * @throws IllegalArgumentException if {@code overflow} is {@code null}
     */
    public ChannelBuilder<T> onFull(Overflow overflow) {
        if (overflow == null) {
            throw new IllegalArgumentException("overflow policy must not be null");
        }
        this.overflow = overflow;
        return this;
    }

    /**
     * Names the channel; the name appears in exceptions, {@code toString()} and statistics.
     *
     * @param name a short name, not blank
     * @return this builder
     * @throws IllegalArgumentException if {@code name} is {@code null} or blank
     */
    public ChannelBuilder<T> name(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("channel name must not be null or blank");
        }
        this.name = name;
        return this;
    }

    /**
     * Sets a callback that receives every item the channel will never deliver: items dropped by the
     * overflow policy and items removed by {@link Channel#cancel()}. It runs in the thread whose call
     * dropped or removed the item, outside any lock of the channel; an exception it throws is
     * rethrown to that caller.
     *
     * @param onUndelivered the callback
     * @return this builder
     * @throws IllegalArgumentException if {@code onUndelivered} is {@code null}
     */
    public ChannelBuilder<T> onUndelivered(Consumer<? super T> onUndelivered) {
        if (onUndelivered == null) {
            throw new IllegalArgumentException("onUndelivered callback must not be null");
        }
        this.onUndelivered = onUndelivered;
        return this;
    }

    /**
     * Declares that at most one thread at a time will send on the channel. A hint that lets the
     * builder pick a faster implementation; the channel stays correct if it is broken (several
     * threads sending), it may only be slower. (No implementation uses it yet: a send claims its
     * slot with one compare-and-set either way, which is what makes a racing close safe.)
     *
     * @return this builder
     */
    public ChannelBuilder<T> singleProducer() {
        this.singleProducer = true;
        return this;
    }

    /**
     * Declares that at most one thread at a time will receive from the channel. A hint like
     * {@link #singleProducer()}: breaking it never loses or duplicates an item. For a bounded FIFO
     * channel that blocks, it selects the ring's item-flag variant, which keeps no per-slot
     * sequence numbers (one cache line per hand-off instead of two, and less memory); with several
     * receivers that variant reads the producer's index more often, so it is slower there, never
     * wrong.
     *
     * @return this builder
     */
    public ChannelBuilder<T> singleConsumer() {
        this.singleConsumer = true;
        return this;
    }

    /**
     * Chooses how senders wait for room and receivers wait for items; the default is
     * {@link WaitStrategy#SPIN_THEN_PARK}. See {@link WaitStrategy} for the trade-offs and which
     * channel kinds honour it.
     *
     * @param waitStrategy the strategy
     * @return this builder
     * @throws IllegalArgumentException if {@code waitStrategy} is {@code null}
     */
    public ChannelBuilder<T> waitStrategy(WaitStrategy waitStrategy) {
        if (waitStrategy == null) {
            throw new IllegalArgumentException("wait strategy must not be null");
        }
        this.waitStrategy = waitStrategy;
        return this;
    }

    /**
     * Creates the channel.
     *
     * @return a new open channel
     * @throws IllegalArgumentException if the settings do not fit together (a drop policy on a
     *                                  rendezvous channel)
     */
    public Channel<T> build() {
        if (capacity == 0 && overflow != Overflow.BLOCK) {
            throw new IllegalArgumentException("a rendezvous channel (capacity 0) holds no item to drop; "
                    + "overflow " + overflow + " needs a capacity of at least 1");
        }
        if (capacity == 0 && ordering != Ordering.FIFO) {
            throw new IllegalArgumentException("a rendezvous channel (capacity 0) has no buffer to order; "
                    + ordering + " needs a capacity of at least 1");
        }
        Consumer<? super T> undelivered = onUndelivered != null ? onUndelivered : ChannelSpec.noCallback();
        return ChannelFactory.create(new ChannelSpec<>(name, capacity, ordering, comparator, overflow, undelivered,
                singleProducer, singleConsumer, waitStrategy));
    }

    /** @return a description of the settings, for debugging */
    @Override
    public String toString() {
        return "ChannelBuilder[capacity=" + (capacity == Integer.MAX_VALUE ? "unbounded" : capacity)
                + ", ordering=" + ordering + ", overflow=" + overflow + ", name=" + name
                + (singleProducer ? ", singleProducer" : "") + (singleConsumer ? ", singleConsumer" : "")
                + ", waitStrategy=" + waitStrategy + "]";
    }
}
