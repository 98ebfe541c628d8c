package dev.conduit.bench.waiting;

import dev.conduit.channel.Channel;

import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.LinkedTransferQueue;
import java.util.concurrent.SynchronousQueue;

/**
 * One channel of issue 15's benchmarks: a Conduit channel, a Jox channel or a JDK queue of a given
 * capacity, seen through one blocking send and one blocking take, so every benchmark treats the
 * contenders alike.
 *
 * <p>Capacity 0 is a rendezvous: Conduit's {@link Channel#rendezvous()}, Jox's rendezvous channel,
 * {@link SynchronousQueue}, or {@link LinkedTransferQueue#transfer} (which waits until a receiver
 * takes the item). A capacity above 0 is Conduit's {@link Channel#bounded}, Jox's buffered channel,
 * {@link ArrayBlockingQueue} or a bounded {@link LinkedBlockingQueue}; {@code LinkedTransferQueue}
 * has no bound, so above 0 it is an unbounded queue ({@code put} never waits) and only fits rows
 * where the sender never outruns the receivers by much (the blocked-waiters rows).
 *
 * <p>Two Conduit variants are there for diagnosis, not in the default comparison: {@code
 * conduit-locked} is the lock-based channel (a bounded LIFO channel, so the ring is not used; the
 * benchmarks sum their items, so the order does not matter to them), {@code conduit-spsc} the ring
 * with the {@code singleProducer()} and {@code singleConsumer()} hints (one cache line a hand-off).
 */
abstract class Lane {
    static final String CONDUIT = "conduit";
    static final String JOX = "jox";
    static final String CONDUIT_LOCKED = "conduit-locked";
    static final String CONDUIT_SPSC = "conduit-spsc";
    static final List<String> JDK = List.of(
            "ArrayBlockingQueue", "LinkedBlockingQueue", "SynchronousQueue", "LinkedTransferQueue");

    /** Sends one item, waiting while the lane is full (or, at capacity 0, until a receiver takes it). */
    abstract void send(Long item) throws InterruptedException;

    /** Takes one item, waiting while the lane is empty. */
    abstract Long take() throws InterruptedException;

    /**
     * Builds the contender {@code impl} with {@code capacity}.
     *
     * @throws IllegalArgumentException for an unknown name, or a queue that has no such capacity
     */
    static Lane create(String impl, int capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException("lane capacity must be at least 0, was " + capacity);
        }
        return switch (impl) {
            case CONDUIT -> new OfConduit(capacity == 0 ? Channel.rendezvous() : Channel.bounded(capacity));
            case CONDUIT_LOCKED -> new OfConduit(Channel.<Long>builder()
                    .capacity(positive(impl, capacity)).lifo().build());
            case CONDUIT_SPSC -> new OfConduit(Channel.<Long>builder()
                    .capacity(positive(impl, capacity)).singleProducer().singleConsumer().build());
            case JOX -> new OfJox(capacity == 0 ? com.softwaremill.jox.Channel.newRendezvousChannel()
                    : com.softwaremill.jox.Channel.newBufferedChannel(capacity));
            case "ArrayBlockingQueue" -> new OfQueue(new ArrayBlockingQueue<>(positive(impl, capacity)));
            case "LinkedBlockingQueue" -> new OfQueue(new LinkedBlockingQueue<>(positive(impl, capacity)));
            case "SynchronousQueue" -> {
                if (capacity != 0) {
                    throw new IllegalArgumentException("SynchronousQueue has capacity 0 only, asked for " + capacity);
                }
                yield new OfQueue(new SynchronousQueue<>());
            }
            case "LinkedTransferQueue" -> capacity == 0 ? new OfTransfer(new LinkedTransferQueue<>())
                    : new OfQueue(new LinkedTransferQueue<>());
            default -> throw new IllegalArgumentException("unknown lane '" + impl + "'; known: conduit, "
                    + CONDUIT_LOCKED + ", " + CONDUIT_SPSC + ", jox, "
                    + String.join(", ", JDK));
        };
    }

    private static int positive(String impl, int capacity) {
        if (capacity == 0) {
            throw new IllegalArgumentException(impl + " cannot have capacity 0 (use SynchronousQueue or "
                    + "LinkedTransferQueue for a rendezvous)");
        }
        return capacity;
    }

    private static final class OfConduit extends Lane {
        private final Channel<Long> channel;

        OfConduit(Channel<Long> channel) {
            this.channel = channel;
        }

        @Override
        void send(Long item) throws InterruptedException {
            channel.put(item);
        }

        @Override
        Long take() throws InterruptedException {
            return channel.take();
        }
    }

    private static final class OfJox extends Lane {
        private final com.softwaremill.jox.Channel<Long> channel;

        OfJox(com.softwaremill.jox.Channel<Long> channel) {
            this.channel = channel;
        }

        @Override
        void send(Long item) throws InterruptedException {
            channel.send(item);
        }

        @Override
        Long take() throws InterruptedException {
            return channel.receive();
        }
    }

    private static final class OfQueue extends Lane {
        private final BlockingQueue<Long> queue;

        OfQueue(BlockingQueue<Long> queue) {
            this.queue = queue;
        }

        @Override
        void send(Long item) throws InterruptedException {
            queue.put(item);
        }

        @Override
        Long take() throws InterruptedException {
            return queue.take();
        }
    }

    /** {@code LinkedTransferQueue} as a rendezvous: each send waits until a receiver has its item. */
    private static final class OfTransfer extends Lane {
        private final LinkedTransferQueue<Long> queue;

        OfTransfer(LinkedTransferQueue<Long> queue) {
            this.queue = queue;
        }

        @Override
        void send(Long item) throws InterruptedException {
            queue.transfer(item);
        }

        @Override
        Long take() throws InterruptedException {
            return queue.take();
        }
    }
}
