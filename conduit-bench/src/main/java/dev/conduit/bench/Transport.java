package dev.conduit.bench;

import dev.conduit.channel.Channel;
import dev.conduit.channel.ChannelBuilder;
import dev.conduit.channel.WaitStrategy;
import org.jctools.queues.MessagePassingQueue;
import org.jctools.queues.MpmcArrayQueue;
import org.jctools.queues.MpscArrayQueue;
import org.jctools.queues.SpscArrayQueue;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.LinkedTransferQueue;
import java.util.concurrent.SynchronousQueue;

/**
 * One way of moving items from producer threads to consumer threads, under the name the result
 * table shows. Every contender is built here, so the benchmarks treat them all alike.
 */
abstract class Transport {
    /** Capacity of every bounded contender (the setting). */
    static final int CAPACITY = 1024;

    /** Sends one item, waiting while full. Called by producer threads. */
    abstract void send(Long item) throws InterruptedException;

    /** Takes one item, waiting while empty. Called by consumer threads. */
    abstract Long take() throws InterruptedException;

    /**
     * Takes {@code count} items for consumer number {@code consumer} and returns their sum, so the
     * harness can check that nothing was lost or duplicated.
     */
    long receive(int consumer, int count) throws InterruptedException {
        long sum = 0;
        for (int i = 0; i < count; i++) {
            sum += take();
        }
        return sum;
    }

    /** Releases threads the transport started itself. */
    void stop() {
    }

    /**
     * Builds the contender named {@code name} for {@code producers} senders and {@code consumers}
     * receivers, each receiver taking {@code perConsumer} items per batch.
     *
     * @throws IllegalArgumentException for an unknown name, listing the known ones
     */
    static Transport create(String name, int producers, int consumers, int perConsumer) {
        return switch (name) {
            case "conduit-spin-then-park" -> conduit(WaitStrategy.SPIN_THEN_PARK, producers, consumers);
            case "conduit-blocking" -> conduit(WaitStrategy.BLOCKING, producers, consumers);
            case "conduit-yielding" -> conduit(WaitStrategy.YIELDING, producers, consumers);
            case "conduit-busy-spin" -> conduit(WaitStrategy.BUSY_SPIN, producers, consumers);
            case "conduit-rendezvous" -> new OfChannel(Channel.rendezvous());
            case "ArrayBlockingQueue" -> new OfBlockingQueue(new ArrayBlockingQueue<>(CAPACITY));
            case "LinkedBlockingQueue" -> new OfBlockingQueue(new LinkedBlockingQueue<>(CAPACITY));
            case "LinkedTransferQueue" -> new OfBlockingQueue(new LinkedTransferQueue<>()); // has no bound
            case "SynchronousQueue" -> new OfBlockingQueue(new SynchronousQueue<>());
            case "jctools-spin" -> new OfJctools(jctools(producers, consumers), false);
            case "jctools-yield" -> new OfJctools(jctools(producers, consumers), true);
            case "disruptor-blocking" -> new DisruptorTransport(producers, consumers, false, perConsumer);
            case "disruptor-yielding" -> new DisruptorTransport(producers, consumers, true, perConsumer);
            default -> throw new IllegalArgumentException("unknown transport '" + name + "'; known: conduit-spin-then-park, "
                    + "conduit-blocking, conduit-yielding, conduit-busy-spin, conduit-rendezvous, ArrayBlockingQueue, "
                    + "LinkedBlockingQueue, LinkedTransferQueue, SynchronousQueue, jctools-spin, jctools-yield, "
                    + "disruptor-blocking, disruptor-yielding");
        };
    }

    /** A Conduit channel built the way a user would, declaring what it knows about its parties. */
    private static Transport conduit(WaitStrategy strategy, int producers, int consumers) {
        ChannelBuilder<Long> b = Channel.<Long>builder().capacity(CAPACITY).waitStrategy(strategy);
        if (producers == 1) {
            b.singleProducer();
        }
        if (consumers == 1) {
            b.singleConsumer();
        }
        return new OfChannel(b.build());
    }

    /** The JCTools queue made for this many producers and consumers. */
    private static MessagePassingQueue<Long> jctools(int producers, int consumers) {
        if (producers == 1 && consumers == 1) {
            return new SpscArrayQueue<>(CAPACITY);
        }
        if (consumers == 1) {
            return new MpscArrayQueue<>(CAPACITY);
        }
        return new MpmcArrayQueue<>(CAPACITY);
    }

    private static final class OfChannel extends Transport {
        private final Channel<Long> channel;

        OfChannel(Channel<Long> channel) {
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

    private static final class OfBlockingQueue extends Transport {
        private final BlockingQueue<Long> queue;

        OfBlockingQueue(BlockingQueue<Long> queue) {
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

    /**
     * A JCTools queue, which cannot block: callers retry, either spinning or yielding the CPU
     * between attempts. Interrupts end the wait, so a collapsed run can be stopped.
     */
    private static final class OfJctools extends Transport {
        private final MessagePassingQueue<Long> queue;
        private final boolean yield;

        OfJctools(MessagePassingQueue<Long> queue, boolean yield) {
            this.queue = queue;
            this.yield = yield;
        }

        @Override
        void send(Long item) throws InterruptedException {
            while (!queue.relaxedOffer(item)) {
                idle();
            }
        }

        @Override
        Long take() throws InterruptedException {
            Long item;
            while ((item = queue.relaxedPoll()) == null) {
                idle();
            }
            return item;
        }

        private void idle() throws InterruptedException {
            if (yield) {
                Thread.yield();
            } else {
                Thread.onSpinWait();
            }
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
        }
    }
}
