/**
 * Conduit: channels, select, synchronisation helpers, worker pools and pipelines for passing data
 * between threads. No runtime dependencies beyond {@code java.base}: {@code jdk.jfr} is read only if
 * it is there, for the Flight Recorder events (see {@code docs/FLIGHT-RECORDER.md}).
 */
module dev.conduit.core {
    requires static jdk.jfr;

    exports dev.conduit.channel;
    exports dev.conduit.flow;
    exports dev.conduit.pipeline;
    exports dev.conduit.pool;
    exports dev.conduit.sync;
    exports dev.conduit.workqueue;
}
