package dev.conduit.channel;

import dev.conduit.channel.internal.Ordering;

import java.util.Comparator;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * One configuration of channel that the contract and concurrency suites run against. The declared
 * capacity, ordering and overflow tell the tests what to expect; {@code hints} adds the builder
 * settings that pick a particular implementation (single producer, wait strategy, ...).
 *
 * @param name      shown in test names
 * @param capacity  0 rendezvous, {@link Integer#MAX_VALUE} unbounded
 * @param ordering  the order items come out in
 * @param overflow  what a send does when full
 * @param singleProducer true if the kind allows only one sending thread
 * @param singleConsumer true if the kind allows only one receiving thread
 * @param hints     extra builder settings
 */
public record ChannelKind(String name, int capacity, Ordering ordering, Overflow overflow,
                          boolean singleProducer, boolean singleConsumer,
                          UnaryOperator<ChannelBuilder<Integer>> hints) {

    /** Orders integers naturally; the priority kinds use it. */
    public static final Comparator<Integer> NATURAL = Comparator.naturalOrder();

    public static ChannelKind of(String name, int capacity, Ordering ordering, Overflow overflow) {
        return new ChannelKind(name, capacity, ordering, overflow, false, false, UnaryOperator.identity());
    }

    /** @return the same kind with another capacity (the proof layers use tiny ones) */
    public ChannelKind withCapacity(int newCapacity) {
        return new ChannelKind(name, newCapacity, ordering, overflow, singleProducer, singleConsumer, hints);
    }

    public Channel<Integer> create() {
        return create(item -> { });
    }

    public Channel<Integer> create(Consumer<? super Integer> onUndelivered) {
        ChannelBuilder<Integer> b = Channel.<Integer>builder().name("test-" + name).onUndelivered(onUndelivered);
        if (capacity == Integer.MAX_VALUE) {
            b.unbounded();
        } else {
            b.capacity(capacity);
        }
        switch (ordering) {
            case FIFO -> b.fifo();
            case LIFO -> b.lifo();
            case PRIORITY -> b.priority(NATURAL);
        }
        b.onFull(overflow);
        return hints.apply(b).build();
    }

    public boolean rendezvous() {
        return capacity == 0;
    }

    public boolean unbounded() {
        return capacity == Integer.MAX_VALUE;
    }

    public boolean blocksWhenFull() {
        return overflow == Overflow.BLOCK && !unbounded();
    }

    public boolean drops() {
        return overflow != Overflow.BLOCK;
    }

    public boolean multiParty() {
        return !singleProducer && !singleConsumer;
    }

    @Override
    public String toString() {
        return name;
    }
}
