package dev.conduit.channel.internal;

import dev.conduit.channel.Channel;
import dev.conduit.channel.ChannelClosedException;
import dev.conduit.channel.Select;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The rendezvous channel's two regimes: one plain waiter waits in the lock-free slot, anything else
 * moves it into the locked waiter queue (see {@link RendezvousChannel}). Each test puts a waiter
 * in the slot (checked through the test hook, which does not disturb it) and then does what
 * could lose it: serve it, queue behind it, close, cancel, time out, interrupt, select; the last
 * one churns both regimes at once and keeps a ledger of every item.
 */
class RendezvousSlotTest {
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private static RendezvousChannel<Integer> channel() {
        return (RendezvousChannel<Integer>) Channel.<Integer>rendezvous();
    }

    private static void inSlot(RendezvousChannel<?> c) {
        await().atMost(PATIENCE).until(c::waiterInSlot);
    }

    private static void joined(Thread t) throws InterruptedException {
        t.join(PATIENCE.toMillis());
        assertThat(t.isAlive()).as(t + " finished").isFalse();
    }

    @Test
    void aWaiterAloneWaitsInTheSlotAndOneSendServesIt() throws Exception {
        RendezvousChannel<Integer> c = channel();
        List<Integer> got = new ArrayList<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread taker = Thread.ofVirtual().start(() -> take(c, got, failure));
        inSlot(c);
        assertThat(c.queuedRegime()).isFalse();
        long before = c.wakeups();
        assertThat(c.offer(1)).as("offer to the waiting receiver").isTrue();
        joined(taker);
        assertThat(failure.get()).isNull();
        assertThat(got).containsExactly(1);
        assertThat(c.wakeups() - before).as("one wake-up").isEqualTo(1);
        assertThat(c.waiterInSlot()).as("the slot is free again").isFalse();
        assertThat(c.offer(2)).as("nobody waits any more").isFalse();
        assertThat(c.stats().sent()).isEqualTo(1);
        assertThat(c.stats().received()).isEqualTo(1);
    }

    @Test
    void aSecondWaiterQueuesBehindTheSlotsWaiterInOrderAndTheSlotComesBack() throws Exception {
        RendezvousChannel<Integer> c = channel();
        List<Integer> first = new ArrayList<>(), second = new ArrayList<>();
        Thread t1 = Thread.ofVirtual().start(() -> take(c, first, new AtomicReference<>()));
        inSlot(c);
        Thread t2 = Thread.ofVirtual().start(() -> take(c, second, new AtomicReference<>()));
        await().atMost(PATIENCE).until(() -> c.liveWaiters(Waiter.RECEIVE) == 2);
        assertThat(c.queuedRegime()).as("two receivers wait in the queue").isTrue();
        c.put(10);
        c.put(20);
        joined(t1);
        joined(t2);
        assertThat(first).as("the older waiter is served first").containsExactly(10);
        assertThat(second).containsExactly(20);
        assertThat(c.queuedRegime()).as("an empty queue gives the slot back").isFalse();
        Thread t3 = Thread.ofVirtual().start(() -> take(c, first, new AtomicReference<>()));
        inSlot(c);
        c.put(30);
        joined(t3);
        assertThat(first).containsExactly(10, 30);
    }

    /** Takes one item into {@code into}, or records what the take threw. */
    private static void take(Channel<Integer> c, List<Integer> into, AtomicReference<Throwable> failure) {
        try {
            into.add(c.take());
        } catch (Throwable e) {
            failure.set(e);
        }
    }

    /** @return a started virtual thread that puts {@code item}, recording what the put threw */
    private static Thread putting(Channel<Integer> c, int item, AtomicReference<Throwable> failure) {
        return Thread.ofVirtual().start(() -> {
            try {
                c.put(item);
            } catch (Throwable e) {
                failure.set(e);
            }
        });
    }

    /**
     * Starts a sender, waits until it waits in the slot, ends its wait with {@code end}, and
     * returns what its put threw.
     */
    private static Throwable slotSenderEndedBy(RendezvousChannel<Integer> c, java.util.function.Consumer<Thread> end)
            throws InterruptedException {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread sender = putting(c, 1, failure);
        inSlot(c);
        end.accept(sender);
        joined(sender);
        return failure.get();
    }

    @Test
    void closeFailsTheSendWaitingInTheSlotAndTheChannelStaysQueued() throws Exception {
        RendezvousChannel<Integer> c = channel();
        assertThat(slotSenderEndedBy(c, sender -> c.close())).isInstanceOf(ChannelClosedException.class);
        assertThat(c.queuedRegime()).as("a closed channel never takes lock-free waiters again").isTrue();
        assertThat(c.poll()).isNull();
        assertThatThrownBy(() -> c.put(2)).isInstanceOf(ChannelClosedException.class);
        assertThatThrownBy(c::take).isInstanceOf(ChannelClosedException.class);
        assertThat(c.stats().sent()).isZero();
    }

    @Test
    void closeEndsTheTakeWaitingInTheSlot() throws Exception {
        RendezvousChannel<Integer> c = channel();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread taker = Thread.ofVirtual().start(() -> take(c, new ArrayList<>(), failure));
        inSlot(c);
        c.close();
        joined(taker);
        assertThat(failure.get()).isInstanceOf(ChannelClosedException.class);
    }

    @Test
    void cancelFailsTheSlotsSenderAndItsItemStaysItsOwn() throws Exception {
        RendezvousChannel<Integer> c = channel();
        Throwable failure = slotSenderEndedBy(c,
                sender -> assertThat(c.cancel()).as("a waiting sender's item is not buffered").isEmpty());
        assertThat(failure).isInstanceOf(ChannelClosedException.class);
        assertThat(((ChannelClosedException) failure).wasCancelled()).isTrue();
    }

