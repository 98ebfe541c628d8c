package dev.conduit.channel;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;

import static dev.conduit.channel.Threads.awaitBlocked;
import static dev.conduit.channel.Threads.start;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** taskDone, awaitTasks and unfinishedTasks: Python's task_done/join, with a timeout. */
class ChannelTaskContractTest {
    private static final String KINDS = "dev.conduit.channel.ChannelKinds#kinds";

    @ParameterizedTest(name = "{0}")
    @MethodSource(KINDS)
    void everyAcceptedItemIsATaskUntilMarkedDone(ChannelKind kind) throws Exception {
        assumeTrue(!kind.rendezvous() && kind.capacity() >= 3);
        Channel<Integer> ch = kind.create();
        assertThat(ch.awaitTasks(Duration.ZERO)).as("nothing sent yet").isTrue();
        ch.put(1);
        ch.put(2);
        ch.put(3);
        assertThat(ch.unfinishedTasks()).isEqualTo(3);
        assertThatThrownBy(ch::taskDone).as("nothing received yet").isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(ch.name());
        ch.take();
        ch.take();
        ch.taskDone();
        assertThat(ch.unfinishedTasks()).isEqualTo(2);
        ch.taskDone();
        assertThatThrownBy(ch::taskDone).as("more done than received").isInstanceOf(IllegalStateException.class);
        assertThat(ch.awaitTasks(Duration.ofMillis(20))).isFalse();
        ch.take();
        ch.taskDone();
        assertThat(ch.unfinishedTasks()).isZero();
        assertThat(ch.awaitTasks(Duration.ZERO)).isTrue();
        ch.awaitTasks();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(KINDS)
    void awaitTasksWakesWhenTheLastTaskIsDone(ChannelKind kind) throws Exception {
        Channel<Integer> ch = kind.create();
        var consumer = start("consumer", () -> {
            int n = 0;
            for (Integer ignored : ch) {
                n++;
                ch.taskDone();
            }
            return n;
        });
        for (int i = 0; i < 10; i++) {
            ch.put(i);
        }
        var waiter = start("waiter", () -> {
            ch.awaitTasks();
            return ch.unfinishedTasks();
        });
        assertThat(waiter.join()).isZero();
        ch.close();
        int received = consumer.join();
        assertThat(received + ch.stats().dropped()).isEqualTo(10);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(KINDS)
    void awaitTasksCountsCancelledItemsAsFinished(ChannelKind kind) throws Exception {
        assumeTrue(!kind.rendezvous() && kind.capacity() >= 2);
        Channel<Integer> ch = kind.create();
        ch.put(1);
        ch.put(2);
        var waiter = start("waiter", () -> {
            ch.awaitTasks();
            return true;
        });
        awaitBlocked(waiter.thread());
        ch.cancel();
        assertThat(waiter.join()).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(KINDS)
    void awaitTasksIsInterruptible(ChannelKind kind) throws Exception {
        assumeTrue(!kind.rendezvous());
        Channel<Integer> ch = kind.create();
        ch.put(1);
        var waiter = start("waiter", () -> {
            ch.awaitTasks();
            return true;
        });
        awaitBlocked(waiter.thread());
        waiter.thread().interrupt();
        assertThat(waiter.failure()).isInstanceOf(InterruptedException.class);
        assertThat(ch.unfinishedTasks()).isEqualTo(1);
    }
}
