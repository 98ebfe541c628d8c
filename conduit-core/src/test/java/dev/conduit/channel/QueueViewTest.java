package dev.conduit.channel;

import dev.conduit.channel.internal.Ordering;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static dev.conduit.channel.Threads.awaitBlocked;
import static dev.conduit.channel.Threads.start;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What {@link Channel#asBlockingQueue()} promises beyond the TCK's queue contract (which the
 * {@code dev.conduit.channel.tck} tests check): it is live both ways, removal from the middle keeps
 * the receiving order and the task accounting of every channel kind, room made by a removal goes
 * to a waiting sender, a closed channel answers as its Javadoc says, and a rendezvous channel's
 * view holds nothing.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class QueueViewTest {

    static Stream<ChannelKind> buffered() {
        return ChannelKinds.kinds().filter(k -> !k.rendezvous());
    }

    /** The order a receiver takes {@code sent} in, for {@code kind} (nothing dropped). */
    private static List<Integer> receivingOrder(ChannelKind kind, List<Integer> sent) {
        List<Integer> order = new ArrayList<>(sent);
        if (kind.ordering() == Ordering.LIFO) {
            java.util.Collections.reverse(order);
        } else if (kind.ordering() == Ordering.PRIORITY) {
            order.sort(Comparator.naturalOrder());
        }
        return order;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("buffered")
    void removalFromTheMiddleKeepsTheOrderOfTheRestAndTheTaskCount(ChannelKind kind) throws Exception {
        Channel<Integer> c = kind.create();
        BlockingQueue<Integer> q = c.asBlockingQueue();
        List<Integer> all = List.of(50, 10, 40, 20, 30, 60, 70, 80, 15, 25);
        List<Integer> sent = all.subList(0, Math.min(all.size(), kind.capacity()));
        for (Integer i : sent) {
            c.put(i);
        }
        List<Integer> model = receivingOrder(kind, sent);
        assertThat(q).containsExactlyElementsOf(model);

        if (model.size() >= 3) {
            Integer middle = model.get(model.size() / 2);
            assertThat(q.remove(middle)).isTrue();
            model.remove(middle);
            assertThat(q.remove(middle)).as("gone already").isFalse();
        }
        Iterator<Integer> it = q.iterator();
        Integer first = it.next();
        it.remove();
        model.remove(first);
        assertThat(q.removeIf(i -> i % 20 == 0)).isEqualTo(model.stream().anyMatch(i -> i % 20 == 0));
        model.removeIf(i -> i % 20 == 0);

        assertThat(q.toArray()).containsExactlyElementsOf(model);
        assertThat(q.size()).isEqualTo(model.size()).isEqualTo(c.size());
        assertThat(q.peek()).isEqualTo(model.isEmpty() ? null : model.getFirst());
        assertThat(c.unfinishedTasks()).as("a removed item's task is done").isEqualTo(model.size());
        assertThat(c.stats().received()).as("a removed item counts as received")
                .isEqualTo(sent.size() - model.size());

        List<Integer> received = new ArrayList<>();
        for (Integer i; (i = c.poll()) != null; ) {
            received.add(i);
            c.taskDone();
        }
        assertThat(received).containsExactlyElementsOf(model);
        assertThat(c.awaitTasks(Duration.ZERO)).isTrue();
        assertThatThrownBy(c::taskDone).as("nothing left to mark done").isInstanceOf(IllegalStateException.class);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("buffered")
    void viewsAreLiveBothWays(ChannelKind kind) throws Exception {
        Channel<Integer> c = kind.create();
        BlockingQueue<Integer> one = c.asBlockingQueue();
        BlockingQueue<Integer> two = c.asBlockingQueue();
        c.put(1);
        assertThat(one.contains(1)).isTrue();
        assertThat(two.peek()).isEqualTo(1);
        assertThat(two.poll()).isEqualTo(1);
        assertThat(one.offer(2)).isTrue();
        assertThat(c.take()).isEqualTo(2);
        one.put(3);
        assertThat(two.remove(3)).isTrue();
        assertThat(c.isEmpty()).isTrue();
        assertThat(one.remainingCapacity())
                .isEqualTo(kind.unbounded() ? Integer.MAX_VALUE : kind.capacity());
    }

    @Test
    void roomMadeByARemovalGoesToTheWaitingSenderOfAFullRing() throws Exception {
        Channel<Integer> c = Channel.bounded(3);
        BlockingQueue<Integer> q = c.asBlockingQueue();
        for (int i = 1; i <= 3; i++) {
            c.put(i);
        }
        Threads.Running<Void> sender = start("sender", () -> {
            c.put(4);
            return null;
        });
        awaitBlocked(sender.thread());
        assertThat(q.remove(2)).isTrue();
        sender.join(); // its item was moved in by the removal
        assertThat(q).containsExactly(1, 3, 4);
        assertThat(q.remainingCapacity()).isZero();
        assertThat(c.unfinishedTasks()).isEqualTo(3);
    }

    @Test
    void roomMadeByARemovalGoesToTheWaitingSenderOfALockedChannel() throws Exception {
        Channel<Integer> c = Channel.<Integer>builder().capacity(2).lifo().build();
        BlockingQueue<Integer> q = c.asBlockingQueue();
        c.put(1);
        c.put(2);
        Threads.Running<Void> sender = start("sender", () -> {
            c.put(3);
            return null;
        });
        awaitBlocked(sender.thread());
        q.clear();
        sender.join();
        assertThat(q).containsExactly(3);
        assertThat(c.unfinishedTasks()).isEqualTo(1);
    }

    @Test
    void removingTheLastItemOfAClosedChannelEndsIt() throws Exception {
        Channel<Integer> c = Channel.bounded(4);
        c.put(7);
        c.close();
        Threads.Running<String> watcher = start("watcher",
                () -> Select.<String>create().onClosed(c, () -> "ended").await());
        awaitBlocked(watcher.thread());
        assertThat(c.asBlockingQueue().remove(7)).isTrue();
        assertThat(watcher.join()).isEqualTo("ended");
        assertThat(c.isClosedForReceive()).isTrue();
    }

    @Test
    void aClosedChannelsViewRefusesSendsAsItsJavadocSays() throws Exception {
        Channel<Integer> c = Channel.bounded(4);
        BlockingQueue<Integer> q = c.asBlockingQueue();
        q.add(1);
        c.close(new java.io.IOException("upstream failed"));

        assertThat(q.offer(2)).isFalse();
        assertThat(q.offer(2, 1, TimeUnit.SECONDS)).isFalse();
        assertThatThrownBy(() -> q.add(2)).isInstanceOf(IllegalStateException.class)
                .isNotInstanceOf(ChannelClosedException.class)
                .hasCauseInstanceOf(ChannelClosedException.class)
                .hasMessageContaining(c.name());
        assertThatThrownBy(() -> q.put(2)).isInstanceOf(IllegalStateException.class)
                .hasCauseInstanceOf(ChannelClosedException.class);

        assertThat(q.take()).as("what was buffered is still received").isEqualTo(1);
        assertThat(q.poll()).isNull();
        assertThat(q.poll(1, TimeUnit.SECONDS)).as("at once, once closed and drained").isNull();
        assertThatThrownBy(q::take).isInstanceOf(IllegalStateException.class)
                .cause().isInstanceOf(ChannelClosedException.class)
                .cause().hasMessage("upstream failed");
    }

    @Test
    void nullsAreRefusedNamingTheChannel() {
        BlockingQueue<Integer> q = Channel.<Integer>builder().name("jobs").capacity(2).build().asBlockingQueue();
        assertThatThrownBy(() -> q.offer(null)).isInstanceOf(NullPointerException.class).hasMessageContaining("jobs");
        assertThatThrownBy(() -> q.put(null)).isInstanceOf(NullPointerException.class);
        assertThat(q.contains(null)).isFalse();
        assertThat(q.remove(null)).isFalse();
    }

    @Test
    void aRendezvousChannelsViewHoldsNothingButHandsOver() throws Exception {
        Channel<Integer> c = Channel.rendezvous();
        BlockingQueue<Integer> q = c.asBlockingQueue();
        Threads.Running<Void> sender = start("sender", () -> {
            c.put(5);
            return null;
        });
        awaitBlocked(sender.thread());
        assertThat(q.size()).isZero();
        assertThat(q.isEmpty()).isTrue();
        assertThat(q.peek()).isNull();
        assertThat(q.contains(5)).as("still the sender's").isFalse();
        assertThat(q.remove(5)).isFalse();
        assertThat(q.toArray()).isEmpty();
        assertThat(q.remainingCapacity()).isZero();
        assertThat(q.poll()).as("a receive takes it from the waiting sender").isEqualTo(5);
        sender.join();

        Threads.Running<Integer> receiver = start("receiver", q::take);
        awaitBlocked(receiver.thread());
        assertThat(q.offer(6)).as("offer succeeds when a receiver waits").isTrue();
        assertThat(receiver.join()).isEqualTo(6);
        assertThat(q.offer(7)).isFalse();
    }

    @Test
    void untimedWaitsShowTheThreadWaitingOnEveryImplementation() throws Exception {
        for (Channel<Integer> c : List.of(Channel.<Integer>bounded(1), Channel.<Integer>unbounded(),
                Channel.<Integer>rendezvous())) {
            BlockingQueue<Integer> q = c.asBlockingQueue();
            Threads.Running<Integer> taker = start("taker", q::take);
            org.awaitility.Awaitility.await().atMost(Threads.PATIENCE).pollInterval(Duration.ofMillis(1))
                    .until(() -> taker.thread().getState() == Thread.State.WAITING);
            q.put(9);
            assertThat(taker.join()).isEqualTo(9);
        }
    }

    @Test
    void aViewOfAForeignChannelIsRefused() {
        Channel<Integer> foreign = (Channel<Integer>) java.lang.reflect.Proxy.newProxyInstance(
                Channel.class.getClassLoader(), new Class<?>[] {Channel.class}, (proxy, m, args) -> {
                    if (m.isDefault()) {
                        return java.lang.reflect.InvocationHandler.invokeDefault(proxy, m, args);
                    }
                    throw new UnsupportedOperationException(m.getName());
                });
        assertThatThrownBy(foreign::asBlockingQueue).isInstanceOf(UnsupportedOperationException.class);
    }
}
