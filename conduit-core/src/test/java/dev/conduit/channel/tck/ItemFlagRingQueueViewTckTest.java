package dev.conduit.channel.tck;

import dev.conduit.channel.Channel;

import java.util.concurrent.BlockingQueue;

/**
 * The TCK's queue tests on the view of the ring's item-flag variant ({@code singleConsumer()}),
 * where a slot's item is its state; some tests receive from two threads, which the hint allows at
 * the cost of speed only.
 */
class ItemFlagRingQueueViewTckTest extends QueueCollectionContract {
    @Override
    BlockingQueue<Integer> newQueue(int capacity) {
        return Channel.<Integer>builder().capacity(capacity).singleConsumer().build().asBlockingQueue();
    }

    @Override
    boolean bounded() {
        return true;
    }
}
