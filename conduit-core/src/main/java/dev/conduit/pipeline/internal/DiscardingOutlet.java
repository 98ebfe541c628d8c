package dev.conduit.pipeline.internal;

/** The outlet of a sink stage, which emits nothing. */
final class DiscardingOutlet implements Outlet {
    @Override
    public boolean offer(Object item) {
        throw new IllegalStateException("a sink stage emits nothing, but emitted " + item);
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
}
