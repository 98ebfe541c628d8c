package dev.conduit.channel.tck;

import dev.conduit.channel.Channel;

import java.util.concurrent.BlockingQueue;

/** The TCK's queue tests on the view of a bounded channel: the lock-free ring, default wait strategy. */
class RingQueueViewTckTest extends QueueCollectionContract {
    @Override
    BlockingQueue<Integer> newQueue(int capacity) {
        return Channel.<Integer>bounded(capacity).asBlockingQueue();
    }

    @Override
    boolean bounded() {
        return true;
    }
}
