package dev.conduit.channel;

import dev.conduit.channel.internal.Ordering;

import java.util.List;
import java.util.stream.Stream;

import static dev.conduit.channel.Overflow.BLOCK;
import static dev.conduit.channel.Overflow.DROP_NEWEST;
import static dev.conduit.channel.Overflow.DROP_OLDEST;

/**
 * THE list of channel kinds every contract and concurrency test runs over. A new implementation
 * or builder hint is covered by adding one line here.
 */
public final class ChannelKinds {
    private ChannelKinds() {
    }

    public static List<ChannelKind> all() {
        return List.of(
                ChannelKind.of("bounded", 16, Ordering.FIFO, BLOCK),
                ChannelKind.of("bounded-1", 1, Ordering.FIFO, BLOCK),
                ChannelKind.of("unbounded", Integer.MAX_VALUE, Ordering.FIFO, BLOCK),
                ChannelKind.of("rendezvous", 0, Ordering.FIFO, BLOCK),
                ChannelKind.of("lifo", 16, Ordering.LIFO, BLOCK),
                ChannelKind.of("priority", 16, Ordering.PRIORITY, BLOCK),
                ChannelKind.of("drop-oldest", 16, Ordering.FIFO, DROP_OLDEST),
                ChannelKind.of("conflated", 1, Ordering.FIFO, DROP_OLDEST),
                ChannelKind.of("drop-newest", 16, Ordering.FIFO, DROP_NEWEST),
                ChannelKind.of("lifo-drop-oldest", 8, Ordering.LIFO, DROP_OLDEST),
                ChannelKind.of("priority-drop-newest", 8, Ordering.PRIORITY, DROP_NEWEST),
                // The lock-free ring (bounded FIFO BLOCK): "bounded" and "bounded-1" above use it with
                // the default wait strategy; these add the other strategies, a capacity that is not a
                // power of two, and the single-producer/consumer hints.
                ring("ring-blocking", 16, false, false, b -> b.waitStrategy(WaitStrategy.BLOCKING)),
                ring("ring-yielding", 16, false, false, b -> b.waitStrategy(WaitStrategy.YIELDING)),
                ring("ring-busy-spin", 16, false, false, b -> b.waitStrategy(WaitStrategy.BUSY_SPIN)),
                ring("ring-capacity-10", 10, false, false, b -> b),
                ring("ring-spsc", 16, true, true, b -> b.singleProducer().singleConsumer()),
                ring("ring-mpsc", 16, false, true, ChannelBuilder::singleConsumer),
                ring("ring-spmc", 16, true, false, ChannelBuilder::singleProducer),
                // Hints given but broken: the tests send and receive from many threads at once.
                // The builder promises that costs speed at most, never an item lost or duplicated.
                ring("ring-broken-hints", 16, false, false, b -> b.singleProducer().singleConsumer()));
    }

    private static ChannelKind ring(String name, int capacity, boolean singleProducer, boolean singleConsumer,
                                    java.util.function.UnaryOperator<ChannelBuilder<Integer>> hints) {
        return new ChannelKind(name, capacity, Ordering.FIFO, BLOCK, singleProducer, singleConsumer, hints);
    }

    /** Source for {@code @MethodSource}: every kind. */
    public static Stream<ChannelKind> kinds() {
        return all().stream();
    }

    /** Kinds that accept many producers and many consumers. */
    public static Stream<ChannelKind> multiParty() {
        return kinds().filter(ChannelKind::multiParty);
    }
}
