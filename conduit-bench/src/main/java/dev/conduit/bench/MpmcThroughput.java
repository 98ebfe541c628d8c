package dev.conduit.bench;

/** MPMC: two producers, two consumers: see {@link ThroughputBenchmark}. */
public class MpmcThroughput extends ThroughputBenchmark {
    @Override
    protected int producers() {
        return 2;
    }

    @Override
    protected int consumers() {
        return 2;
    }
}
