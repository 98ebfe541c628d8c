package dev.conduit.bench.waiting;

import dev.conduit.channel.Channel;

import java.io.File;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.SynchronousQueue;
import java.util.function.Supplier;

/**
 * Not a JMH benchmark: the rendezvous hand-off between two virtual threads, Conduit's channel
 * beside {@link SynchronousQueue} and beside {@link BareSlot} (a bare copy of its slot protocol),
 * in one JVM. Every round starts a fresh pair of threads for every contender, in a shuffled order,
 * so the rounds sample where the scheduler places a pair; a JMH fork keeps the placement its
 * threads got at the start, and one fork is a draw between cells 2x apart. Each contender makes a
 * new queue or channel for each round, except the two marked "one for all", which keep theirs (as
 * a JMH trial does). Prints each
 * contender's median, quartiles and the nanoseconds per hand-off of its rounds.
 *
 * <pre>
 * java -XX:+UseParallelGC -Xms2g -Xmx2g -cp conduit-bench/target/benchmarks.jar \
 *     [-Dconduit.jars=a.jar,b.jar] dev.conduit.bench.waiting.SlotFloor [rounds]
 * </pre>
 * {@code conduit.jars} adds the rendezvous channel of other builds of conduit-core, each in its
 * own class loader (an A/B of two commits in one JVM); add
 * {@code -Djdk.virtualThreadScheduler.parallelism=1} to keep both threads on one carrier.
 */
public final class SlotFloor {
    private static final int HANDOFFS = 200_000, WARM_ROUNDS = 3;

    private interface Send {
        void send(Long item) throws InterruptedException;
    }

    private interface Take {
        Long take() throws InterruptedException;
    }

    /** One contender's two ends, as the sender and the receiver of a round see them. */
    private record Pair(Send sender, Take receiver) { }

    private record Contender(String name, Supplier<Pair> make) { }

    private SlotFloor() {
    }

    /**
     * Runs the rounds and prints the table.
     *
     * @param args the number of measured rounds (default 101), after three warm-up rounds
     * @throws Exception if a round fails, loses an item, or another build cannot be loaded
     */
    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 101;
        List<Contender> contenders = contenders();
        Map<String, List<Double>> results = new LinkedHashMap<>();
        contenders.forEach(c -> results.put(c.name(), new ArrayList<>()));
        Long[] items = new Long[HANDOFFS];
        for (int i = 0; i < HANDOFFS; i++) {
            items[i] = (long) i;
        }
        Random order = new Random(1);
        for (int r = -WARM_ROUNDS; r < rounds; r++) {
            List<Contender> shuffled = new ArrayList<>(contenders);
            Collections.shuffle(shuffled, order);
            for (Contender c : shuffled) {
                double ns = round(c.make().get(), items);
                if (r >= 0) {
                    results.get(c.name()).add(ns);
                }
            }
        }
        System.out.printf("%d rounds of %,d hand-offs, ns per hand-off%n", rounds, HANDOFFS);
        results.forEach((name, ns) -> {
            Collections.sort(ns);
            System.out.printf("%-32s median %6.1f  quartiles %6.1f - %6.1f%n",
                    name, ns.get(ns.size() / 2), ns.get(ns.size() / 4), ns.get(3 * ns.size() / 4));
        });
    }

    private static List<Contender> contenders() throws Exception {
        List<Contender> list = new ArrayList<>();
        list.add(new Contender("SynchronousQueue", () -> of(new SynchronousQueue<>())));
        list.add(new Contender("conduit (this build)", () -> of(Channel.<Long>rendezvous().asBlockingQueue())));
        Pair oneQueue = of(new SynchronousQueue<>()), oneChannel = of(Channel.<Long>rendezvous().asBlockingQueue());
        list.add(new Contender("SynchronousQueue, one for all", () -> oneQueue));
        list.add(new Contender("conduit, one for all", () -> oneChannel));
        for (String jar : System.getProperty("conduit.jars", "").split(",")) {
            if (!jar.isBlank()) {
                list.add(new Contender("conduit (" + new File(jar).getName() + ")", rendezvousFrom(jar)));
            }
        }
        list.add(new Contender("bare slot", () -> of(new BareSlot(false, false, false))));
        list.add(new Contender("bare slot + hand-off counter", () -> of(new BareSlot(false, true, false))));
        list.add(new Contender("bare slot + park clock", () -> of(new BareSlot(true, false, false))));
        list.add(new Contender("bare slot + clock + counter + chores", () -> of(new BareSlot(true, true, true))));
        return list;
    }

    /** @return a maker of rendezvous channels of the conduit-core in {@code jar}, loaded on their own */
    private static Supplier<Pair> rendezvousFrom(String jar) throws Exception {
        ClassLoader loader = new URLClassLoader(new URL[] {new File(jar).toURI().toURL()}, null);
        Class<?> channel = loader.loadClass(Channel.class.getName());
        Method rendezvous = channel.getMethod("rendezvous"), view = channel.getMethod("asBlockingQueue");
        return () -> {
            try {
                @SuppressWarnings("unchecked")
                BlockingQueue<Long> q = (BlockingQueue<Long>) view.invoke(rendezvous.invoke(null));
                return of(q);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot make a rendezvous channel from " + jar, e);
            }
        };
    }

    private static Pair of(BlockingQueue<Long> q) {
        return new Pair(q::put, q::take);
    }

    private static Pair of(BareSlot slot) {
        return new Pair(slot::send, () -> (Long) slot.take());
    }

    /** @return nanoseconds per hand-off of one round; fails if an item was lost or doubled */
    private static double round(Pair pair, Long[] items) throws Exception {
        CyclicBarrier start = new CyclicBarrier(2);
        long[] times = new long[2];
        long[] sum = new long[1];
        Throwable[] failure = new Throwable[1];
        Thread sender = Thread.ofVirtual().start(() -> {
            try {
                start.await();
                times[0] = System.nanoTime();
                for (Long item : items) {
                    pair.sender().send(item);
                }
            } catch (Exception e) {
                failure[0] = e;
            }
        });
        Thread receiver = Thread.ofVirtual().start(() -> {
            try {
                start.await();
                long s = 0;
                for (int i = 0; i < items.length; i++) {
                    s += pair.receiver().take();
                }
                sum[0] = s;
                times[1] = System.nanoTime();
            } catch (Exception e) {
                failure[0] = e;
            }
        });
        sender.join();
        receiver.join();
        if (failure[0] != null) {
            throw new IllegalStateException("a round failed", failure[0]);
        }
        long n = items.length;
        if (sum[0] != n * (n - 1) / 2) {
            throw new IllegalStateException("items lost or doubled: sum " + sum[0] + ", expected " + n * (n - 1) / 2);
        }
        return (times[1] - times[0]) / (double) n;
    }
}
