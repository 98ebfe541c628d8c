package dev.conduit.pipeline.internal;

import dev.conduit.workqueue.WorkQueue;

/**
 * Writes the last stage's results into a {@link WorkQueue}: each {@code put} returns once the store
 * has the item, so an item read from another queue is settled only after its result is stored (the
 * worker settles it after the emit). The queue is shared by other processes, so the end of the run
 * does not close it.
 */
final class QueueOutlet implements Outlet {
    private final WorkQueue<Object> queue;

    QueueOutlet(WorkQueue<Object> queue) {
        this.queue = queue;
    }

    /** A put waits for the store, so it is never one that "needs no waiting". */
    @Override
    public boolean offer(Object item) {
        return false;
    }

    @Override
    public void put(Object item) throws InterruptedException {
        queue.put(item);
    }

    @Override
    public void close() {
        // other processes may still be putting: closing the queue is its owner's call
    }

    @Override
    public String channelName() {
        return "queue '" + queue.name() + "'";
    }
}
