package dev.conduit.proof;

import dev.conduit.channel.Channel;
import dev.conduit.channel.Overflow;
import dev.conduit.proof.ChannelKind.Order;

import java.util.Comparator;
import java.util.List;

/**
 * Every channel implementation and configuration that the proof layers (Lincheck, fault
 * injection and soak) check. <b>To put a new implementation under proof, add one line here</b>
 * naming what it promises (capacity, order, overflow) and how to build it; every layer picks it up.
 */
public final class ChannelKinds {
    private ChannelKinds() {
    }

    /**
     * @return the kinds every layer checks; {@code -Dconduit.proof.kinds=regex} narrows them to the
     *         names that match, to chase one failure
     */
    public static List<ChannelKind> all() {
        String only = System.getProperty("conduit.proof.kinds", ".*");
        return registered().stream().filter(k -> k.name().matches(only)).toList();
    }

    private static List<ChannelKind> registered() {
        return List.of(
                kind("bounded-1", 1, Order.FIFO, Overflow.BLOCK),
                kind("bounded-2", 2, Order.FIFO, Overflow.BLOCK),
                kind("unbounded", Integer.MAX_VALUE, Order.FIFO, Overflow.BLOCK),
                kind("rendezvous", 0, Order.FIFO, Overflow.BLOCK),
                kind("lifo-2", 2, Order.LIFO, Overflow.BLOCK),
                kind("priority-2", 2, Order.PRIORITY, Overflow.BLOCK),
                kind("conflated", 1, Order.FIFO, Overflow.DROP_OLDEST),
                kind("drop-newest-2", 2, Order.FIFO, Overflow.DROP_NEWEST),
                kind("lifo-drop-oldest-2", 2, Order.LIFO, Overflow.DROP_OLDEST),
                kind("priority-drop-oldest-2", 2, Order.PRIORITY, Overflow.DROP_OLDEST));
    }

    /** A kind built through the public builder, so it gets whatever implementation the factory picks. */
    static ChannelKind kind(String name, int capacity, Order order, Overflow overflow) {
        return new ChannelKind(name, capacity, order, overflow, onUndelivered -> {
            var b = Channel.<Integer>builder().name(name).onFull(overflow).onUndelivered(onUndelivered);
            if (capacity == Integer.MAX_VALUE) {
                b.unbounded();
            } else {
                b.capacity(capacity);
            }
            switch (order) {
                case FIFO -> b.fifo();
                case LIFO -> b.lifo();
                case PRIORITY -> b.priority(Comparator.naturalOrder());
            }
            return b.build();
        });
    }
}
