package dev.conduit.bench;

import com.lmax.disruptor.BlockingWaitStrategy;
import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.YieldingWaitStrategy;
import com.lmax.disruptor.dsl.Disruptor;
import com.lmax.disruptor.dsl.ProducerType;

import java.util.concurrent.Semaphore;

/**
 * The LMAX Disruptor 4 as a transport. Its consumers are event handlers on threads of its own, so
 * {@link #receive} waits for handler number {@code consumer} to report a batch instead of taking
 * items itself. The Disruptor 4 has no WorkerPool: with several consumers each handler takes every
 * n-th sequence. Handler threads are pinned like consumer threads when pinning is on.
 */
final class DisruptorTransport extends Transport {
    /** The ring's slot: a reference to one of the benchmark's pre-boxed items. */
    static final class Slot {
        Long item;
    }

    /** Sums its share of the events and reports every {@code quota} of them. */
    private static final class Share implements EventHandler<Slot> {
        private final int index;
        private final int of;
        private final Semaphore batches = new Semaphore(0);
        private long count;
        private long sum;
        private final long quota;
        private volatile long reportedSum;

        Share(int index, int of, long quota) {
            this.index = index;
            this.of = of;
            this.quota = quota;
        }

        @Override
        public void onEvent(Slot slot, long sequence, boolean endOfBatch) {
            if (sequence % of != index) {
                return;
            }
            sum += slot.item;
            if (++count == quota) {
                reportedSum = sum;
                count = 0;
                sum = 0;
                batches.release(); // publishes reportedSum to the waiting receive()
            }
        }
    }

    private final Disruptor<Slot> disruptor;
    private final RingBuffer<Slot> ring;
    private final Share[] shares;

    /**
     * @param quota events per handler in one batch; {@link #receive} returns after each
     */
    DisruptorTransport(int producers, int consumers, boolean yielding, int quota) {
        disruptor = new Disruptor<>(Slot::new, CAPACITY, Pinning.threadFactory("disruptor-handler", producers),
                producers == 1 ? ProducerType.SINGLE : ProducerType.MULTI,
                yielding ? new YieldingWaitStrategy() : new BlockingWaitStrategy());
        shares = new Share[consumers];
        for (int i = 0; i < consumers; i++) {
            shares[i] = new Share(i, consumers, quota);
        }
        disruptor.handleEventsWith(shares);
        ring = disruptor.start();
    }

    @Override
    void send(Long item) {
        long seq = ring.next();
        try {
            ring.get(seq).item = item;
        } finally {
            ring.publish(seq);
        }
    }

    @Override
    Long take() {
        throw new UnsupportedOperationException("the Disruptor pushes to handlers; use receive()");
    }

    @Override
    long receive(int consumer, int count) throws InterruptedException {
        Share s = shares[consumer];
        s.batches.acquire();
        return s.reportedSum;
    }

    @Override
    void stop() {
        disruptor.halt();
    }
}
