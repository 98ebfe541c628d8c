package dev.conduit.examples;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PerThreadDataTest {

    @Test
    void eachThreadSeesItsOwnValueAndGetsOneConnection() throws Exception {
        Printed printed = new Printed();
        PerThreadData.Result r = PerThreadData.run(printed.out);

        assertThat(r.namesSeen()).containsEntry("Worker-0", "Worker-0").containsEntry("Worker-1", "Worker-1")
                .containsEntry("Worker-2", "Worker-2").hasSize(3);
        assertThat(r.connectionsCreated()).isEqualTo(3);
        assertThat(r.sameConnectionTwice()).isTrue();
        assertThat(r.poolThreadsUsed()).isBetween(1, PerThreadData.POOL_THREADS);
        assertThat(r.poolConnections()).isEqualTo(r.poolThreadsUsed()); // per pool thread, not per task
        assertThat(printed.text()).contains("created connection for Thread-0", "from the connection of Thread-2");
        assertThat(r.ok()).isTrue();
    }
}
