package dev.conduit.pipeline.internal;

/**
 * 64 bytes laid out before a {@link WorkerProbe}'s counters (a superclass's fields come first), so
 * that the counters of probes allocated one after another, which different threads write on every
 * item, never share a cache line.
 */
abstract class ProbePadding {
    long p01, p02, p03, p04, p05, p06, p07, p08;
}
