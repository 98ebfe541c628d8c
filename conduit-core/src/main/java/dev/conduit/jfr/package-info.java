/**
 * JDK Flight Recorder events of Conduit, not exported: {@code dev.conduit.ChannelWait} (a send or
 * receive that waited longer than a threshold), {@code dev.conduit.PipelineStall} (what the stall
 * watchdog found, one event per worker) and {@code dev.conduit.PipelineStage} (each stage's summary
 * when a run ends). A recording enables them by name; see {@code docs/FLIGHT-RECORDER.md}.
 *
 * <p>The module reads {@code jdk.jfr} only if it is there ({@code requires static}). The rest of
 * the library calls {@link dev.conduit.jfr.ConduitEvents}, whose signatures name no
 * {@code jdk.jfr} type; it touches the event classes (and so loads {@code jdk.jfr}) only when that
 * module is readable, so Conduit runs the same in a runtime image or module graph without it.
 */
package dev.conduit.jfr;
