package dev.conduit.pipeline.internal;

import dev.conduit.workqueue.Delivery;
import dev.conduit.workqueue.LeaseKeeper;
import dev.conduit.workqueue.WorkQueue;
import dev.conduit.workqueue.WorkQueueStats;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The source inlet over a {@link WorkQueue}: hands out each delivery's item with a {@link Receipt}
 * that settles the delivery when the pipeline is done with the item, and keeps the leases of the
 * deliveries the run holds alive meanwhile ({@link LeaseKeeper}). One worker only.
 *
 * <p>The input ends when the queue is closed, nothing is queued and nothing is in flight but this
 * run's own deliveries: those cannot come back through this inlet, and waiting for them would
 * deadlock a stage that holds items until the end (a {@code batch}). Items in flight elsewhere (a
 * worker that died, whose lease has not run out) keep the inlet waiting. A cancelled queue counts
 * nothing queued or in flight, so it ends the input too; the run's late settlements change nothing.
 */
final class QueueInlet implements Inlet {
    private static final Duration SLICE = Duration.ofMillis(200);
    private static final System.Logger LOG = System.getLogger(QueueInlet.class.getName());

    private final WorkQueue<?> queue;
    private final AtomicLong own = new AtomicLong();
    private final AtomicBoolean ended = new AtomicBoolean();
    private LeaseKeeper keeper;

    QueueInlet(WorkQueue<?> queue) {
        this.queue = queue;
    }

    /** Never an item without waiting: the queue is another process's to fill. */
    @Override
    public Object poll() {
        return null;
    }

    @Override
    public Object take() throws Exception {
        try {
            for (;;) {
                Delivery<?> d = queue.poll(SLICE);
                if (d != null) {
                    own.incrementAndGet();
                    keeper().hold(d);
                    return new Receipt.Carried(d.item(), new DeliveryReceipt(d));
                }
                if (queue.isClosedForSend()) {
                    WorkQueueStats s = queue.stats();
                    if (s.queued() == 0 && s.inFlight() <= own.get()) {
                        throw EndOfInput.INSTANCE;
                    }
                }
            }
        } catch (Exception | Error e) {
            end();
            throw e;
        }
    }

    private LeaseKeeper keeper() {
        if (keeper == null) {
            keeper = LeaseKeeper.start("pipeline-source-" + queue.name() + "-leases", queue.lease());
        }
        return keeper;
    }

    /** The input ended: stop keeping leases once the run's last delivery is settled. */
    private void end() {
        ended.set(true);
        maybeStopKeeper();
    }

    private void settled() {
        own.decrementAndGet();
        maybeStopKeeper();
    }

    private void maybeStopKeeper() {
        LeaseKeeper k = keeper;
        if (k != null && ended.get() && own.get() == 0) {
            k.close();
        }
    }

    @Override
    public String channelName() {
        return "queue '" + queue.name() + "'";
    }

    /** Settles one delivery once; a store that cannot be reached costs a redelivery, never the item. */
    private final class DeliveryReceipt implements Receipt {
        private final Delivery<?> delivery;
        private final AtomicBoolean settled = new AtomicBoolean();

        DeliveryReceipt(Delivery<?> delivery) {
            this.delivery = delivery;
        }

        @Override
        public void done() {
            settle(delivery::done, "done");
        }

        @Override
        public void failed(String reason) {
            settle(() -> delivery.dead(reason), "dead");
        }

        @Override
        public void released(String reason) {
            settle(() -> delivery.retry(Duration.ZERO, reason), "released");
        }

        private void settle(Runnable how, String what) {
            if (!settled.compareAndSet(false, true)) {
                return;
            }
            try {
                how.run();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "could not mark " + delivery + " " + what
                        + "; it will be delivered again after its lease: " + e);
            } finally {
                settled();
            }
        }
    }
}
