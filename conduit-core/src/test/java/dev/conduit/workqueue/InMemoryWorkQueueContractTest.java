package dev.conduit.workqueue;

import dev.conduit.workqueue.contract.WorkQueueContract;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The contract, against the in-memory model. */
class InMemoryWorkQueueContractTest extends WorkQueueContract {
    private final Map<String, WorkQueue<String>> queues = new ConcurrentHashMap<>();

    @Override
    protected WorkQueue<String> open(String name, WorkQueueOptions options) {
        return queues.computeIfAbsent(name, n -> new InMemoryWorkQueue<>(n, CODEC, options));
    }

    @Override
    protected Duration lease() {
        return Duration.ofMillis(200);
    }
}
