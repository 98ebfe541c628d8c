package dev.conduit.pipeline.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Collects the last stage's results for {@code PipelineResult.outputs()}, in the order they were
 * emitted (which, for an ordered last stage, is input order). Never waits for room: the caller asked
 * for every output in memory.
 */
final class CollectingOutlet implements Outlet {
    private final ReentrantLock lock = new ReentrantLock();
    private final List<Object> items = new ArrayList<>();

    @Override
    public boolean offer(Object item) {
        lock.lock();
        try {
            items.add(item);
        } finally {
            lock.unlock();
        }
        return true;
    }

    @Override
    public void put(Object item) {
        offer(item);
    }

    @Override
    public void close() {
    }

    @Override
    public String channelName() {
        return null;
    }

    /** @return a copy of what was collected so far */
    List<Object> items() {
        lock.lock();
        try {
            return new ArrayList<>(items);
        } finally {
            lock.unlock();
        }
    }
}
