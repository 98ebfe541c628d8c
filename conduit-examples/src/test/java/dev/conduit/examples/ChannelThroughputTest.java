package dev.conduit.examples;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ChannelThroughputTest {

    @Test
    void everyItemArrivesOnceWithTheRightChecksum() throws Exception {
        Printed printed = new Printed();
        ChannelThroughput.Result r = ChannelThroughput.run(3, 2, 5_000, 8, printed.out);

        assertThat(r.expected()).isEqualTo(15_000);
        assertThat(r.received()).isEqualTo(15_000);
        assertThat(r.checksumOk()).isTrue();
        assertThat(r.stats().sent()).isEqualTo(15_000);
        assertThat(r.stats().peakSize()).isBetween(1, 8);
        assertThat(printed.text()).contains("checksum ok");
        assertThat(r.ok()).isTrue();
    }

    @Test
    void aRendezvousChannelWorksToo() throws Exception {
        assertThat(ChannelThroughput.run(1, 1, 500, 0, new Printed().out).ok()).isTrue();
    }

    @Test
    void badCountsAreRejectedNamingThem() {
        assertThatThrownBy(() -> ChannelThroughput.run(0, 1, 1, 1, new Printed().out))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("producers");
    }
}
