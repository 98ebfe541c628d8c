package dev.conduit.pipeline.internal;

import dev.conduit.channel.ChannelClosedException;

import java.util.Iterator;
import java.util.Objects;

/**
 * The source of a loop: the items fed back first, then the seeds; once both are used up it waits
 * for more to be fed back, until {@link Loop} closes the feedback channel. One worker only.
 */
final class LoopInlet implements Inlet {
    private final Iterator<?> seeds;
    private final Loop loop;
    private boolean seedsLeft = true;

    LoopInlet(Iterator<?> seeds, Loop loop) {
        this.seeds = seeds;
        this.loop = loop;
    }

    @Override
    public Object poll() {
        Object item = loop.feedback.poll();
        if (item != null || !seedsLeft) {
            return item;
        }
        if (seeds.hasNext()) {
            Object seed = Objects.requireNonNull(seeds.next(), "the source produced a null item");
            loop.seedRead();
            return seed;
        }
        seedsLeft = false;
        loop.seedsExhausted();
        return null;
    }

    @Override
    public Object take() throws Exception {
        Object item = poll();
        if (item != null) {
            return item;
        }
        try {
            return loop.feedback.take();
        } catch (ChannelClosedException closed) {
            if (!closed.wasCancelled()) {
                throw EndOfInput.INSTANCE; // the loop ended: nothing queued or in flight
            }
            throw closed;
        }
    }

    @Override
    public String channelName() {
        return loop.feedback.name();
    }
}
