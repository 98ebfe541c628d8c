package dev.conduit.channel;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;

import static dev.conduit.channel.Threads.PATIENCE;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Selects that wait inside their channels (issue 15): two selects on the two ends of a rendezvous
 * channel meet; Go's {@code TestSelectStress} shape (a selecting sender and a selecting receiver
 * beside plain ones, over rendezvous and buffered channels) delivers every item exactly once and
 * ends; {@code orElse} fires only when at one moment no clause could (Go's
 * {@code TestNonblockSelectRace}). Each of these hung or failed before selects registered in the
 * channels.
 */
class SelectMeetsTest {

    @Test
    void aSelectingSenderAndASelectingReceiverMeetOnARendezvousChannel() throws Exception {
        int rounds = 5_000;
        Channel<Integer> rv = Channel.rendezvous();
        Channel<Integer> never = Channel.rendezvous();
        Threads.Running<Long> receiver = Threads.start("select-receiver", true, () -> {
            long sum = 0;
            Select<Integer> select = Select.<Integer>create().onTake(rv, x -> x).onTake(never, x -> -1_000_000);
            for (int i = 0; i < rounds; i++) {
                sum += select.await();
            }
            return sum;
        });
        Channel<Integer> neverToo = Channel.rendezvous();
        for (int i = 1; i <= rounds; i++) {
            int item = i;
            String sent = Select.<String>create().onPut(rv, item, () -> "rv").onTake(neverToo, x -> "never").await();
            assertThat(sent).isEqualTo("rv");
        }
        assertThat(receiver.join()).isEqualTo((long) rounds * (rounds + 1) / 2);
    }

    @Test
    void goSelectStressDeliversEveryItemOnceAndEnds() throws Exception {
        int perParty = 4_000;
        List<Channel<Integer>> channels = List.of(Channel.rendezvous(), Channel.rendezvous(),
                Channel.bounded(2), Channel.<Integer>builder().capacity(2).lifo().build());
        int n = channels.size();
        // Item = channel * 2 * perParty + sender (0 plain, 1 select) * perParty + seq: each exactly once.
        AtomicIntegerArray seen = new AtomicIntegerArray(n * 2 * perParty);
        List<Threads.Running<Void>> parties = new ArrayList<>();
        for (int c = 0; c < n; c++) {
            Channel<Integer> ch = channels.get(c);
            int base = c * 2 * perParty;
            parties.add(Threads.start("plain-sender-" + c, c % 2 == 0, () -> {
                for (int i = 0; i < perParty; i++) {
                    ch.put(base + i);
                }
                return null;
            }));
            parties.add(Threads.start("plain-receiver-" + c, c % 2 == 1, () -> {
                for (int i = 0; i < perParty; i++) {
                    seen.incrementAndGet(ch.take());
                }
                return null;
            }));
        }
        parties.add(Threads.start("select-sender", true, () -> {
            int[] next = new int[n];
            for (int left = n * perParty; left > 0; left--) {
                Select<Integer> s = Select.create();
                for (int c = 0; c < n; c++) {
                    if (next[c] < perParty) {
                        int c0 = c;
                        s.onPut(channels.get(c), c * 2 * perParty + perParty + next[c], () -> c0);
                    }
                }
                next[s.await()]++;
            }
            return null;
        }));
        parties.add(Threads.start("select-receiver", false, () -> {
            int[] got = new int[n];
            for (int left = n * perParty; left > 0; left--) {
                Select<Integer> s = Select.create();
                for (int c = 0; c < n; c++) {
                    if (got[c] < perParty) {
                        int c0 = c;
                        s.onTake(channels.get(c), x -> {
                            seen.incrementAndGet(x);
                            return c0;
                        });
                    }
                }
                got[s.await()]++;
            }
            return null;
        }));
        for (Threads.Running<Void> p : parties) {
            p.join();
        }
        for (int i = 0; i < seen.length(); i++) {
            assertThat(seen.get(i)).as("item %d", i).isEqualTo(1);
        }
        for (Channel<Integer> ch : channels) {
            assertThat(ch.isEmpty()).isTrue();
        }
    }

    @Test
    void orElseNeverFiresWhileAClauseIsReadyAtEveryMoment() throws Exception {
        // Go's TestNonblockSelectRace: c1 holds an item until c2 has one, so at every moment one
        // of the two could be taken; the selecting thread's orElse must never fire.
        int rounds = 20_000;
        AtomicBoolean elseFired = new AtomicBoolean();
        for (int i = 0; i < rounds && !elseFired.get(); i++) {
            Channel<Integer> c1 = Channel.bounded(1);
            Channel<Integer> c2 = Channel.bounded(1);
            c1.put(1);
            Select<Boolean> select = Select.<Boolean>create().onTake(c1, x -> true).onTake(c2, x -> true).orElse(() -> false);
            AtomicReference<Boolean> outcome = new AtomicReference<>();
            Thread t = Thread.ofVirtual().start(() -> {
                try {
                    outcome.set(select.await());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            c2.put(1);
            c1.poll();
            t.join(PATIENCE.toMillis());
            if (!Boolean.TRUE.equals(outcome.get())) {
                elseFired.set(true);
                throw new AssertionError("orElse fired in round " + i + " while c1 or c2 held an item at every moment");
            }
        }
    }

    @Test
    void orElseNeverFiresWhileTheOtherEndOfARendezvousWaits() throws Exception {
        // A sender parked on a rendezvous channel makes a receive clause ready for as long as it waits.
        Channel<Integer> rv = Channel.rendezvous();
        int rounds = 2_000;
        Threads.Running<Void> sender = Threads.start("sender", true, () -> {
            for (int i = 0; i < rounds; i++) {
                rv.put(i);
            }
            return null;
        });
        int taken = 0;
        while (taken < rounds) {
            Integer got = Select.<Integer>create().onTake(rv, x -> x).orElse(() -> null).await();
            if (got != null) {
                assertThat(got).isEqualTo(taken);
                taken++;
            } else {
                Thread.onSpinWait();
            }
        }
        sender.join();
    }
}
