package dev.conduit.examples;

import org.junit.jupiter.api.Test;

import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class TaskTrackingTest {

    @Test
    void awaitTasksReturnsOnlyOnceEveryItemIsHandledAndThenEveryWorkerStops() throws Exception {
        TaskTracking.Result r = TaskTracking.run(new Printed().out);

        assertThat(r.handledWhenAwaitReturned()).isEqualTo(TaskTracking.ITEMS);
        assertThat(r.handledItems()).containsExactlyElementsOf(IntStream.range(0, TaskTracking.ITEMS).boxed().toList());
        assertThat(r.perWorker()).hasSize(TaskTracking.WORKERS);
        assertThat(r.workersJoined()).isEqualTo(TaskTracking.WORKERS);
        assertThat(r.ok()).isTrue();
    }
}
