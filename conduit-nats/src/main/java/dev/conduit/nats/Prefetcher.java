package dev.conduit.nats;

import dev.conduit.workqueue.Delivery;
import dev.conduit.workqueue.LeaseKeeper;
import io.nats.client.ConsumerContext;
import io.nats.client.FetchConsumeOptions;
import io.nats.client.FetchConsumer;
import io.nats.client.Message;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Pulls messages from the queue's durable consumer into a small local buffer that takers read with
 * their own timeouts. One platform thread per handle, started by the first take.
 *
 * <p>Why a thread and a buffer: a JetStream fetch cannot be waited on with an arbitrary timeout, and
 * messages that sit in a client's buffer have their lease running. So this thread fetches only as
 * many messages as the buffer has room for ({@code room} permits, once half of it is free), and a {@link LeaseKeeper} keeps
 * the lease of every buffered message alive until a taker takes it; from then on it is the taker's.
 * Fetch failures (a restarting broker, a lost connection) are retried with backoff for as long as
 * the handle lives: a worker never stops because the broker went away for a moment.
 */
final class Prefetcher<T> implements Runnable {
    private static final long FETCH_EXPIRY_MS = 2_000;

    private final NatsWorkQueue<T> queue;
    private final ConsumerContext consumer;
    private final ArrayBlockingQueue<NatsDelivery<T>> buffer;
    private final Semaphore room;
    /** How many free places the buffer needs before the next fetch: half of it. */
    private final int refill;
    private final LeaseKeeper keeper;
    private final Thread thread;
    private volatile boolean stopped;

    Prefetcher(NatsWorkQueue<T> queue, ConsumerContext consumer, int size, Duration lease) {
        this.queue = queue;
        this.consumer = consumer;
        this.buffer = new ArrayBlockingQueue<>(size);
        this.room = new Semaphore(size);
        this.refill = Math.max(1, size / 2);
        this.keeper = LeaseKeeper.start("conduit-nats-" + queue.name() + "-prefetch-lease", lease);
        this.thread = Thread.ofPlatform().name("conduit-nats-" + queue.name() + "-prefetch").daemon().unstarted(this);
        thread.start();
    }

    /** @return the next buffered delivery within {@code nanos}, or {@code null} */
    NatsDelivery<T> poll(long nanos) throws InterruptedException {
        NatsDelivery<T> d = buffer.poll(nanos, TimeUnit.NANOSECONDS);
        if (d != null) {
            d.taken = true;
            room.release();
        }
        return d;
    }

    boolean isEmpty() {
        return buffer.isEmpty();
    }

    @Override
    public void run() {
        long backoff = 10;
        while (!stopped) {
            int asked = 0;
            int kept = 0;
            try {
                // Refill by halves: a fetch per message or two (a busy consumer that keeps the
                // buffer nearly full) cost a round trip each and held one worker to ~550 URLs/s.
                room.acquire(refill);
                asked = refill + room.drainPermits();
                FetchConsumer fetch = consumer.fetch(FetchConsumeOptions.builder()
                        .maxMessages(asked).expiresIn(FETCH_EXPIRY_MS).build());
                Message m;
                while (!stopped && kept < asked && (m = fetch.nextMessage()) != null) {
                    NatsDelivery<T> d = queue.received(m);
                    if (d != null) {
                        keeper.hold(new BufferedLease(d));
                        buffer.add(d);
                        kept++;
                    }
                }
                backoff = 10;
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                // the broker is restarting or the connection is lost: try again shortly
                if (stopped) {
                    return;
                }
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException stop) {
                    return;
                }
                backoff = Math.min(1_000, backoff * 2);
            } finally {
                if (asked > kept) {
                    room.release(asked - kept);
                }
            }
        }
    }

    /** Stops fetching; @return the deliveries still buffered, not taken by anyone */
    List<NatsDelivery<T>> stop() {
        stopped = true;
        thread.interrupt();
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        keeper.close();
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        List<NatsDelivery<T>> left = new ArrayList<>();
        buffer.drainTo(left);
        return left;
    }

    /** The lease of a buffered delivery, kept alive until a taker takes it. */
    private record BufferedLease(NatsDelivery<?> delivery) implements Delivery<Object> {
        @Override
        public Object item() {
            return delivery.item();
        }

        @Override
        public long id() {
            return delivery.id();
        }

        @Override
        public int deliveryCount() {
            return delivery.deliveryCount();
        }

        @Override
        public void done() {
            throw new UnsupportedOperationException();
        }

        @Override
        public void retry(Duration delay, String reason) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void dead(String reason) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void keepAlive() {
            delivery.keepAlive();
        }

        @Override
        public boolean isSettled() {
            return delivery.taken || delivery.isSettled();
        }
    }
}
