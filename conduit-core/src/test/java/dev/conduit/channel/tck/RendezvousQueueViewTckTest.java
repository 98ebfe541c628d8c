package dev.conduit.channel.tck;

import dev.conduit.channel.Channel;

import java.util.concurrent.BlockingQueue;

/** The TCK's BlockingQueue contract on the view of a rendezvous channel, which, like SynchronousQueue, holds nothing. */
class RendezvousQueueViewTckTest extends BlockingQueueContract {
    @Override
    BlockingQueue<Object> emptyCollection() {
        return Channel.rendezvous().asBlockingQueue();
    }
}
