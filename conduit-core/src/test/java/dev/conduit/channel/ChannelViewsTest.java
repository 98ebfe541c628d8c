package dev.conduit.channel;

import dev.conduit.pipeline.Pipeline;
import dev.conduit.pipeline.PipelineStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Send-only and receive-only views: one end each, the same channel, no way back to the whole. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ChannelViewsTest {

    @Test
    void aViewIsOnlyItsEnd() {
        Channel<String> channel = Channel.<String>builder().name("jobs").capacity(4).build();
        SendChannel<String> out = channel.sendOnly();
        ReceiveChannel<String> in = channel.receiveOnly();
        assertThat(out).isNotInstanceOf(Channel.class).isNotInstanceOf(ReceiveChannel.class);
        assertThat(in).isNotInstanceOf(Channel.class).isNotInstanceOf(SendChannel.class);
        assertThat(out.toString()).startsWith("send-only view of").contains("jobs");
        assertThat(in.toString()).startsWith("receive-only view of").contains("jobs");
        assertThat(out.name()).isEqualTo("jobs");
        assertThat(in.capacity()).isEqualTo(4);
    }

    @Test
    void bothEndsActOnTheSameChannelAtOnce() throws Exception {
        Channel<String> channel = Channel.bounded(2);
        SendChannel<String> out = channel.sendOnly();
        ReceiveChannel<String> in = channel.receiveOnly();
        out.put("a");
        assertThat(out.offer("b")).isTrue();
        assertThat(out.isFull()).isTrue();
        assertThat(out.offer("c", Duration.ZERO)).isFalse();
        assertThat(channel.size()).isEqualTo(2);
        assertThat(in.size()).isEqualTo(2);
        assertThat(in.take()).isEqualTo("a");
        assertThat(channel.poll()).isEqualTo("b");
        assertThat(in.poll()).isNull();
        assertThat(in.isEmpty()).isTrue();
        assertThat(out.unfinishedTasks()).isEqualTo(2);
        in.taskDone();
        channel.taskDone();
        assertThat(out.awaitTasks(Duration.ZERO)).isTrue();
        out.close(new IllegalStateException("done"));
        assertThat(out.isClosedForSend()).isTrue();
        assertThat(in.isClosedForReceive()).isTrue();
        assertThatThrownBy(in::take).isInstanceOf(ChannelClosedException.class).hasRootCauseMessage("done");
    }

    @ParameterizedTest(name = "virtual: {0}")
    @ValueSource(booleans = {true, false})
    void producersOnTheSendEndAndConsumersOnTheReceiveEndMoveEveryItemOnce(boolean virtual) throws Exception {
        int producers = 3;
        int each = 5_000;
        Channel<Integer> channel = Channel.bounded(16);
        SendChannel<Integer> out = channel.sendOnly();
        ReceiveChannel<Integer> in = channel.receiveOnly();
        List<Threads.Running<List<Integer>>> consumers = new ArrayList<>();
        for (int c = 0; c < 3; c++) {
            consumers.add(Threads.start("consumer-" + c, virtual, () -> {
                List<Integer> got = new ArrayList<>();
                for (Integer i : in) {
                    got.add(i);
                    in.taskDone();
                }
                return got;
            }));
        }
        List<Threads.Running<Void>> sending = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            int base = p * each;
            sending.add(Threads.start("producer-" + p, !virtual, () -> {
                for (int i = 0; i < each; i++) {
                    out.put(base + i);
                }
                return null;
            }));
        }
        for (Threads.Running<Void> s : sending) {
            s.join();
        }
        out.awaitTasks();
        out.close();
        BitSet seen = new BitSet();
        int total = 0;
        for (Threads.Running<List<Integer>> c : consumers) {
            for (int i : c.join()) {
                assertThat(seen.get(i)).as("item %d twice", i).isFalse();
                seen.set(i);
                total++;
            }
        }
        assertThat(total).isEqualTo(producers * each);
        assertThat(seen.cardinality()).isEqualTo(producers * each);
    }

    @Test
    void aConsumerThatCancelsMakesBlockedProducersFail() throws Exception {
        Channel<Integer> channel = Channel.bounded(1);
        SendChannel<Integer> out = channel.sendOnly();
        out.put(1);
        Threads.Running<Void> producer = Threads.start("producer", () -> {
            out.put(2);
            return null;
        });
        Threads.awaitBlocked(producer.thread());
        assertThat(channel.receiveOnly().cancel()).containsExactly(1);
        assertThat(producer.failure()).isInstanceOf(ChannelClosedException.class);
    }

    @Test
    void selectSeesThroughTheViews() throws Exception {
        Channel<String> a = Channel.bounded(1);
        Channel<String> b = Channel.bounded(1);
        ReceiveChannel<String> aIn = a.receiveOnly();
        SendChannel<String> bOut = b.sendOnly();
        a.put("x");
        String first = Select.<String>create().onTake(aIn, s -> "took " + s).await();
        assertThat(first).isEqualTo("took x");
        String second = Select.<String>create().onPut(bOut, "y", () -> "put").await();
        assertThat(second).isEqualTo("put");
        assertThat(b.poll()).isEqualTo("y");
        a.close();
        String third = Select.<String>create().onTake(aIn, s -> "item").onClosed(aIn, () -> "closed").await();
        assertThat(third).isEqualTo("closed");
        b.close();
        String fourth = Select.<String>create().onPut(bOut, "z", () -> "put").onClosed(bOut, () -> "closed").await();
        assertThat(fourth).isEqualTo("closed");
        // one onClosed per channel, whichever end names it
        assertThatThrownBy(() -> Select.<String>create().onClosed(a, () -> "1").onClosed(aIn, () -> "2"))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void selectRejectsAnEndThatIsNotConduitsNamingIt() {
        @SuppressWarnings("unchecked")
        ReceiveChannel<String> foreign = (ReceiveChannel<String>) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[]{ReceiveChannel.class}, (p, m, args) -> null);
        assertThatThrownBy(() -> Select.<String>create().onTake(foreign, s -> s))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(foreign.getClass().getName());
        assertThatThrownBy(() -> Select.<String>create().onTake((ReceiveChannel<String>) null, s -> s))
                .isInstanceOf(NullPointerException.class);
    }

    @Test
    void aPipelineReadsAReceiveEndAndWritesASendEnd() throws Exception {
        Channel<Integer> source = Channel.bounded(200);
        for (int i = 0; i < 100; i++) {
            source.put(i);
        }
        source.close();
        Channel<Integer> sink = Channel.bounded(200);
        var result = Pipeline.from(source.receiveOnly()).map("inc", 2, x -> x + 1).ordered()
                .into(sink.sendOnly()).run();
        assertThat(result.status()).isEqualTo(PipelineStatus.COMPLETED);
        List<Integer> got = new ArrayList<>();
        sink.forEach(got::add);
        assertThat(got).containsExactlyElementsOf(IntStream.rangeClosed(1, 100).boxed().toList());
    }
}
