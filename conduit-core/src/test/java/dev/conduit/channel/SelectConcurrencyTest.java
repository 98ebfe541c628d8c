package dev.conduit.channel;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Select under contention: every item taken or put exactly once, fairness over many rounds, and
 * many virtual threads selecting at once.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SelectConcurrencyTest {

    /** Counts deliveries per id and checks that each id arrived exactly once. */
    private static final class Ledger {
        final AtomicIntegerArray seen;
        final AtomicLong sum = new AtomicLong();

        Ledger(int ids) {
            seen = new AtomicIntegerArray(ids);
        }

        void record(int id) {
            seen.incrementAndGet(id);
            sum.addAndGet(id);
        }

        void assertEachExactlyOnce() {
            int n = seen.length();
            int missing = 0;
            int duplicated = 0;
            for (int i = 0; i < n; i++) {
                int c = seen.get(i);
                if (c == 0) {
                    missing++;
                } else if (c > 1) {
                    duplicated++;
                }
            }
            assertThat(missing).as("ids never delivered").isZero();
            assertThat(duplicated).as("ids delivered more than once").isZero();
            assertThat(sum.get()).isEqualTo((long) n * (n - 1) / 2);
        }
    }

    /** Takes from whichever of {@code channels} is ready until all are closed and drained. */
    private static void selectingConsumer(List<Channel<Integer>> channels, Ledger ledger) throws InterruptedException {
        List<Channel<Integer>> open = new ArrayList<>(channels);
        Select<Channel<Integer>> select = null;
        while (!open.isEmpty()) {
            if (select == null) { // one select per set of open channels, awaited again and again
                select = Select.create();
                for (Channel<Integer> ch : open) {
                    select.onTake(ch, id -> {
                        ledger.record(id);
                        return null;
                    });
                    select.onClosed(ch, () -> ch);
                }
            }
            Channel<Integer> ended = select.await();
            if (ended != null) {
                open.remove(ended);
                select = null;
            }
        }
    }

    @Test
    void fourSelectingConsumersOverThreeChannelsTakeEveryItemExactlyOnce() throws Exception {
        int perChannel = 30_000;
        List<Channel<Integer>> channels = List.of(
                Channel.bounded(8), Channel.unbounded(), Channel.rendezvous());
        Ledger ledger = new Ledger(perChannel * channels.size());
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < channels.size(); c++) {
            Channel<Integer> ch = channels.get(c);
            int base = c * perChannel;
            threads.add(Thread.ofPlatform().name("producer-" + c).start(() -> {
                try {
                    for (int i = 0; i < perChannel; i++) {
                        ch.put(base + i);
                    }
                    ch.close();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
        }
        for (int k = 0; k < 4; k++) {
            Thread.Builder b = k % 2 == 0 ? Thread.ofPlatform() : Thread.ofVirtual();
            threads.add(b.name("selector-" + k).start(() -> {
                try {
                    selectingConsumer(channels, ledger);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        ledger.assertEachExactlyOnce();
    }

    @Test
    void fourSelectingProducersPutEveryItemIntoExactlyOneChannel() throws Exception {
        int perProducer = 10_000;
        int producers = 4;
        List<Channel<Integer>> channels = List.of(
                Channel.bounded(4),
                Channel.<Integer>builder().capacity(4).lifo().build(),
                Channel.<Integer>builder().capacity(4).priority(Comparator.naturalOrder()).build(),
                Channel.rendezvous());
        Ledger ledger = new Ledger(perProducer * producers);
        List<Thread> consumers = new ArrayList<>();
        for (Channel<Integer> ch : channels) {
            consumers.add(Thread.ofPlatform().start(() -> ch.forEach(ledger::record)));
        }
        List<Thread> producing = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            int base = p * perProducer;
            Thread.Builder b = p % 2 == 0 ? Thread.ofVirtual() : Thread.ofPlatform();
            producing.add(b.start(() -> {
                try {
                    for (int i = 0; i < perProducer; i++) {
                        int id = base + i;
                        Select<Void> select = Select.create();
                        for (Channel<Integer> ch : channels) {
                            select.onPut(ch, id, () -> null);
                        }
                        select.await();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
        }
        for (Thread t : producing) {
            t.join();
        }
        channels.forEach(Channel::close);
        for (Thread t : consumers) {
            t.join();
        }
        ledger.assertEachExactlyOnce();
    }

    @Test
    void selectsOnBothSidesOfBufferedChannelsLoseAndDuplicateNothing() throws Exception {
        int perProducer = 20_000;
        int producers = 3;
        List<Channel<Integer>> channels = List.of(Channel.bounded(2), Channel.bounded(1));
        Ledger ledger = new Ledger(perProducer * producers);
        List<Thread> producing = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            int base = p * perProducer;
            producing.add(Thread.ofVirtual().start(() -> {
                try {
                    for (int i = 0; i < perProducer; i++) {
                        int id = base + i;
                        Select.<Void>create()
                                .onPut(channels.get(0), id, () -> null)
                                .onPut(channels.get(1), id, () -> null)
                                .await();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
        }
        List<Thread> consuming = new ArrayList<>();
        for (int k = 0; k < 3; k++) {
            Thread.Builder b = k == 0 ? Thread.ofPlatform() : Thread.ofVirtual();
            consuming.add(b.start(() -> {
                try {
                    selectingConsumer(channels, ledger);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
        }
        for (Thread t : producing) {
            t.join();
        }
        channels.forEach(Channel::close);
        for (Thread t : consuming) {
            t.join();
        }
        ledger.assertEachExactlyOnce();
    }

    // ---------------------------------------------------------------- fairness

    @Test
    void everyAlwaysReadyClauseWinsAFairShare() throws Exception {
        int rounds = 30_000;
        List<Channel<Integer>> ready = List.of(Channel.unbounded(), Channel.unbounded(), Channel.unbounded());
        for (Channel<Integer> ch : ready) {
            for (int i = 0; i < rounds; i++) {
                ch.put(i);
            }
        }
        Channel<Integer> neverReady = Channel.bounded(1);
        Channel<Integer> roomForever = Channel.unbounded();
        Select<String> select = Select.<String>create()
                .onTake(neverReady, x -> "never")
                .onTake(ready.get(0), x -> "take0")
                .onTake(ready.get(1), x -> "take1")
                .onTake(ready.get(2), x -> "take2")
                .onPut(roomForever, 1, () -> "put");
        Map<String, Integer> wins = new HashMap<>();
        for (int i = 0; i < rounds; i++) {
            wins.merge(select.await(), 1, Integer::sum);
        }
        // four always-ready clauses: each expects a quarter (7,500; standard deviation about 75)
        assertThat(wins).doesNotContainKey("never");
        for (String clause : List.of("take0", "take1", "take2", "put")) {
            assertThat(wins.get(clause)).as("wins of %s in %s", clause, wins).isBetween(rounds / 4 - 750, rounds / 4 + 750);
        }
        assertThat(wins.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(rounds);
        assertThat(roomForever.size()).isEqualTo(wins.get("put"));
    }

    @Test
    void noClauseStarvesWhenSeveralSelectorsCompete() throws Exception {
        // Two channels with the same number of items, taken by two competing selecting consumers.
        // With a fair choice both drain at about the same pace, so when the first one runs dry the
        // other has given nearly all of its items too; a fixed scan order would have left it untouched.
        int perChannel = 10_000;
        List<Channel<Integer>> channels = List.of(Channel.unbounded(), Channel.unbounded());
        AtomicLong[] taken = {new AtomicLong(), new AtomicLong()};
        for (Channel<Integer> ch : channels) {
            for (int i = 0; i < perChannel; i++) {
                ch.put(i);
            }
            ch.close();
        }
        AtomicLong otherWhenFirstRanDry = new AtomicLong(-1);
        List<Thread> selectors = new ArrayList<>();
        for (int k = 0; k < 2; k++) {
            selectors.add(Thread.ofPlatform().start(() -> {
                try {
                    List<Integer> open = new ArrayList<>(List.of(0, 1));
                    while (!open.isEmpty()) {
                        Select<Integer> select = Select.create();
                        for (int c : open) {
                            select.onTake(channels.get(c), x -> {
                                taken[c].incrementAndGet();
                                return -1;
                            });
                            select.onClosed(channels.get(c), () -> c);
                        }
                        int ended = select.await();
                        if (ended >= 0) {
                            open.remove(Integer.valueOf(ended));
                            otherWhenFirstRanDry.compareAndSet(-1, taken[1 - ended].get());
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
        }
        for (Thread t : selectors) {
            t.join();
        }
        assertThat(taken[0].get()).isEqualTo(perChannel);
        assertThat(taken[1].get()).isEqualTo(perChannel);
        assertThat(otherWhenFirstRanDry.get()).as("items the other channel had given when the first ran dry")
                .isGreaterThan(perChannel * 8L / 10);
    }

    // ---------------------------------------------------------------- virtual threads

    @Test
    void thousandsOfVirtualThreadsSelectingAtOnceEachGetOneItem() throws Exception {
        int selectors = 2_000;
        Channel<Integer> a = Channel.bounded(16);
        Channel<Integer> b = Channel.rendezvous();
        Ledger ledger = new Ledger(selectors);
        CountDownLatch finished = new CountDownLatch(selectors);
        for (int i = 0; i < selectors; i++) {
            Thread.ofVirtual().start(() -> {
                try {
                    Select.<Void>create()
                            .onTake(a, id -> {
                                ledger.record(id);
                                return null;
                            })
                            .onTake(b, id -> {
                                ledger.record(id);
                                return null;
                            })
                            .await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    finished.countDown();
                }
            });
        }
        for (int id = 0; id < selectors; id++) {
            (id % 2 == 0 ? a : b).put(id); // a rendezvous put returns only once a select took it
        }
        assertThat(finished.await(60, TimeUnit.SECONDS)).isTrue();
        ledger.assertEachExactlyOnce();
        assertThat(a.isEmpty()).isTrue();
    }
}
