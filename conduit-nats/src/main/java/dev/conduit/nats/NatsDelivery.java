package dev.conduit.nats;

import dev.conduit.workqueue.Delivery;
import io.nats.client.Message;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One JetStream message handed to a worker. Settling maps to JetStream's acknowledgements:
 * done = {@code +ACK}, retry = {@code -NAK} with a delay, dead = a dead letter stored first, then
 * {@code +TERM}; keep-alive = {@code +WPI}. Acknowledgements go out asynchronously; the queue
 * re-sends recent ones after a reconnect ({@link NatsWorkQueue#acked}).
 */
final class NatsDelivery<T> implements Delivery<T> {
    private final NatsWorkQueue<T> queue;
    final Message message;
    private final T item;
    private final long id;
    private final int count;
    private final AtomicBoolean settled = new AtomicBoolean();
    /** Set when a taker got it: from then on its lease is the taker's, not the prefetch buffer's. */
    volatile boolean taken;

    NatsDelivery(NatsWorkQueue<T> queue, Message message, T item, long id, int count) {
        this.queue = queue;
        this.message = message;
        this.item = item;
        this.id = id;
        this.count = count;
    }

    @Override
    public T item() {
        return item;
    }

    @Override
    public long id() {
        return id;
    }

    @Override
    public int deliveryCount() {
        return count;
    }

    @Override
    public void done() {
        settle("done");
        queue.acked(message);
    }

    @Override
    public void retry(Duration delay, String reason) {
        Objects.requireNonNull(delay, "delay");
        settle("retried");
        if (count >= queue.maxDeliveries()) {
            queue.bury(message, id, count, reason);
        } else {
            queue.send(() -> message.nakWithDelay(delay.isNegative() ? Duration.ZERO : delay));
        }
    }

    @Override
    public void dead(String reason) {
        Objects.requireNonNull(reason, "reason");
        settle("dead");
        queue.bury(message, id, count, reason);
    }

    @Override
    public void keepAlive() {
        if (!settled.get()) {
            queue.send(message::inProgress);
        }
    }

    @Override
    public boolean isSettled() {
        return settled.get();
    }

    private void settle(String how) {
        if (!settled.compareAndSet(false, true)) {
            throw new IllegalStateException("delivery " + id + " (#" + count + ") of work queue '" + queue.name()
                    + "' was already settled; cannot mark it " + how);
        }
    }

    @Override
    public String toString() {
        return "Delivery[" + queue.name() + " #" + id + ", delivery " + count + "]";
    }
}
