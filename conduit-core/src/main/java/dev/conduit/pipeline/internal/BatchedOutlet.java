package dev.conduit.pipeline.internal;

import java.util.Arrays;
import java.util.List;

/** One producing worker's side of a {@link BatchedLink}: fills an array, sends it as one channel item. */
final class BatchedOutlet implements Outlet {
    private final BatchedLink link;
    private Object[] batch;
    private int size;

    BatchedOutlet(BatchedLink link) {
        this.link = link;
        this.batch = new Object[link.batch];
    }

    @Override
    public boolean offer(Object item) {
        if (size == batch.length && !tryFlush()) {
            return false;
        }
        batch[size++] = item;
        if (size == batch.length) {
            tryFlush();
        }
        return true;
    }

    @Override
    public void put(Object item) throws InterruptedException {
        if (size == batch.length) {
            flush();
        }
        batch[size++] = item;
    }

    @Override
    public boolean wantsFlush() {
        return size > 0 && link.consumerWaiting;
    }

    @Override
    public boolean tryFlush() {
        if (size == 0) {
            return true;
        }
        Object[] out = packed();
        if (!link.channel.offer(out)) {
            return false;
        }
        sent();
        return true;
    }

    @Override
    public void flush() throws InterruptedException {
        if (size > 0) {
            link.channel.put(packed());
            sent();
        }
    }

    /** @return the items kept back, in an array of their number (the consumer owns it from now on) */
    private Object[] packed() {
        return size == batch.length ? batch : Arrays.copyOf(batch, size);
    }

    private void sent() {
        link.sent(size);
        if (link.consumerWaiting) {
            // It has something to wake up to now; let the next items gather into a batch meanwhile,
            // instead of following one by one while it is still waking up.
            link.consumerWaiting = false;
        }
        if (size == batch.length) {
            batch = new Object[link.batch];
        } else {
            Arrays.fill(batch, 0, size, null);   // the copy went out; drop our references
        }
        size = 0;
    }

    @Override
    public List<Object> held() {
        return Arrays.asList(batch).subList(0, size);
    }

    @Override
    public void close() {
        link.channel.close();
    }

    @Override
    public String channelName() {
        return link.channel.name();
    }
}
