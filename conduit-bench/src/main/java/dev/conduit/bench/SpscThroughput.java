package dev.conduit.bench;

/** SPSC: one producer, one consumer: see {@link ThroughputBenchmark}. */
public class SpscThroughput extends ThroughputBenchmark {
    @Override
    protected int producers() {
        return 1;
    }

    @Override
    protected int consumers() {
        return 1;
    }
}
