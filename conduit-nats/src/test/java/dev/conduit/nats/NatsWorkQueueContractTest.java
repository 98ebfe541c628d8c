package dev.conduit.nats;

import dev.conduit.workqueue.WorkQueue;
import dev.conduit.workqueue.contract.WorkQueueContract;
import dev.conduit.workqueue.WorkQueueOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** The work-queue contract against a real nats-server of the test's own; every handle has its own connection. */
class NatsWorkQueueContractTest extends WorkQueueContract {
    private static NatsServer server;
    private static final List<NatsWorkQueue<?>> HANDLES = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void startServer() throws Exception {
        server = NatsServer.start();
    }

    @AfterAll
    static void stopServer() throws Exception {
        for (NatsWorkQueue<?> q : HANDLES) {
            q.disconnect();
        }
        server.close();
    }

    @Override
    protected WorkQueue<String> open(String name, WorkQueueOptions options) throws Exception {
        NatsWorkQueue<String> q = NatsWorkQueue.connect(server.address(name), CODEC, options);
        HANDLES.add(q);
        return q;
    }

    @Override
    protected Duration lease() {
        return Duration.ofMillis(1000);
    }
}
