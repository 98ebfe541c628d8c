/**
 * Conduit: channels, select, synchronisation helpers, worker pools and pipelines for passing data
 * between threads. No runtime dependencies beyond {@code java.base}.
 */
module dev.conduit.core {
    exports dev.conduit.channel;
    exports dev.conduit.flow;
    exports dev.conduit.pipeline;
    exports dev.conduit.pool;
    exports dev.conduit.sync;
    exports dev.conduit.workqueue;
}
