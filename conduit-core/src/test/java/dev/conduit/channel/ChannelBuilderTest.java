package dev.conduit.channel;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The factories and the builder reject bad settings with errors that name the fault. */
class ChannelBuilderTest {

    @Test
    void factoriesMakeWhatTheySay() {
        assertThat(Channel.bounded(5).capacity()).isEqualTo(5);
        assertThat(Channel.unbounded().capacity()).isEqualTo(Integer.MAX_VALUE);
        assertThat(Channel.rendezvous().capacity()).isZero();
        assertThat(Channel.builder().build().capacity()).isEqualTo(ChannelBuilder.DEFAULT_CAPACITY);
        assertThat(Channel.builder().build().name()).isNotEqualTo(Channel.builder().build().name());
    }

    @Test
    void badSettingsAreRejectedNamingTheSetting() {
        assertThatThrownBy(() -> Channel.bounded(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("capacity").hasMessageContaining("-1");
        assertThatThrownBy(() -> Channel.bounded(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("rendezvous");
        assertThatThrownBy(() -> Channel.builder().capacity(-3)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-3");
        assertThatThrownBy(() -> Channel.builder().priority(null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("comparator");
        assertThatThrownBy(() -> Channel.builder().onFull(null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Channel.builder().name(" ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Channel.builder().onUndelivered(null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Channel.builder().capacity(0).onFull(Overflow.DROP_OLDEST).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("DROP_OLDEST");
        assertThatThrownBy(() -> Channel.<Integer>builder().capacity(0).lifo().build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("LIFO");
    }

    @Test
    void aConflatedChannelKeepsOnlyTheLatestValue() throws InterruptedException {
        List<Integer> dropped = Threads.syncList();
        Channel<Integer> latest = Channel.<Integer>builder().capacity(1).onFull(Overflow.DROP_OLDEST)
                .onUndelivered(dropped::add).build();
        for (int i = 1; i <= 5; i++) {
            latest.put(i);
        }
        assertThat(latest.take()).isEqualTo(5);
        assertThat(dropped).containsExactly(1, 2, 3, 4);
    }
}
