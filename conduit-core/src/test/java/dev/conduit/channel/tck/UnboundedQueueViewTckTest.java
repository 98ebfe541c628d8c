package dev.conduit.channel.tck;

import dev.conduit.channel.Channel;

import java.util.concurrent.BlockingQueue;

/** The TCK's queue tests on the view of an unbounded channel (the lock-based channel). */
class UnboundedQueueViewTckTest extends QueueCollectionContract {
    @Override
    BlockingQueue<Integer> newQueue(int capacity) {
        return Channel.<Integer>unbounded().asBlockingQueue();
    }

    @Override
    boolean bounded() {
        return false;
    }
}