    @Test
    void timedOutSlotWaitersLeaveTheSlotEmpty() throws Exception {
        RendezvousChannel<Integer> c = channel();
        assertThat(c.poll(Duration.ofMillis(20))).isNull();
        assertThat(c.waiterInSlot()).isFalse();
        assertThat(c.offer(1)).as("the timed-out receiver is gone").isFalse();
        assertThat(c.offer(2, Duration.ofMillis(20))).isFalse();
        assertThat(c.waiterInSlot()).isFalse();
        assertThat(c.poll()).as("the timed-out sender's item is gone with it").isNull();
        assertThat(c.size()).isZero();
        assertThat(c.stats().takeStarvedNanos()).as("the timed-out wait counts as starved")
                .isGreaterThanOrEqualTo(Duration.ofMillis(20).toNanos());
        assertThat(c.stats().putBlockedNanos()).isGreaterThanOrEqualTo(Duration.ofMillis(20).toNanos());
    }

    @Test
    void anInterruptedSlotSenderLosesNothingAndLeaves() throws Exception {
        RendezvousChannel<Integer> c = channel();
        assertThat(slotSenderEndedBy(c, Thread::interrupt)).isInstanceOf(InterruptedException.class);
        assertThat(c.waiterInSlot()).isFalse();
        assertThat(c.poll()).isNull();
        assertThat(c.stats().sent()).isZero();
    }

    @Test
    void aSelectMeetsTheSlotsSenderAndASlotReceiverMeetsASelect() throws Exception {
        RendezvousChannel<Integer> c = channel();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread sender = putting(c, 5, failure);
        inSlot(c);
        int got = Select.<Integer>create().onTake(c, x -> x).await();
        joined(sender);
        assertThat(failure.get()).isNull();
        assertThat(got).isEqualTo(5);

        List<Integer> taken = new ArrayList<>();
        Thread taker = Thread.ofVirtual().start(() -> take(c, taken, new AtomicReference<>()));
        inSlot(c);
        String r = Select.<String>create().onPut(c, 6, () -> "sent").await();
        joined(taker);
        assertThat(r).isEqualTo("sent");
        assertThat(taken).containsExactly(6);
    }

    /**
     * Senders and receivers of every flavour (blocking, timed, select; platform and virtual) on one
     * channel, while another thread keeps forcing the queued regime with {@code size()} and
     * {@code isFull()}: every item whose send succeeded is received exactly once, and no item
     * whose send failed is received.
     */
    @Test
    void bothRegimesChurningLoseAndDuplicateNothing() throws Exception {
        RendezvousChannel<Integer> c = channel();
        int senders = 4, receivers = 4, perSender = 8_000;
        Set<Integer> sent = ConcurrentHashMap.newKeySet();
        Set<Integer> received = ConcurrentHashMap.newKeySet();
        LongAdder duplicates = new LongAdder();
        AtomicInteger selects = new AtomicInteger();
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> sending = new ArrayList<>(), receiving = new ArrayList<>();
        for (int s = 0; s < senders; s++) {
            int base = s * perSender;
            Thread.Builder b = s % 2 == 0 ? Thread.ofVirtual() : Thread.ofPlatform();
            sending.add(b.start(() -> {
                try {
                    start.await();
                    for (int i = 0; i < perSender; i++) {
                        int item = base + i;
                        boolean ok = switch (ThreadLocalRandom.current().nextInt(3)) {
                            case 0 -> {
                                c.put(item);
                                yield true;
                            }
                            case 1 -> c.offer(item, Duration.ofNanos(ThreadLocalRandom.current().nextInt(200_000)));
                            default -> {
                                selects.incrementAndGet();
                                yield Select.<Boolean>create().onPut(c, item, () -> true)
                                        .onTimeout(Duration.ofMillis(1), () -> false).await();
                            }
                        };
                        if (ok) {
                            sent.add(item);
                        }
                    }
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
            }));
        }
        for (int r = 0; r < receivers; r++) {
            Thread.Builder b = r % 2 == 0 ? Thread.ofPlatform() : Thread.ofVirtual();
            receiving.add(b.start(() -> {
                try {
                    start.await();
                    while (true) {
                        Integer item = switch (ThreadLocalRandom.current().nextInt(3)) {
                            case 0 -> c.poll(Duration.ofNanos(ThreadLocalRandom.current().nextInt(200_000)));
                            case 1 -> Select.<Integer>create().onTake(c, x -> x)
                                    .onTimeout(Duration.ofMillis(1), () -> null).await();
                            default -> c.take();
                        };
                        if (item != null && !received.add(item)) {
                            duplicates.increment();
                        }
                    }
                } catch (ChannelClosedException end) {
                    // closed and drained: the end of this receiver
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
            }));
        }
        Thread churn = Thread.ofPlatform().start(() -> {
            while (!stop.get()) {
                c.size();
                c.isFull();
                Thread.onSpinWait();
            }
        });
        start.countDown();
        for (Thread t : sending) {
            joined(t);
        }
        stop.set(true);
        joined(churn);
        c.close();
        for (Thread t : receiving) {
            joined(t);
        }
        assertThat(duplicates.sum()).as("items received twice").isZero();
        assertThat(received).as("received = sent, exactly").isEqualTo(sent);
        assertThat(c.stats().sent()).isEqualTo(sent.size());
        assertThat(c.stats().received()).isEqualTo(sent.size());
        assertThat(sent.size()).as("most sends met a receiver").isGreaterThan(senders * perSender / 4);
        assertThat(selects.get()).isPositive();
    }
}
