package dev.conduit.channel;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ChannelStatsTextTest {

    @Test
    void readsAsAPersonWouldWithDurationsInTheirUnits() {
        ChannelStats stats = new ChannelStats("downloads", 16, 3, 16, 1000, 997, 0, 1_240_000_000L, 12_000_000L);
        assertThat(stats).hasToString("downloads: capacity 16, size 3 (peak 16), sent 1000, received 997, dropped 0,"
                + " put blocked 1.24 s, take starved 12.0 ms");
    }

    @Test
    void namesUnboundedAndRendezvousAndSpansEveryUnit() {
        assertThat(new ChannelStats("u", Integer.MAX_VALUE, 0, 0, 0, 0, 0, 999, 1_500).toString())
                .startsWith("u: unbounded,").endsWith("put blocked 999 ns, take starved 1.50 us");
        assertThat(new ChannelStats("r", 0, 0, 0, 0, 0, 0, 125_000_000_000L, 250_000_000L).toString())
                .startsWith("r: rendezvous,").endsWith("put blocked 2 min 5 s, take starved 250 ms");
    }

    @Test
    void aLiveChannelsStatsSayWhatItDid() throws InterruptedException {
        Channel<Integer> ch = Channel.<Integer>builder().capacity(4).name("jobs").build();
        ch.put(1);
        ch.put(2);
        ch.take();
        assertThat(ch.stats().toString()).startsWith("jobs: capacity 4, size 1 (peak 2), sent 2, received 1, dropped 0,");
    }
}
