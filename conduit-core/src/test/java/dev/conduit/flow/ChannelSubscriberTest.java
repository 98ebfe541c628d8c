package dev.conduit.flow;

import dev.conduit.channel.Channel;
import dev.conduit.channel.ChannelClosedException;
import dev.conduit.channel.Threads;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.SubmissionPublisher;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** A Flow.Subscriber feeding a channel: demand follows room, the end closes the channel, a closed channel cancels. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ChannelSubscriberTest {

    /** A subscription that counts what was requested and tells whether it was cancelled. */
    private static final class Counting implements Flow.Subscription {
        final AtomicLong requested = new AtomicLong();
        final AtomicInteger requests = new AtomicInteger();
        final AtomicBoolean cancelled = new AtomicBoolean();

        @Override
        public void request(long n) {
            requests.incrementAndGet();
            requested.addAndGet(n);
        }

        @Override
        public void cancel() {
            cancelled.set(true);
        }
    }

    /**
     * Plays a well-behaved publisher from one thread: sends items while there is demand, up to
     * {@code total}, then completes. Returns how many it sent.
     */
    private static Threads.Running<Integer> play(ChannelSubscriber<Integer> sub, Counting s, int total) {
        return Threads.start("publisher", true, () -> {
            sub.onSubscribe(s);
            int sent = 0;
            while (sent < total && !s.cancelled.get()) {
                if (sent < s.requested.get()) {
                    sub.onNext(sent++);
                } else {
                    Thread.onSpinWait();
                }
            }
            if (!s.cancelled.get()) {
                sub.onComplete();
            }
            return sent;
        });
    }

    @ParameterizedTest(name = "virtual consumer: {0}")
    @ValueSource(booleans = {true, false})
    void aSubmissionPublisherFillsTheChannelInOrderAndTheEndClosesIt(boolean virtualConsumer) throws Exception {
        int n = 20_000;
        Channel<Integer> channel = Channel.bounded(16);
        List<Integer> got = new ArrayList<>();
        Threads.Running<Void> consumer = Threads.start("consumer", virtualConsumer, () -> {
            for (Integer i : channel) {
                got.add(i);
            }
            return null;
        });
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            try (SubmissionPublisher<Integer> publisher = new SubmissionPublisher<>(executor, 32)) {
                publisher.subscribe(ChannelSubscriber.of(channel));
                for (int i = 0; i < n; i++) {
                    publisher.submit(i); // waits while the subscriber's buffer is full
                }
            } // close(): onComplete, after the items
            consumer.join(); // before the executor closes: the publisher still delivers through it
        }
        assertThat(got).containsExactlyElementsOf(IntStream.range(0, n).boxed().toList());
        assertThat(channel.isClosedForReceive()).isTrue();
    }

    @Test
    void neverAsksForMoreThanTheChannelAndThePrefetchCanHold() throws Exception {
        int capacity = 4;
        int total = 2_000;
        Channel<Integer> channel = Channel.bounded(capacity);
        ChannelSubscriber<Integer> sub = ChannelSubscriber.of(channel);
        Counting s = new Counting();
        Threads.Running<Integer> publisher = play(sub, s, total);

        // Nobody takes: the channel fills, the rest waits in the backlog, and the requests stop.
        await().atMost(Probe.PATIENCE).until(() -> channel.size() == capacity && s.requested.get() == 2L * capacity);
        int requestsThen = s.requests.get();
        assertThat(channel.size()).isEqualTo(capacity);

        List<Integer> got = new ArrayList<>();
        long worst = 0;
        for (Integer i : channel) {
            got.add(i);
            // requested, minus what the consumer has, is what is in the channel, the backlog or on its way
            worst = Math.max(worst, s.requested.get() - got.size());
        }
        assertThat(publisher.join()).isEqualTo(total);
        assertThat(got).containsExactlyElementsOf(IntStream.range(0, total).boxed().toList());
        assertThat(worst).as("outstanding never above capacity + prefetch").isLessThanOrEqualTo(2L * capacity);
        assertThat(requestsThen).as("4 at the start, then 2 and 2 as the first four went in").isEqualTo(3);
        assertThat(sub.droppedItems()).isZero();
        assertThat(s.cancelled).isFalse();
    }

    @Test
    void onErrorClosesTheChannelWithTheCauseAfterTheItems() throws Exception {
        Channel<Integer> channel = Channel.bounded(2);
        ChannelSubscriber<Integer> sub = ChannelSubscriber.of(channel);
        Counting s = new Counting();
        sub.onSubscribe(s);
        sub.onNext(1);
        sub.onNext(2);
        IOException cause = new IOException("upstream broke");
        sub.onError(cause); // the channel is full: the end waits behind nothing, it closes at once
        assertThat(channel.take()).isEqualTo(1);
        assertThat(channel.take()).isEqualTo(2);
        assertThatThrownBy(channel::take).isInstanceOf(ChannelClosedException.class).hasCause(cause);
    }

    @Test
    void theEndWaitsBehindTheItemsThatWaitForRoom() throws Exception {
        Channel<Integer> channel = Channel.bounded(2);
        ChannelSubscriber<Integer> sub = ChannelSubscriber.of(channel, 6);
        Counting s = new Counting();
        sub.onSubscribe(s);
        for (int i = 0; i < 6; i++) {
            sub.onNext(i); // 2 into the channel, 4 into the backlog: onNext never blocks
        }
        sub.onComplete();
        assertThat(channel.isClosedForSend()).as("not closed before the backlog is in").isFalse();
        List<Integer> got = new ArrayList<>();
        channel.forEach(got::add);
        assertThat(got).containsExactly(0, 1, 2, 3, 4, 5);
    }

    @Test
    void aChannelClosedUnderItCancelsTheSubscriptionAndCountsWhatItDrops() throws Exception {
        int total = 10_000;
        Channel<Integer> channel = Channel.bounded(8);
        ChannelSubscriber<Integer> sub = ChannelSubscriber.of(channel);
        Counting s = new Counting();
        Threads.Running<Integer> publisher = play(sub, s, total);
        int taken = 0;
        for (int i = 0; i < 100; i++) {
            channel.take();
            taken++;
        }
        List<Integer> cancelled = channel.cancel(); // the consumer gives up
        int sent = publisher.join();
        await().atMost(Probe.PATIENCE).until(() -> s.cancelled.get());
        await().atMost(Probe.PATIENCE).until(() -> taken(sub, cancelled) + 100 == sent);
        assertThat(sent).isLessThan(total);
        assertThat(100 + cancelled.size() + sub.droppedItems()).as("every item sent is accounted for once").isEqualTo(sent);
    }

    private static long taken(ChannelSubscriber<Integer> sub, List<Integer> cancelled) {
        return cancelled.size() + sub.droppedItems();
    }

    @Test
    void aSecondSubscriptionIsCancelledAndNothingIsRequestedOfIt() {
        ChannelSubscriber<Integer> sub = ChannelSubscriber.of(Channel.bounded(4));
        Counting first = new Counting();
        Counting second = new Counting();
        sub.onSubscribe(first);
        sub.onSubscribe(second);
        assertThat(first.requested.get()).isEqualTo(4);
        assertThat(second.cancelled).isTrue();
        assertThat(second.requests.get()).isZero();
    }

    @Test
    void aChannelAlreadyClosedMeansCancelAtOnce() {
        Channel<Integer> channel = Channel.bounded(4);
        channel.close();
        ChannelSubscriber<Integer> sub = ChannelSubscriber.of(channel);
        Counting s = new Counting();
        sub.onSubscribe(s);
        assertThat(s.cancelled).isTrue();
        assertThat(s.requests.get()).isZero();
    }

    @Test
    void cancelBeforeTheSubscriptionComesCancelsItOnArrival() {
        Channel<Integer> channel = Channel.bounded(4);
        ChannelSubscriber<Integer> sub = ChannelSubscriber.of(channel);
        sub.cancel();
        Counting s = new Counting();
        sub.onSubscribe(s);
        assertThat(s.cancelled).isTrue();
        assertThat(s.requests.get()).isZero();
        sub.onNext(1);
        assertThat(sub.droppedItems()).isOne();
        assertThat(channel.isEmpty()).isTrue();
        assertThat(channel.isClosedForSend()).as("cancel leaves the channel open").isFalse();
    }

    @Test
    void aPublisherThatSendsMoreThanRequestedClosesTheChannelWithTheRuleBroken() throws Exception {
        Channel<Integer> channel = Channel.bounded(1);
        ChannelSubscriber<Integer> sub = ChannelSubscriber.of(channel, 2);
        Counting s = new Counting();
        sub.onSubscribe(s);
        for (int i = 0; i < 4; i++) {
            // 2 requested, then 1 more once the first went into the channel: 3 in all; the 4th was never requested
            sub.onNext(i);
        }
        assertThat(s.cancelled).isTrue();
        assertThat(channel.take()).isZero();
        assertThatThrownBy(channel::take).isInstanceOf(ChannelClosedException.class)
                .cause().hasMessageContaining("rule 1.1");
    }

    @Test
    void aRendezvousChannelIsFedOneItemAtATime() throws Exception {
        Channel<Integer> channel = Channel.rendezvous();
        ChannelSubscriber<Integer> sub = ChannelSubscriber.of(channel);
        Counting s = new Counting();
        Threads.Running<Integer> publisher = play(sub, s, 500);
        List<Integer> got = new ArrayList<>();
        channel.forEach(got::add);
        assertThat(publisher.join()).isEqualTo(500);
        assertThat(got).containsExactlyElementsOf(IntStream.range(0, 500).boxed().toList());
        assertThat(s.requested.get()).isLessThanOrEqualTo(500 + 1);
    }

    @Test
    void badArgumentsAreNamed() {
        Channel<Integer> channel = Channel.<Integer>builder().name("orders").capacity(4).build();
        assertThatThrownBy(() -> ChannelSubscriber.of(channel, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("prefetch").hasMessageContaining("orders").hasMessageContaining("was 0");
        ChannelSubscriber<Integer> sub = ChannelSubscriber.of(channel);
        assertThatThrownBy(() -> sub.onSubscribe(null)).isInstanceOf(NullPointerException.class).hasMessageContaining("2.13");
        sub.onSubscribe(new Counting());
        assertThatThrownBy(() -> sub.onNext(null)).isInstanceOf(NullPointerException.class).hasMessageContaining("2.13");
        assertThatThrownBy(() -> sub.onError(null)).isInstanceOf(NullPointerException.class).hasMessageContaining("2.13");
    }

    @ParameterizedTest(name = "virtual: {0}")
    @ValueSource(booleans = {true, false})
    void aChannelRoundTripsThroughFlowIntoAnotherChannelWithEveryItemOnceInOrder(boolean virtual) throws Exception {
        int n = 30_000;
        Channel<Integer> in = Channel.bounded(64);
        Channel<Integer> out = Channel.bounded(16);
        ChannelPublisher.of(in).subscribe(ChannelSubscriber.of(out));
        Threads.Running<Void> producer = Threads.start("producer", virtual, () -> {
            for (int i = 0; i < n; i++) {
                in.put(i);
            }
            in.close();
            return null;
        });
        long sum = 0;
        int count = 0;
        int last = -1;
        for (Integer i : out) {
            assertThat(i).isEqualTo(last + 1);
            last = i;
            sum += i;
            count++;
        }
        producer.join();
        assertThat(count).isEqualTo(n);
        assertThat(sum).isEqualTo((long) n * (n - 1) / 2);
    }
}
