package dev.conduit.flow;

import dev.conduit.channel.Channel;
import dev.conduit.channel.ChannelClosedException;
import dev.conduit.channel.ReceiveChannel;
import dev.conduit.channel.Threads;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A channel as a Flow.Publisher: competing subscribers, demand as backpressure, the end of the stream, threads. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ChannelPublisherTest {

    /** A factory of virtual or platform threads that remembers what it made. */
    private static final class Recording implements ThreadFactory {
        final List<Thread> made = new CopyOnWriteArrayList<>();
        final List<Throwable> uncaught = new CopyOnWriteArrayList<>();
        private final boolean virtual;

        Recording(boolean virtual) {
            this.virtual = virtual;
        }

        @Override
        public Thread newThread(Runnable r) {
            Thread t = virtual ? Thread.ofVirtual().unstarted(r) : Thread.ofPlatform().daemon().unstarted(r);
            t.setUncaughtExceptionHandler((th, e) -> uncaught.add(e));
            made.add(t);
            return t;
        }
    }

    @ParameterizedTest(name = "virtual publisher threads: {0}")
    @ValueSource(booleans = {true, false})
    void everyItemGoesToExactlyOneOfTheCompetingSubscribers(boolean virtual) throws Exception {
        int producers = 4;
        int perProducer = 5_000;
        Channel<Integer> channel = Channel.bounded(32);
        ChannelPublisher<Integer> publisher = ChannelPublisher.of(channel, new Recording(virtual));
        List<Probe<Integer>> subscribers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Probe<Integer> p = new Probe<>(() -> ThreadLocalRandom.current().nextLong(1, 20));
            subscribers.add(p);
            publisher.subscribe(p);
        }
        List<Threads.Running<Void>> sending = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            int base = p * perProducer;
            sending.add(Threads.start("producer-" + p, p % 2 == 0, () -> {
                for (int i = 0; i < perProducer; i++) {
                    channel.put(base + i);
                }
                return null;
            }));
        }
        for (Threads.Running<Void> s : sending) {
            s.join();
        }
        channel.close();

        Set<Integer> seen = new HashSet<>();
        int total = 0;
        for (Probe<Integer> p : subscribers) {
            p.awaitEnd();
            assertThat(p.completed).as("completed").isTrue();
            assertThat(p.error.get()).isNull();
            assertThat(p.violations).isEmpty();
            List<Integer> got = p.snapshot();
            total += got.size();
            seen.addAll(got);
            // one subscriber's share keeps each producer's order
            for (int prod = 0; prod < producers; prod++) {
                int lo = prod * perProducer;
                List<Integer> fromOne = got.stream().filter(x -> x >= lo && x < lo + perProducer).toList();
                assertThat(fromOne).isSorted();
            }
        }
        assertThat(total).as("items delivered, each once").isEqualTo(producers * perProducer);
        assertThat(seen).hasSize(producers * perProducer);
        assertThat(channel.isClosedForReceive()).isTrue();
    }

    @Test
    void takesOnlyWhatWasRequestedAndTheRestStaysInTheChannel() throws Exception {
        Channel<Integer> channel = Channel.bounded(8);
        for (int i = 0; i < 8; i++) {
            channel.put(i);
        }
        Recording threads = new Recording(true);
        Probe<Integer> probe = new Probe<>();
        ChannelPublisher.of(channel, threads).subscribe(probe);
        probe.request(3);
        probe.awaitItems(3);
        Threads.awaitBlocked(threads.made.get(0)); // waiting for demand, with the rest in sight
        assertThat(probe.snapshot()).containsExactly(0, 1, 2);
        assertThat(channel.size()).isEqualTo(5);

        // a sender finds no room and waits: backpressure reaches it through the channel
        Threads.Running<Void> sender = Threads.start("sender", () -> {
            channel.put(100);
            channel.put(101);
            channel.put(102);
            channel.put(103);
            return null;
        });
        Threads.awaitBlocked(sender.thread());
        assertThat(channel.size()).isEqualTo(8);

        probe.request(2);
        probe.awaitItems(5);
        sender.join();
        assertThat(probe.snapshot()).containsExactly(0, 1, 2, 3, 4);
        Threads.awaitBlocked(threads.made.get(0));
        assertThat(probe.snapshot()).hasSize(5);
        assertThat(channel.size()).isEqualTo(7);
        assertThat(probe.ended.getCount()).isOne();
    }

    @Test
    void aCancelledSubscriptionLeavesEveryOtherItemToTheChannelsOtherReceivers() throws Exception {
        Channel<Integer> channel = Channel.bounded(100);
        for (int i = 0; i < 100; i++) {
            channel.put(i);
        }
        Recording threads = new Recording(false);
        Probe<Integer> probe = new Probe<>();
        ChannelPublisher.of(channel, threads).subscribe(probe);
        probe.request(10);
        probe.awaitItems(10);
        probe.subscription.cancel();
        threads.made.get(0).join(Probe.PATIENCE.toMillis());
        assertThat(threads.made.get(0).isAlive()).as("the subscription's thread ended").isFalse();
        probe.subscription.request(5); // a no-op after cancel (rule 3.6)
        assertThat(probe.snapshot()).containsExactlyElementsOf(IntStream.range(0, 10).boxed().toList());
        assertThat(channel.size()).isEqualTo(90);
        assertThat(channel.take()).isEqualTo(10);
        assertThat(probe.ended.getCount()).as("no terminal signal after cancel").isOne();
    }

    @Test
    void aPlainCloseCompletesEvenASubscriberThatRequestedNothing() throws Exception {
        Channel<String> channel = Channel.bounded(4);
        Recording threads = new Recording(true);
        Probe<String> probe = new Probe<>();
        ChannelPublisher.of(channel, threads).subscribe(probe);
        probe.awaitSubscription();
        Threads.awaitBlocked(threads.made.get(0));
        channel.close();
        probe.awaitEnd();
        assertThat(probe.completed).isTrue();
        assertThat(probe.items).isEmpty();
        assertThat(probe.violations).isEmpty();
    }

    @Test
    void aCloseWithACauseDeliversTheItemsThenTheCause() throws Exception {
        Channel<String> channel = Channel.bounded(4);
        channel.put("a");
        channel.put("b");
        IOException cause = new IOException("disk gone");
        channel.close(cause);
        Probe<String> probe = new Probe<>(() -> 1);
        ChannelPublisher.of(channel).subscribe(probe);
        probe.awaitEnd();
        assertThat(probe.snapshot()).containsExactly("a", "b");
        assertThat(probe.error.get()).isSameAs(cause);
        assertThat(probe.completed).isFalse();
    }

    @Test
    void aCancelledChannelEndsTheStreamWithItsClosedException() throws Exception {
        Channel<String> channel = Channel.bounded(4);
        channel.put("never delivered");
        Probe<String> probe = new Probe<>();
        ChannelPublisher.of(channel).subscribe(probe);
        probe.awaitSubscription();
        channel.cancel();
        probe.awaitEnd();
        assertThat(probe.items).isEmpty();
        assertThat(probe.error.get()).isInstanceOf(ChannelClosedException.class);
        assertThat(((ChannelClosedException) probe.error.get()).wasCancelled()).isTrue();
    }

    @ParameterizedTest(name = "request({0})")
    @ValueSource(longs = {0, -1, Long.MIN_VALUE})
    void aNonPositiveRequestEndsTheSubscriptionWithIllegalArgument(long n) throws Exception {
        Channel<String> channel = Channel.bounded(4);
        channel.put("x");
        Probe<String> probe = new Probe<>();
        ChannelPublisher.of(channel).subscribe(probe);
        probe.request(n);
        probe.awaitEnd();
        assertThat(probe.error.get()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("3.9").hasMessageContaining(String.valueOf(n));
        assertThat(channel.size()).as("nothing taken").isOne();
    }

    @Test
    void demandAddsUpToUnboundedWithoutOverflow() throws Exception {
        Channel<Integer> channel = Channel.unbounded();
        for (int i = 0; i < 1000; i++) {
            channel.put(i);
        }
        channel.close();
        Probe<Integer> probe = new Probe<>();
        ChannelPublisher.of(channel).subscribe(probe);
        probe.request(Long.MAX_VALUE - 1);
        probe.request(Long.MAX_VALUE - 1);
        probe.awaitEnd();
        assertThat(probe.snapshot()).hasSize(1000);
        assertThat(probe.error.get()).isNull();
    }

    @Test
    void aSubscriberThatThrowsIsCancelledAndTheFailureIsNotSwallowed() throws Exception {
        Channel<Integer> channel = Channel.bounded(8);
        for (int i = 0; i < 5; i++) {
            channel.put(i);
        }
        Recording threads = new Recording(true);
        Probe<Integer> thrower = new Probe<>(() -> 10) {
            @Override
            public void onNext(Integer item) {
                super.onNext(item);
                if (item == 1) {
                    throw new IllegalStateException("subscriber bug");
                }
            }
        };
        ChannelPublisher.of(channel, threads).subscribe(thrower);
        threads.made.get(0).join(Probe.PATIENCE.toMillis());
        assertThat(threads.uncaught).singleElement().satisfies(e -> assertThat(e).hasMessage("subscriber bug"));
        assertThat(thrower.snapshot()).containsExactly(0, 1);
        assertThat(channel.size()).as("the rest stays").isEqualTo(3);
    }

    @Test
    void noThreadMeansOnSubscribeThenOnErrorOnTheCallingThread() {
        Channel<Integer> channel = Channel.bounded(2);
        Probe<Integer> probe = new Probe<>();
        ChannelPublisher.of(channel, r -> null).subscribe(probe);
        assertThat(probe.subscribed.getCount()).isZero();
        assertThat(probe.ended.getCount()).isZero();
        assertThat(probe.signalThread).isSameAs(Thread.currentThread());
        assertThat(probe.error.get()).isInstanceOf(IllegalStateException.class).hasMessageContaining("made no thread");
    }

    @Test
    void anInterruptOfTheSubscriptionsThreadEndsItWithoutLosingAnItem() throws Exception {
        Channel<Integer> channel = Channel.bounded(4);
        Recording threads = new Recording(false);
        Probe<Integer> probe = new Probe<>();
        ChannelPublisher.of(channel, threads).subscribe(probe);
        probe.request(1);
        Threads.awaitBlocked(threads.made.get(0));
        threads.made.get(0).interrupt();
        probe.awaitEnd();
        assertThat(probe.error.get()).isInstanceOf(InterruptedException.class);
        channel.put(7);
        assertThat(channel.poll()).isEqualTo(7);
    }

    @Test
    void subscribeNullThrowsNullPointerException() {
        ChannelPublisher<Integer> publisher = ChannelPublisher.of(Channel.bounded(1));
        assertThatThrownBy(() -> publisher.subscribe(null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("1.9");
    }

    @Test
    void readsAReceiveOnlyViewAndRejectsAForeignChannel() throws Exception {
        Channel<Integer> channel = Channel.bounded(4);
        channel.put(1);
        channel.close();
        Probe<Integer> probe = new Probe<>(() -> 5);
        ChannelPublisher.of(channel.receiveOnly()).subscribe(probe);
        probe.awaitEnd();
        assertThat(probe.snapshot()).containsExactly(1);
        assertThat(probe.completed).isTrue();

        @SuppressWarnings("unchecked")
        ReceiveChannel<Integer> foreign = (ReceiveChannel<Integer>) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[]{ReceiveChannel.class}, (p, m, a) -> m.getName().equals("name") ? "foreign" : null);
        assertThatThrownBy(() -> ChannelPublisher.of(foreign)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not one");
    }

    /** The TCK's optional spec 1.11 scenario, many times: two subscribers, one item, then the end. */
    @Test
    void twoSubscribersOneItemThenTheEndAgainAndAgain() throws Exception {
        for (int round = 0; round < 300; round++) {
            Channel<Integer> channel = Channel.bounded(16);
            Thread.ofVirtual().start(() -> {
                try {
                    channel.put(round(0));
                    channel.close();
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
            });
            ChannelPublisher<Integer> publisher = ChannelPublisher.of(channel);
            Probe<Integer> a = new Probe<>();
            Probe<Integer> b = new Probe<>();
            publisher.subscribe(a);
            publisher.subscribe(b);
            a.request(1);
            b.request(1);
            a.awaitEnd();
            b.awaitEnd();
            assertThat(a.items.size() + b.items.size()).as("round " + round).isOne();
            assertThat(a.completed && b.completed).as("round " + round + ": both complete").isTrue();
            assertThat(a.violations).isEmpty();
            assertThat(b.violations).isEmpty();
        }
    }

    private static int round(int x) {
        return x;
    }

    @Test
    void signalsToOneSubscriberNeverOverlapWhileRequestsComeFromElsewhere() throws Exception {
        Channel<Integer> channel = Channel.unbounded();
        Probe<Integer> probe = new Probe<>();
        ChannelPublisher.of(channel).subscribe(probe);
        probe.awaitSubscription();
        AtomicReference<Throwable> requesterFailed = new AtomicReference<>();
        Threads.Running<Void> requester = Threads.start("requester", true, () -> {
            for (int i = 0; i < 20_000; i++) {
                probe.subscription.request(1);
            }
            return null;
        });
        for (int i = 0; i < 20_000; i++) {
            channel.put(i);
        }
        requester.join();
        probe.awaitItems(20_000);
        channel.close();
        probe.awaitEnd();
        assertThat(requesterFailed.get()).isNull();
        assertThat(probe.violations).isEmpty();
        assertThat(probe.snapshot()).containsExactlyElementsOf(IntStream.range(0, 20_000).boxed().toList());
    }
}
