package dev.conduit.channel;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.conduit.channel.Threads.start;
import static dev.conduit.channel.Threads.syncList;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link Select#dropFinished()}: a select loop over channels that end one by one drains them all,
 * takes each item exactly once, runs each channel's {@code onClosed} exactly once, and stops,
 * without spinning on the ended channels.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SelectDropFinishedTest {

    private static final int ITEMS = 2_000;

    /** Three channels of three implementations, fed by producers that close them at different times. */
    private record Sources(List<Channel<Integer>> channels, List<Threads.Running<Void>> producers) {
        static Sources start(int perChannel) {
            List<Channel<Integer>> channels = List.of(Channel.bounded(4), Channel.unbounded(), Channel.rendezvous());
            List<Threads.Running<Void>> producers = new ArrayList<>();
            for (int k = 0; k < channels.size(); k++) {
                Channel<Integer> c = channels.get(k);
                int base = k * 1_000_000, count = perChannel * (k + 1) / 2; // so they end at different times
                producers.add(Threads.start("producer-" + k, () -> {
                    for (int i = 0; i < count; i++) {
                        c.put(base + i);
                    }
                    c.close();
                    return null;
                }));
            }
            return new Sources(channels, producers);
        }

        Set<Integer> expected() {
            Set<Integer> all = new HashSet<>();
            for (int k = 0; k < channels.size(); k++) {
                for (int i = 0, count = ITEMS * (k + 1) / 2; i < count; i++) {
                    all.add(k * 1_000_000 + i);
                }
            }
            return all;
        }

        void join() throws Exception {
            for (Threads.Running<Void> p : producers) {
                p.join();
            }
        }
    }

    /**
     * A dropFinished loop over the three channels of {@code s}: each take adds its item to
     * {@code taken}, each channel's onClosed counts itself in {@code closedRuns}.
     */
    private static Select<String> drainingLoop(Sources s, List<Integer> taken, Map<Integer, AtomicInteger> closedRuns) {
        Select<String> loop = Select.<String>create().dropFinished();
        for (int k = 0; k < 3; k++) {
            int which = k;
            loop.onTake(s.channels().get(k), item -> {
                taken.add(item);
                return "item";
            });
            loop.onClosed(s.channels().get(k), () -> {
                closedRuns.computeIfAbsent(which, x -> new AtomicInteger()).incrementAndGet();
                return "closed " + which;
            });
        }
        return loop;
    }

    @Test
    void aLoopDrainsEveryChannelOnceAndRunsEachOnClosedOnce() throws Exception {
        Sources s = Sources.start(ITEMS);
        List<Integer> taken = new ArrayList<>();
        Map<Integer, AtomicInteger> closedRuns = new ConcurrentHashMap<>();
        Select<String> loop = drainingLoop(s, taken, closedRuns);
        int awaits = 0, nulls = 0;
        while (!loop.isFinished()) {
            String r = loop.await();
            awaits++;
            if (r == null) {
                nulls++;
            }
        }
        s.join();
        assertThat(new HashSet<>(taken)).isEqualTo(s.expected());
        assertThat(taken).hasSize(s.expected().size()); // and no item twice
        assertThat(closedRuns).containsOnlyKeys(0, 1, 2);
        assertThat(closedRuns.values()).allSatisfy(n -> assertThat(n.get()).isEqualTo(1));
        // One await per item, and one or two per channel's end (its onClosed, then perhaps its take
        // clause finding the end): never a loop spinning on an ended channel.
        assertThat(awaits).isBetween(taken.size() + 3, taken.size() + 6);
        assertThat(nulls).isLessThanOrEqualTo(3);
        assertThat(loop.await()).as("nothing left: null at once").isNull();
    }

    @Test
    void withoutOnClosedTheLoopEndsAfterTheLastItem() throws Exception {
        Sources s = Sources.start(ITEMS);
        List<Integer> taken = new ArrayList<>();
        Select<Integer> loop = Select.<Integer>create().dropFinished();
        for (Channel<Integer> c : s.channels()) {
            loop.onTake(c, item -> item);
        }
        int ends = 0;
        while (!loop.isFinished()) {
            Integer r = loop.await();
            if (r == null) {
                ends++;
            } else {
                taken.add(r);
            }
        }
        s.join();
        assertThat(ends).as("one null per channel's end").isEqualTo(3);
        assertThat(taken).hasSize(s.expected().size());
        assertThat(new HashSet<>(taken)).isEqualTo(s.expected());
    }

    @Test
    void twoThreadsLoopingOnOneSelectShareTheItemsAndEachEndOnce() throws Exception {
        Sources s = Sources.start(ITEMS);
        List<Integer> taken = syncList();
        Map<Integer, AtomicInteger> closedRuns = new ConcurrentHashMap<>();
        Select<String> loop = drainingLoop(s, taken, closedRuns);
        List<Threads.Running<Integer>> loops = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
            loops.add(start("loop-" + t, () -> {
                int awaits = 0;
                while (!loop.isFinished()) {
                    loop.await();
                    awaits++;
                }
                return awaits;
            }));
        }
        int awaits = 0;
        for (Threads.Running<Integer> l : loops) {
            awaits += l.join();
        }
        s.join();
        assertThat(taken).hasSize(s.expected().size());
        assertThat(new HashSet<>(taken)).isEqualTo(s.expected());
        assertThat(closedRuns).containsOnlyKeys(0, 1, 2);
        assertThat(closedRuns.values()).allSatisfy(n -> assertThat(n.get()).isEqualTo(1));
        // Each await took an item, ran an onClosed, finished a take clause, or found nothing left.
        assertThat(awaits).isBetween(taken.size() + 3, taken.size() + 6 + 2);
    }

    @Test
    void aChannelClosedWithACauseStillThrowsButIsDroppedSoTheLoopGoesOn() throws Exception {
        Channel<Integer> failing = Channel.bounded(2);
        Channel<Integer> fine = Channel.bounded(2);
        failing.close(new IOException("upstream broke"));
        Select<Integer> loop = Select.<Integer>create().dropFinished()
                .onTake(failing, i -> i)
                .onTake(fine, i -> i);
        assertThatThrownBy(loop::await).isInstanceOf(ChannelClosedException.class)
                .hasCauseInstanceOf(IOException.class);
        assertThat(loop.isFinished()).isFalse();
        fine.put(1);
        fine.close();
        assertThat(loop.await()).isEqualTo(1);
        assertThat(loop.await()).as("fine's end").isNull();
        assertThat(loop.isFinished()).isTrue();
    }

    @Test
    void aPutClauseIsDroppedOnceItsChannelIsClosedForSending() throws Exception {
        Channel<Integer> out = Channel.bounded(4);
        Channel<Integer> in = Channel.bounded(4);
        in.put(5);
        out.close();
        List<String> log = new ArrayList<>();
        Select<String> loop = Select.<String>create().dropFinished()
                .onPut(out, 1, () -> "sent")
                .onTake(in, i -> "took " + i)
                .onClosed(out, () -> "out closed");
        while (!log.contains("took 5") || !log.contains("out closed")) { // something is ready each time
            log.add(loop.await());
        }
        assertThat(log).hasSizeLessThanOrEqualTo(3);
        in.close();
        while (!loop.isFinished()) {
            log.add(loop.await());
        }
        assertThat(log).doesNotContain("sent");
        assertThat(log.stream().filter("out closed"::equals).count()).isEqualTo(1);
    }

    @Test
    void withoutDropFinishedAnEndedChannelFiresAgainAndAgain() throws Exception {
        Channel<Integer> c = Channel.bounded(1);
        c.close();
        Select<String> plain = Select.<String>create().onTake(c, i -> "item").onClosed(c, () -> "closed");
        for (int i = 0; i < 3; i++) {
            assertThat(plain.await()).isEqualTo("closed");
        }
        assertThat(plain.isFinished()).isFalse();
        assertThat(plain.toString()).doesNotContain("dropping");
    }
}
