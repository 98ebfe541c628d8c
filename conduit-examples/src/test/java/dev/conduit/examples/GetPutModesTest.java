package dev.conduit.examples;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class GetPutModesTest {

    @Test
    void eachModeAnswersAsDocumented() throws Exception {
        GetPutModes.Result r = GetPutModes.run(new Printed().out);

        assertThat(r.offerWhenFull()).isFalse();
        assertThat(r.timedOfferWhenFull()).isFalse();
        assertThat(r.timedOfferWaited()).isGreaterThanOrEqualTo(GetPutModes.TIMEOUT);
        assertThat(r.pollWhenEmpty()).isNull();
        assertThat(r.timedPollWhenEmpty()).isNull();
        assertThat(r.timedPollWaited()).isGreaterThanOrEqualTo(GetPutModes.TIMEOUT);
        assertThat(r.blockingTakeGot()).isEqualTo("late");
        assertThat(r.blockingPutDelivered()).isEqualTo("waited");
        assertThat(r.offerAfterClose()).isEqualTo("ChannelClosedException");
        assertThat(r.takeAfterClose()).isEqualTo("ChannelClosedException");
        assertThat(r.pollAfterClose()).isNull();
        assertThat(r.interruptedTake()).isEqualTo("InterruptedException");
        assertThat(r.ok()).isTrue();
    }
}
