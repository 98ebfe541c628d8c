package dev.conduit.channel;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Waiters that give up, by a timeout or an interrupt, at any moment while items are being handed
 * to them (issue 15): nothing is lost and nothing duplicated. Producers and consumers use every
 * way of waiting (put/take, timed offer/poll, select with a timeout) while a chaos thread
 * interrupts them at random; a party that gave up retries the same item. The ledger counts every
 * item exactly once.
 */
class GiveUpRaceTest {
    private static final int PRODUCERS = 3, CONSUMERS = 3, PER_PRODUCER = 4_000;

    static Stream<ChannelKind> kinds() {
        return ChannelKinds.multiParty().filter(k -> k.overflow() == Overflow.BLOCK);
    }

    private static Duration shortWait() {
        return Duration.ofNanos(ThreadLocalRandom.current().nextLong(0, 200_000));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void givingUpLosesAndDuplicatesNothing(ChannelKind kind) throws Exception {
        Channel<Integer> c = kind.create();
        AtomicIntegerArray seen = new AtomicIntegerArray(PRODUCERS * PER_PRODUCER);
        LongAdder gaveUp = new LongAdder();
        List<Thread> parties = new ArrayList<>();
        List<Threads.Running<Void>> producers = new ArrayList<>(), consumers = new ArrayList<>();
        for (int p = 0; p < PRODUCERS; p++) {
            int base = p * PER_PRODUCER;
            Threads.Running<Void> r = Threads.start("producer-" + p, p % 2 == 0, () -> {
                for (int i = 0; i < PER_PRODUCER; ) {
                    int item = base + i;
                    boolean sent;
                    try {
                        sent = switch (i % 3) {
                            case 0 -> {
                                c.put(item);
                                yield true;
                            }
                            case 1 -> c.offer(item, shortWait());
                            default -> Select.<Boolean>create().onPut(c, item, () -> true)
                                    .onTimeout(shortWait(), () -> false).await();
                        };
                    } catch (InterruptedException e) {
                        sent = false;
                    }
                    if (sent) {
                        i++;
                    } else {
                        gaveUp.increment();
                    }
                }
                return null;
            });
            producers.add(r);
            parties.add(r.thread());
        }
        for (int k = 0; k < CONSUMERS; k++) {
            int id = k;
            Threads.Running<Void> r = Threads.start("consumer-" + k, k % 2 == 1, () -> {
                for (int round = id; ; round++) {
                    try {
                        Integer item = switch (round % 3) {
                            case 0 -> c.take();
                            case 1 -> c.poll(shortWait());
                            default -> Select.<Integer>create().onTake(c, x -> x)
                                    .onTimeout(shortWait(), () -> null).await();
                        };
                        if (item != null) {
                            seen.incrementAndGet(item);
                        } else {
                            gaveUp.increment();
                        }
                    } catch (InterruptedException e) {
                        gaveUp.increment();
                    } catch (ChannelClosedException end) {
                        return null;
                    }
                }
            });
            consumers.add(r);
            parties.add(r.thread());
        }
        AtomicBoolean chaos = new AtomicBoolean(true);
        Thread interrupter = Thread.ofPlatform().daemon().start(() -> {
            ThreadLocalRandom rnd = ThreadLocalRandom.current();
            while (chaos.get()) {
                parties.get(rnd.nextInt(parties.size())).interrupt();
                LockSupport.parkNanos(rnd.nextLong(20_000, 200_000)); // pacing, not synchronization
            }
        });
        for (Threads.Running<Void> p : producers) {
            p.join();
        }
        c.close();
        for (Threads.Running<Void> k : consumers) {
            k.join();
        }
        chaos.set(false);
        interrupter.join();

        for (int i = 0; i < seen.length(); i++) {
            assertThat(seen.get(i)).as("item %d", i).isEqualTo(1);
        }
        assertThat(c.stats().sent()).isEqualTo(seen.length());
        assertThat(c.stats().received()).isEqualTo(seen.length());
        assertThat(gaveUp.sum()).as("the chaos made parties give up").isPositive();
    }
}
