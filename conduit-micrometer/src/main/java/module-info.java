/**
 * Micrometer meters for Conduit: {@link dev.conduit.micrometer.ChannelMetrics} for a channel and
 * {@link dev.conduit.micrometer.PipelineMetrics} for a running pipeline, both {@code MeterBinder}s
 * whose meters read the statistics Conduit already keeps, so binding them costs the channel and the
 * pipeline nothing.
 */
// micrometer-core is an automatic module (micrometer.core); its types are in this module's API,
// so users must read it: requiring it transitively is right, and javac's warning about it is not.
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"})
module dev.conduit.micrometer {
    requires transitive dev.conduit.core;
    requires transitive micrometer.core;

    exports dev.conduit.micrometer;
}
