package dev.conduit.examples;

import dev.conduit.examples.QueueOrder.Job;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class QueueOrderTest {

    @Test
    void fifoLifoAndPriorityOrder() throws Exception {
        QueueOrder.Result r = QueueOrder.run(new Printed().out);

        assertThat(r.fifo()).containsExactly(1, 2, 3);
        assertThat(r.lifo()).containsExactly(3, 2, 1);
        assertThat(r.priority()).containsExactly(new Job(1, "high priority"),
                new Job(2, "medium priority, sent first"), new Job(2, "medium priority, sent second"),
                new Job(3, "low priority"));
        assertThat(r.ok()).isTrue();
    }
}
