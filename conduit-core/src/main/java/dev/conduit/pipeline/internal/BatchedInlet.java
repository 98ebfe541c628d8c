package dev.conduit.pipeline.internal;

import dev.conduit.channel.ChannelClosedException;

import java.util.ArrayList;
import java.util.List;

/** The consuming worker's side of a {@link BatchedLink}: takes arrays and hands out their items. */
final class BatchedInlet implements Inlet {
    private final BatchedLink link;
    private Object[] batch;
    private int next;

    BatchedInlet(BatchedLink link) {
        this.link = link;
    }

    @Override
    public Object poll() {
        Object item = fromBatch();
        if (item != null) {
            return item;
        }
        Object[] b = (Object[]) link.channel.poll();
        return b == null ? null : start(b);
    }

    @Override
    public Object take() throws Exception {
        Object item = fromBatch();
        if (item != null) {
            return item;
        }
        link.consumerWaiting = true;
        try {
            return start((Object[]) link.channel.take());
        } catch (ChannelClosedException closed) {
            if (closed.getCause() == null && !closed.wasCancelled()) {
                throw EndOfInput.INSTANCE;
            }
            throw closed;
        } finally {
            link.consumerWaiting = false;
        }
    }

    private Object fromBatch() {
        if (batch != null && next < batch.length) {
            Object item = batch[next];
            if (item != null) {
                batch[next++] = null;
                return item;
            }
        }
        batch = null;
        return null;
    }

    private Object start(Object[] b) {
        int n = 0;
        while (n < b.length && b[n] != null) {
            n++;
        }
        link.received(n);
        batch = b;
        next = 1;
        Object first = b[0];
        b[0] = null;
        return first;
    }

    @Override
    public List<Object> held() {
        List<Object> rest = new ArrayList<>();
        if (batch != null) {
            for (int i = next; i < batch.length && batch[i] != null; i++) {
                rest.add(batch[i]);
            }
        }
        return rest;
    }

    @Override
    public String channelName() {
        return link.channel.name();
    }
}
