package dev.conduit.examples;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class EventAndConditionTest {

    @Test
    void theSignalAndTheDataArriveAfterTheyAreSentAndTheEventCanBeReset() throws Exception {
        EventAndCondition.Result r = EventAndCondition.run(new Printed().out);

        assertThat(r.timeline()).containsSubsequence("waiting for signal...", "signal received");
        assertThat(r.timeline()).containsSubsequence("sending signal", "signal received");
        assertThat(r.timeline()).containsSubsequence("data ready", "data consumed: 42");
        assertThat(r.timedWaitBeforeSet()).isFalse();
        assertThat(r.setBeforeWaitSeen()).isTrue();
        assertThat(r.setAfterClear()).isFalse();
        assertThat(r.consumerSaw()).isEqualTo("42");
        assertThat(r.ok()).isTrue();
    }
}
