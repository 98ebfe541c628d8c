package dev.conduit.channel;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

import static dev.conduit.channel.ChannelSendReceiveContractTest.expectedOrder;
import static dev.conduit.channel.Threads.awaitBlocked;
import static dev.conduit.channel.Threads.start;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** close(), close(cause) and cancel(): what senders, receivers, iterators and buffered items see. */
class ChannelCloseContractTest {
    private static final String KINDS = "dev.conduit.channel.ChannelKinds#kinds";

    /** Buffers up to three items (fewer if the kind holds fewer); returns them in sending order. */
    private static List<Integer> buffer(ChannelKind kind, Channel<Integer> ch) throws InterruptedException {
        List<Integer> sent = new ArrayList<>();
        if (kind.rendezvous()) {
            return sent;
        }
        for (int i = 1; i <= Math.min(3, kind.capacity()); i++) {
            ch.put(i * 10);
            sent.add(i * 10);
        }
        return sent;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(KINDS)
    void closeStopsSendsButDeliversWhatIsBuffered(ChannelKind kind) throws Exception {
        Channel<Integer> ch = kind.create();
        List<Integer> sent = buffer(kind, ch);
        ch.close();
        ch.close(); // idempotent
        assertThat(ch.isClosedForSend()).isTrue();
        assertThat(ch.isClosedForReceive()).isEqualTo(sent.isEmpty());
        assertThatThrownBy(() -> ch.put(1)).isInstanceOf(ChannelClosedException.class)
                .hasMessageContaining(ch.name()).hasMessageContaining("closed")
                .satisfies(e -> assertThat(((ChannelClosedException) e).wasCancelled()).isFalse());
        assertThatThrownBy(() -> ch.offer(1)).isInstanceOf(ChannelClosedException.class);
        assertThatThrownBy(() -> ch.offer(1, Duration.ofSeconds(1))).isInstanceOf(ChannelClosedException.class);

        List<Integer> got = new ArrayList<>();
        for (int i = 0; i < sent.size(); i++) {
            got.add(ch.take());
        }
        assertThat(got).isEqualTo(expectedOrder(kind, sent));
        assertThat(ch.isClosedForReceive()).isTrue();
        assertThatThrownBy(ch::take).isInstanceOf(ChannelClosedException.class)
                .hasMessageContaining(ch.name()).hasNoCause();
        assertThat(ch.poll()).isNull();
        assertThat(ch.poll(Duration.ofSeconds(30))).as("returns at once when closed and drained").isNull();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(KINDS)
    void closeWithCauseHandsTheCauseToReceiversOnceDrained(ChannelKind kind) throws Exception {
        Channel<Integer> ch = kind.create();
        List<Integer> sent = buffer(kind, ch);
        IllegalStateException boom = new IllegalStateException("producer failed");
        ch.close(boom);
        ch.close(new RuntimeException("second close is ignored"));
        for (int i = 0; i < sent.size(); i++) {
            assertThat(ch.take()).isNotNull();
        }
        assertThatThrownBy(ch::take).isInstanceOf(ChannelClosedException.class).hasCause(boom)
                .hasMessageContaining("producer failed");
        assertThatThrownBy(() -> ch.iterator().hasNext()).isInstanceOf(ChannelClosedException.class).hasCause(boom);
        assertThatThrownBy(() -> ch.close(null)).isInstanceOf(NullPointerException.class);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(KINDS)
    void cancelReturnsEveryBufferedItemOnceAndHandsEachToOnUndelivered(ChannelKind kind) throws Exception {
        List<Integer> undelivered = Threads.syncList();
        Channel<Integer> ch = kind.create(undelivered::add);
        List<Integer> sent = buffer(kind, ch);
        List<Integer> returned = ch.cancel();
        assertThat(returned).isEqualTo(expectedOrder(kind, sent));
        assertThat(undelivered).isEqualTo(returned);
        assertThat(ch.cancel()).as("a second cancel").isEmpty();
        assertThat(ch.isClosedForSend()).isTrue();
        assertThat(ch.isClosedForReceive()).isTrue();
        assertThat(ch.size()).isZero();
        assertThatThrownBy(ch::take).isInstanceOf(ChannelClosedException.class)
                .hasMessageContaining("cancelled")
                .satisfies(e -> assertThat(((ChannelClosedException) e).wasCancelled()).isTrue());
        assertThat(ch.poll()).isNull();
        assertThatThrownBy(() -> ch.put(1)).isInstanceOf(ChannelClosedException.class).hasMessageContaining("cancelled");
        assertThat(ch.unfinishedTasks()).as("cancelled items count as finished").isZero();
        assertThat(ch.awaitTasks(Duration.ZERO)).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(KINDS)
    void cancelAfterCloseStillReturnsWhatIsLeft(ChannelKind kind) throws Exception {
        assumeTrue(!kind.rendezvous() && kind.capacity() >= 2);
        Channel<Integer> ch = kind.create();
        ch.put(1);
        ch.put(2);
        ch.close();
        Integer first = ch.take();
        assertThat(ch.cancel()).hasSize(1).doesNotContain(first);
        assertThatThrownBy(ch::take).isInstanceOf(ChannelClosedException.class);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(KINDS)
    void onUndeliveredFailuresAreRethrownAfterEveryItemWasHandedBack(ChannelKind kind) throws Exception {
        assumeTrue(!kind.rendezvous() && kind.capacity() >= 3);
        List<Integer> seen = Threads.syncList();
        Channel<Integer> ch = kind.create(item -> {
            seen.add(item);
            throw new IllegalArgumentException("callback rejects " + item);
        });
        ch.put(1);
        ch.put(2);
        ch.put(3);
        assertThatThrownBy(ch::cancel).isInstanceOf(IllegalArgumentException.class)
                .satisfies(e -> assertThat(e.getSuppressed()).hasSize(2));
        assertThat(seen).containsExactlyInAnyOrder(1, 2, 3);
        assertThat(ch.isClosedForReceive()).isTrue();
        assertThat(ch.unfinishedTasks()).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(KINDS)
    void closeWakesBlockedSendersWithAnErrorAndKeepsTheirItemsOut(ChannelKind kind) throws Exception {
        assumeTrue(kind.blocksWhenFull() || kind.rendezvous());
        Channel<Integer> ch = kind.create();
        for (int i = 0; i < kind.capacity(); i++) {
            ch.put(i);
        }
        var putter = start("putter", () -> {
            ch.put(-1);
            return true;
        });
        var timedPutter = start("timed-putter", () -> ch.offer(-2, Threads.PATIENCE));
        awaitBlocked(putter.thread());
        awaitBlocked(timedPutter.thread());
        ch.close();
        assertThat(putter.failure()).isInstanceOf(ChannelClosedException.class);
        assertThat(timedPutter.failure()).isInstanceOf(ChannelClosedException.class);
        List<Integer> rest = new ArrayList<>();
        ch.drainTo(rest, Integer.MAX_VALUE);
        assertThat(rest).hasSize(kind.capacity()).doesNotContain(-1, -2);
        assertThat(ch.isClosedForReceive()).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(KINDS)
    void closeAndCancelWakeBlockedReceivers(ChannelKind kind) throws Exception {
        Channel<Integer> ch = kind.create();
        var taker = start("taker", ch::take);
        var poller = start("poller", () -> ch.poll(Threads.PATIENCE));
        awaitBlocked(taker.thread());
        awaitBlocked(poller.thread());
        ch.close();
        assertThat(taker.failure()).isInstanceOf(ChannelClosedException.class);
        assertThat(poller.join()).isNull();

        Channel<Integer> ch2 = kind.create();
        var taker2 = start("taker2", ch2::take);
        awaitBlocked(taker2.thread());
        assertThat(ch2.cancel()).isEmpty();
        assertThat(taker2.failure()).isInstanceOf(ChannelClosedException.class)
                .satisfies(e -> assertThat(((ChannelClosedException) e).wasCancelled()).isTrue());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(KINDS)
    void iterationEndsAtAGracefulCloseAndFailsAfterCancel(ChannelKind kind) throws Exception {
        Channel<Integer> ch = kind.create();
        var producer = start("producer", () -> {
            for (int i = 0; i < 50; i++) {
                ch.put(i);
            }
            ch.close();
            return true;
        });
        List<Integer> got = new ArrayList<>();
        if (kind.drops()) {
            producer.join(); // let the policy drop; iterate what stayed
        }
        for (Integer i : ch) {
            got.add(i);
        }
        producer.join();
        if (!kind.drops()) {
            assertThat(got).hasSize(50).doesNotHaveDuplicates();
        } else {
            assertThat(got).hasSizeLessThanOrEqualTo(kind.capacity());
        }
        Iterator<Integer> it = ch.iterator();
        assertThat(it.hasNext()).isFalse();
        assertThatThrownBy(it::next).isInstanceOf(NoSuchElementException.class);

        Channel<Integer> cancelled = kind.create();
        cancelled.cancel();
        assertThatThrownBy(() -> cancelled.forEach(i -> { })).isInstanceOf(ChannelClosedException.class);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(KINDS)
    void streamCollectsEverythingUntilClose(ChannelKind kind) throws Exception {
        assumeTrue(!kind.drops());
        Channel<Integer> ch = kind.create();
        var producer = start("producer", () -> {
            for (int i = 1; i <= 100; i++) {
                ch.put(i);
            }
            ch.close();
            return true;
        });
        int sum = ch.stream().mapToInt(Integer::intValue).sum();
        producer.join();
        assertThat(sum).isEqualTo(5050);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(KINDS)
    void anInterruptedIteratorSaysSoAndKeepsTheInterrupt(ChannelKind kind) throws Exception {
        Channel<Integer> ch = kind.create();
        var iterating = start("iterating", () -> {
            try {
                ch.iterator().hasNext();
                return "returned";
            } catch (ChannelInterruptedException e) {
                return Thread.currentThread().isInterrupted() ? "interrupted" : "flag lost";
            }
        });
        awaitBlocked(iterating.thread());
        iterating.thread().interrupt();
        assertThat(iterating.join()).isEqualTo("interrupted");
    }
}
