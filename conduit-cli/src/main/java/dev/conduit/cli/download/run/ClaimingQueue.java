package dev.conduit.cli.download.run;

import dev.conduit.nats.NatsClaims;
import dev.conduit.workqueue.DeadLetter;
import dev.conduit.workqueue.Delivery;
import dev.conduit.workqueue.WorkQueue;
import dev.conduit.workqueue.WorkQueueStats;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A worker's view of a URL queue that claims each URL across machines before handing it out, so
 * that a URL delivered twice is not downloaded twice: a URL some worker finished is acknowledged
 * without a download; one another worker holds goes back for a lease (if that worker finishes, its
 * acknowledgement removes the item; if it died, its claim lapses and the next delivery is ours); one
 * this worker is on already waits likewise. Every other method is the queue's.
 */
final class ClaimingQueue implements WorkQueue<String> {
    private final WorkQueue<String> queue;
    private final NatsClaims claims;
    private final String owner;
    private final Set<String> here = ConcurrentHashMap.newKeySet();
    private final AtomicInteger avoided = new AtomicInteger();

    ClaimingQueue(WorkQueue<String> queue, NatsClaims claims, String owner) {
        this.queue = queue;
        this.claims = claims;
        this.owner = owner;
    }

    /** @return deliveries answered without a download: the URL was finished or held elsewhere */
    int duplicatesAvoided() {
        return avoided.get();
    }

    @Override
    public Delivery<String> take() throws InterruptedException {
        for (;;) {
            Delivery<String> d = claimed(queue.take());
            if (d != null) {
                return d;
            }
        }
    }

    @Override
    public Delivery<String> poll(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (;;) {
            Delivery<String> d = queue.poll(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
            if (d == null) {
                return null;
            }
            Delivery<String> mine = claimed(d);
            if (mine != null) {
                return mine;
            }
        }
    }

    /** @return the delivery if this worker should download its URL now, or {@code null} if it was answered */
    private Delivery<String> claimed(Delivery<String> d) {
        String url = d.item();
        if (here.contains(url)) {
            d.retry(queue.lease(), "in progress on worker " + owner);
            avoided.incrementAndGet();
            return null;
        }
        NatsClaims.Claim c = claims.claim(url, owner);
        switch (c.outcome()) {
            case MINE -> {
                here.add(url);
                return new Claimed(d);
            }
            case FINISHED -> d.done();
            case OTHERS -> d.retry(queue.lease(), "claimed by worker " + c.holder());
        }
        avoided.incrementAndGet();
        return null;
    }

    /** A delivery whose URL this worker claimed: settling it settles the claim too. */
    private final class Claimed implements Delivery<String> {
        private final Delivery<String> d;

        Claimed(Delivery<String> d) {
            this.d = d;
        }

        @Override
        public String item() {
            return d.item();
        }

        @Override
        public long id() {
            return d.id();
        }

        @Override
        public int deliveryCount() {
            return d.deliveryCount();
        }

        @Override
        public void done() {
            claims.finished(d.item(), owner);
            here.remove(d.item());
            d.done();
        }

        @Override
        public void retry(Duration delay, String reason) {
            claims.release(d.item(), owner);
            here.remove(d.item());
            d.retry(delay, reason);
        }

        @Override
        public void dead(String reason) {
            claims.finished(d.item(), owner);
            here.remove(d.item());
            d.dead(reason);
        }

        @Override
        public void keepAlive() {
            d.keepAlive();
        }

        @Override
        public boolean isSettled() {
            return d.isSettled();
        }
    }

    // ---------------------------------------------------------------- the rest is the queue's

    @Override
    public String name() {
        return queue.name();
    }

    @Override
    public void put(String item) throws InterruptedException {
        queue.put(item);
    }

    @Override
    public boolean offer(String item, Duration timeout) throws InterruptedException {
        return queue.offer(item, timeout);
    }

    @Override
    public void close() {
        queue.close();
    }

    @Override
    public void close(Throwable cause) {
        queue.close(cause);
    }

    @Override
    public long cancel(Consumer<? super String> undelivered) {
        return queue.cancel(undelivered);
    }

    @Override
    public boolean isClosedForSend() {
        return queue.isClosedForSend();
    }

    @Override
    public boolean isClosedForReceive() {
        return queue.isClosedForReceive();
    }

    @Override
    public long unfinishedTasks() {
        return queue.unfinishedTasks();
    }

    @Override
    public boolean awaitTasks(Duration timeout) throws InterruptedException {
        return queue.awaitTasks(timeout);
    }

    @Override
    public WorkQueueStats stats() {
        return queue.stats();
    }

    @Override
    public void forEachDeadLetter(Consumer<? super DeadLetter<String>> action) {
        queue.forEachDeadLetter(action);
    }

    @Override
    public Duration lease() {
        return queue.lease();
    }

    @Override
    public int maxDeliveries() {
        return queue.maxDeliveries();
    }
}
