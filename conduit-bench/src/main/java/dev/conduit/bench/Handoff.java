package dev.conduit.bench;

import dev.conduit.channel.Channel;

import java.util.concurrent.BlockingQueue;

/** The two operations a throughput benchmark needs, over any blocking queue or channel. */
interface Handoff {
    void put(Long item) throws InterruptedException;

    Long take() throws InterruptedException;

    static Handoff of(Channel<Long> channel) {
        return new Handoff() {
            @Override public void put(Long item) throws InterruptedException { channel.put(item); }
            @Override public Long take() throws InterruptedException { return channel.take(); }
        };
    }

    static Handoff of(BlockingQueue<Long> queue) {
        return new Handoff() {
            @Override public void put(Long item) throws InterruptedException { queue.put(item); }
            @Override public Long take() throws InterruptedException { return queue.take(); }
        };
    }
}
