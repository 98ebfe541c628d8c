package dev.conduit.cli.download;

import dev.conduit.channel.Channel;
import dev.conduit.channel.ChannelStats;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * Wires two stage functions with Conduit channels and threads: a feeder puts the source into a
 * bounded channel, {@code firstWorkers} virtual threads run the first stage into a second bounded
 * channel, {@code secondWorkers} platform threads run the second stage into {@code sink}. End of
 * input travels by closing channels (the last worker of a stage closes its output), no sentinels.
 * A function that throws loses nothing: the item and its exception are kept in the result and the
 * run goes on. It also times each worker's busy, starved and blocked time for the report.
 *
 * <p>A stand-in until {@code dev.conduit.pipeline.Pipeline} is on main; the stage functions do not
 * depend on it.
 */
final class ChannelWiring {

    /** A stage function. */
    @FunctionalInterface
    interface Stage<I, O> {
        O apply(I in) throws Exception;
    }

    /**
     * What happened.
     *
     * @param failures items whose stage function threw, with the exception
     * @param report   the stage report, plain text
     */
    record Result(List<Failure> failures, String report) {
    }

    /** An item a stage function threw on. */
    record Failure(String stage, Object item, Throwable error) {
    }

    private ChannelWiring() {
    }

    /**
     * Runs the two stages over {@code source} and waits for the end.
     *
     * @throws InterruptedException if interrupted while waiting; the workers are interrupted too
     */
    static <A, B, C> Result run(Iterable<A> source,
                                String firstName, int firstWorkers, Stage<A, B> first,
                                String secondName, int secondWorkers, Stage<B, C> second,
                                Consumer<C> sink) throws InterruptedException {
        Channel<A> input = Channel.<A>builder().name(firstName + "-input").capacity(Math.max(16, 2 * firstWorkers)).build();
        Channel<B> middle = Channel.<B>builder().name(firstName + "->" + secondName).capacity(Math.max(4, 2 * secondWorkers)).build();
        ConcurrentLinkedQueue<Failure> failures = new ConcurrentLinkedQueue<>();
        StageTimes t1 = new StageTimes(firstName, firstWorkers);
        StageTimes t2 = new StageTimes(secondName, secondWorkers);
        long start = System.nanoTime();

        List<Thread> threads = new ArrayList<>();
        threads.add(Thread.ofVirtual().name("download-feeder").start(() -> {
            try {
                for (A a : source) {
                    input.put(a);
                }
                input.close();
            } catch (InterruptedException e) {
                input.close(e);
            }
        }));
        LongAdder firstRunning = new LongAdder();
        firstRunning.add(firstWorkers);
        for (int i = 0; i < firstWorkers; i++) {
            threads.add(Thread.ofVirtual().name(firstName + "-" + i).start(() -> {
                try {
                    work(input, first, middle::put, t1, failures);
                } finally {
                    firstRunning.decrement();
                    if (firstRunning.sum() == 0) {
                        middle.close();
                    }
                }
            }));
        }
        for (int i = 0; i < secondWorkers; i++) {
            threads.add(Thread.ofPlatform().name(secondName + "-" + i).start(
                    () -> work(middle, second, c -> sink.accept(c), t2, failures)));
        }
        try {
            for (Thread t : threads) {
                t.join();
            }
        } catch (InterruptedException e) {
            threads.forEach(Thread::interrupt);
            throw e;
        }
        long wall = System.nanoTime() - start;
        return new Result(List.copyOf(failures), report(wall, t1, input.stats(), t2, middle.stats()));
    }

    @FunctionalInterface
    private interface Put<T> {
        void put(T t) throws InterruptedException;
    }

    private static <I, O> void work(Channel<I> in, Stage<I, O> fn, Put<O> out, StageTimes times,
                                    ConcurrentLinkedQueue<Failure> failures) {
        long mark = System.nanoTime();
        try {
            while (true) {
                I item;
                try {
                    item = in.take();
                } catch (dev.conduit.channel.ChannelClosedException end) {
                    break;
                }
                long got = System.nanoTime();
                times.starved.add(got - mark);
                times.in.increment();
                O result = null;
                try {
                    result = fn.apply(item);
                } catch (InterruptedException e) {
                    failures.add(new Failure(times.name, item, e));
                    Thread.currentThread().interrupt();
                    return;
                } catch (Exception | Error e) {
                    failures.add(new Failure(times.name, item, e));
                    times.failed.increment();
                }
                long done = System.nanoTime();
                times.busy.add(done - got);
                if (result != null) {
                    out.put(result);
                    times.out.increment();
                }
                mark = System.nanoTime();
                times.blocked.add(mark - done);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Per-stage counters, summed over its workers. */
    private static final class StageTimes {
        final String name;
        final int workers;
        final LongAdder in = new LongAdder();
        final LongAdder out = new LongAdder();
        final LongAdder failed = new LongAdder();
        final LongAdder busy = new LongAdder();
        final LongAdder starved = new LongAdder();
        final LongAdder blocked = new LongAdder();

        StageTimes(String name, int workers) {
            this.name = name;
            this.workers = workers;
        }

        double share(LongAdder part) {
            double total = busy.sum() + starved.sum() + blocked.sum();
            return total == 0 ? 0 : 100.0 * part.sum() / total;
        }
    }

    private static String report(long wallNanos, StageTimes first, ChannelStats firstInput,
                                 StageTimes second, ChannelStats middle) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "%-10s %7s %8s %8s %7s %6s %8s %8s%n",
                "stage", "workers", "in", "out", "failed", "busy", "starved", "blocked"));
        for (StageTimes t : List.of(first, second)) {
            b.append(String.format(Locale.ROOT, "%-10s %7d %8d %8d %7d %5.0f%% %7.0f%% %7.0f%%%n",
                    t.name, t.workers, t.in.sum(), t.out.sum(), t.failed.sum(),
                    t.share(t.busy), t.share(t.starved), t.share(t.blocked)));
        }
        b.append(String.format(Locale.ROOT, "channels: %s peak %d of %d; %s peak %d of %d%n",
                firstInput.name(), firstInput.peakSize(), firstInput.capacity(),
                middle.name(), middle.peakSize(), middle.capacity()));
        double busy1 = first.share(first.busy);
        double busy2 = second.share(second.busy);
        StageTimes slow = busy1 >= busy2 ? first : second;
        StageTimes other = slow == first ? second : first;
        String advice = slow == first
                ? "add download workers (-j) or check the network/server"
                : "add save workers (--save-workers) or check the disk";
        b.append(String.format(Locale.ROOT, "bottleneck: %s (busy %.0f%% of worker time; %s starved %.0f%%, blocked %.0f%%): %s%n",
                slow.name, slow.share(slow.busy), other.name, other.share(other.starved), other.share(other.blocked), advice));
        b.append(String.format(Locale.ROOT, "wall time %.2f s%n", wallNanos / 1e9));
        return b.toString();
    }
}
