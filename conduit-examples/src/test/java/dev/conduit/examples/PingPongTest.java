package dev.conduit.examples;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PingPongTest {

    @Test
    void everyStepOfBothLayoutsIsCountedOnceAndEachThreadAccountsForItsTime() throws Exception {
        PingPong.Result r = PingPong.run(new Printed().out);

        for (PingPong.Run run : List.of(r.twoQueues(), r.oneSharedQueue())) {
            assertThat(run.steps()).as(run.layout()).isPositive();
            // the list started as [1, 2, 3] and every step added one to each element
            assertThat(run.list()).as(run.layout())
                    .containsExactly(1 + (int) run.steps(), 2 + (int) run.steps(), 3 + (int) run.steps());
            assertThat(run.threads()).extracting(PingPong.ThreadTimes::thread).containsExactly("passer-0", "passer-1");
            assertThat(run.threads().stream().mapToLong(PingPong.ThreadTimes::steps).sum()).isEqualTo(run.steps());
            assertThat(run.threads()).allSatisfy(t -> {
                assertThat(t.busy().isNegative()).isFalse();
                assertThat(t.waiting().isNegative()).isFalse();
            });
        }
        // With two queues the list must cross to the other thread at every step: they alternate.
        List<PingPong.ThreadTimes> two = r.twoQueues().threads();
        assertThat(Math.abs(two.get(0).steps() - two.get(1).steps())).isLessThanOrEqualTo(1);
        assertThat(r.ok()).isTrue();
    }
}
