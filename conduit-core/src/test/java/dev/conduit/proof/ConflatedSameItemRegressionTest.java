package dev.conduit.proof;

import dev.conduit.channel.Channel;
import dev.conduit.channel.Overflow;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Regression, found by Lincheck ({@code offer(2): true, offer(2): true, unfinishedTasks(): 0} on a
 * conflated channel): with {@link Overflow#DROP_OLDEST}, sending the very object that is already
 * the oldest buffered item (a cached {@code Integer}, an enum, a string constant: the usual
 * "latest state" of a conflated channel) dropped the old copy and then mistook the new send for
 * the dropped item, because the send compared them by identity. The new send returned
 * {@code true} but the channel ended up empty and its task count one short.
 */
class ConflatedSameItemRegressionTest {

    @Test
    void resendingTheBufferedObjectKeepsTheNewSend() {
        List<String> undelivered = new ArrayList<>();
        Channel<String> conflated = Channel.<String>builder()
                .capacity(1).onFull(Overflow.DROP_OLDEST).onUndelivered(undelivered::add).build();
        String tick = "tick";

        assertThat(conflated.offer(tick)).isTrue();
        assertThat(conflated.offer(tick)).isTrue();

        assertThat(conflated.size()).as("the latest send is buffered").isEqualTo(1);
        assertThat(undelivered).as("the first send was dropped").containsExactly(tick);
        assertThat(conflated.unfinishedTasks()).isEqualTo(1);
        assertThat(conflated.poll()).isSameAs(tick);
    }

    @Test
    void resendingTheOldestObjectOfAFullBufferKeepsTheNewSend() {
        Channel<String> channel = Channel.<String>builder().capacity(2).onFull(Overflow.DROP_OLDEST).build();
        String a = "a", b = "b";
        channel.offer(a);
        channel.offer(b);

        channel.offer(a); // drops the old a, keeps b, then the new a

        assertThat(channel.size()).isEqualTo(2);
        assertThat(channel.poll()).isSameAs(b);
        assertThat(channel.poll()).isSameAs(a);
        assertThat(channel.unfinishedTasks()).isEqualTo(2);
    }
}
