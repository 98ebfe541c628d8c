package dev.conduit.channel;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;

import static dev.conduit.channel.Threads.awaitBlocked;
import static dev.conduit.channel.Threads.start;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** An interrupted send leaves nothing behind; an interrupted receive loses nothing. */
class ChannelInterruptContractTest {
    private static final String KINDS = "dev.conduit.channel.ChannelKinds#kinds";

    @ParameterizedTest(name = "{0}")
    @MethodSource(KINDS)
    void anInterruptedPutLeavesNoItemBehind(ChannelKind kind) throws Exception {
        assumeTrue(kind.blocksWhenFull() || kind.rendezvous());
        Channel<Integer> ch = kind.create();
        for (int i = 0; i < kind.capacity(); i++) {
            ch.put(i);
        }
        var putter = start("putter", () -> {
            ch.put(-1);
            return true;
        });
        awaitBlocked(putter.thread());
        putter.thread().interrupt();
        assertThat(putter.failure()).isInstanceOf(InterruptedException.class);
        List<Integer> rest = new ArrayList<>();
        ch.drainTo(rest, Integer.MAX_VALUE);
        assertThat(rest).hasSize(kind.capacity()).doesNotContain(-1);
        assertThat(ch.unfinishedTasks()).isEqualTo(kind.capacity());
        assertThat(ch.poll()).isNull();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(KINDS)
    void anInterruptedTakeLosesNoItem(ChannelKind kind) throws Exception {
        Channel<Integer> ch = kind.create();
        var taker = start("taker", ch::take);
        awaitBlocked(taker.thread());
        taker.thread().interrupt();
        assertThat(taker.failure()).isInstanceOf(InterruptedException.class);
        var second = start("second-taker", ch::take);
        awaitBlocked(second.thread());
        ch.put(42);
        assertThat(second.join()).isEqualTo(42);
        assertThat(ch.stats().received()).isEqualTo(1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(KINDS)
    void blockingCallsOfAnInterruptedThreadThrowAtOnce(ChannelKind kind) throws Exception {
        Channel<Integer> ch = kind.create();
        var t = start("pre-interrupted", () -> {
            Thread.currentThread().interrupt();
            try {
                ch.take();
                return "take returned";
            } catch (InterruptedException e) {
                // expected
            }
            Thread.currentThread().interrupt();
            try {
                ch.put(1);
                return "put returned";
            } catch (InterruptedException e) {
                return "both threw";
            }
        });
        assertThat(t.join()).isEqualTo("both threw");
        assertThat(ch.size()).isZero();
        assertThat(ch.unfinishedTasks()).isZero();
    }
}
