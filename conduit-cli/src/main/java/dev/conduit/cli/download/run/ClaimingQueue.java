package dev.conduit.cli.download.run;

import dev.conduit.nats.NatsClaims;
import dev.conduit.workqueue.DeadLetter;
import dev.conduit.workqueue.Delivery;
import dev.conduit.workqueue.WorkQueue;
import dev.conduit.workqueue.WorkQueueStats;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A worker's view of a URL queue whose URLs are claimed across machines before they are downloaded,
 * so that a URL delivered twice is not downloaded twice. The claim is made by the download worker
 * that got the URL ({@link #claim}), in parallel with the others, not when the URL is taken: a claim
 * is a round trip to the broker. A URL some worker finished is acknowledged without a download; one
 * another worker holds goes back for a lease (if that worker finishes, its acknowledgement removes
 * the item; if it died, its claim lapses and a later delivery is ours); one this worker is on
 * already waits likewise. Every other method is the queue's.
 */
final class ClaimingQueue implements WorkQueue<String> {
    private final WorkQueue<String> queue;
    private final NatsClaims claims;
    private final String owner;
    /** The deliveries handed out and not settled, by URL: what {@link #claim} answers for. */
    private final Map<String, Claimable> handedOut = new ConcurrentHashMap<>();
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
            Delivery<String> d = handOut(queue.take());
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
            Delivery<String> mine = handOut(d);
            if (mine != null) {
                return mine;
            }
        }
    }

    /** @return the delivery to hand out, or {@code null} if this worker is on its URL already (it waits a lease) */
    private Delivery<String> handOut(Delivery<String> d) {
        Claimable c = new Claimable(d);
        if (handedOut.putIfAbsent(d.item(), c) != null) {
            d.retry(queue.lease(), "in progress on worker " + owner);
            avoided.incrementAndGet();
            return null;
        }
        return c;
    }

    /**
     * Claims a URL handed out by this queue, on the calling (download) thread.
     *
     * @param url the URL, as the delivery's item
     * @return {@code true} to download it; {@code false} if it was answered (finished or held
     *         elsewhere): the delivery is settled, and its later {@code done} changes nothing
     */
    boolean claim(String url) {
        Claimable c = handedOut.get(url);
        if (c == null) {
            return true;   // not from a queue delivery
        }
        NatsClaims.Claim claim = claims.claim(url, owner);
        switch (claim.outcome()) {
            case MINE -> {
                return true;
            }
            case FINISHED -> c.answer(() -> c.d.done());
            case OTHERS -> c.answer(() -> c.d.retry(queue.lease(), "claimed by worker " + claim.holder()));
        }
        avoided.incrementAndGet();
        return false;
    }

    /** A delivery whose URL is claimed when its download starts: settling it settles the claim too. */
    private final class Claimable implements Delivery<String> {
        private final Delivery<String> d;
        private final AtomicBoolean answered = new AtomicBoolean();

        Claimable(Delivery<String> d) {
            this.d = d;
        }

        void answer(Runnable settle) {
            answered.set(true);
            handedOut.remove(d.item(), this);
            settle.run();
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
            if (!answered.get()) {
                claims.finished(d.item(), owner);
                handedOut.remove(d.item(), this);
                d.done();
            }
        }

        @Override
        public void retry(Duration delay, String reason) {
            if (!answered.get()) {
                claims.release(d.item(), owner);
                handedOut.remove(d.item(), this);
                d.retry(delay, reason);
            }
        }

        @Override
        public void dead(String reason) {
            if (!answered.get()) {
                claims.finished(d.item(), owner);
                handedOut.remove(d.item(), this);
                d.dead(reason);
            }
        }

        @Override
        public void keepAlive() {
            if (!answered.get()) {
                d.keepAlive();
            }
        }

        @Override
        public boolean isSettled() {
            return answered.get() || d.isSettled();
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
