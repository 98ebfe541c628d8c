package dev.conduit.bench;

/** MPSC: two producers, one consumer: see {@link ThroughputBenchmark}. */
public class MpscThroughput extends ThroughputBenchmark {
    @Override
    protected int producers() {
        return 2;
    }

    @Override
    protected int consumers() {
        return 1;
    }
}
