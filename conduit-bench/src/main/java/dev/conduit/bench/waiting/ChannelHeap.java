package dev.conduit.bench.waiting;

import dev.conduit.channel.Channel;
import org.openjdk.jol.info.GraphLayout;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.LinkedTransferQueue;
import java.util.concurrent.SynchronousQueue;
import java.util.function.Supplier;

/**
 * Heap per empty channel, by kind, for Conduit, Jox and the JDK queues (issue 15), measured with
 * JOL, and the cost of a million idle channels in a JVM with the default heap.
 *
 * <p>Usage: {@code ChannelHeap} prints TSV lines {@code heap KIND IMPL ONE MARGINAL USED}: {@code ONE}
 * is {@code GraphLayout.parseInstance(channel).totalSize()}, everything reachable from one new
 * channel; {@code MARGINAL} is what each of 1,000 channels adds (the graph of 1,000 channels less
 * the array that holds them, divided by 1,000), which leaves out objects all channels share;
 * {@code USED} is the same after one item went into each channel and out again (empty again, but
 * used: lazily made buffers now exist), {@code n/a} for a rendezvous. Then,
 * for rendezvous and bounded(16), it starts one JVM per contender with no {@code -Xmx} (the
 * default heap) that fills an array with {@link #MILLION} channels and prints
 * {@code million KIND IMPL BYTES_EACH TOTAL_MB MAX_HEAP_MB}, or {@code ... OOM} when they did not
 * fit. {@code ChannelHeap --million KIND IMPL} is that child.
 */
public final class ChannelHeap {
    static final int MILLION = 1_000_000;
    private static final int SAMPLE = 1_000;

    private ChannelHeap() {
    }

    /** Kind name to its contenders, each a name and a maker of one empty channel. */
    static Map<String, Map<String, Supplier<Object>>> contenders() {
        Map<String, Map<String, Supplier<Object>>> kinds = new LinkedHashMap<>();
        kinds.put("rendezvous", contenders(Channel::rendezvous, com.softwaremill.jox.Channel::newRendezvousChannel,
                "SynchronousQueue", SynchronousQueue::new, "LinkedTransferQueue", LinkedTransferQueue::new));
        for (int n : new int[] {1, 16, 1024}) {
            kinds.put("bounded(" + n + ")", contenders(() -> Channel.bounded(n),
                    () -> com.softwaremill.jox.Channel.newBufferedChannel(n),
                    "ArrayBlockingQueue", () -> new ArrayBlockingQueue<>(n),
                    "LinkedBlockingQueue", () -> new LinkedBlockingQueue<>(n)));
        }
        kinds.put("unbounded", contenders(Channel::unbounded, com.softwaremill.jox.Channel::newUnlimitedChannel,
                "LinkedBlockingQueue", LinkedBlockingQueue::new, "LinkedTransferQueue", LinkedTransferQueue::new));
        return kinds;
    }

    private static Map<String, Supplier<Object>> contenders(Supplier<Object> conduit, Supplier<Object> jox,
                                                            String jdk1, Supplier<Object> make1,
                                                            String jdk2, Supplier<Object> make2) {
        Map<String, Supplier<Object>> m = new LinkedHashMap<>();
        m.put(Lane.CONDUIT, conduit);
        m.put(Lane.JOX, jox);
        m.put(jdk1, make1);
        m.put(jdk2, make2);
        return m;
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 3 && args[0].equals("--million")) {
            million(args[1], args[2]);
            return;
        }
        if (args.length != 0) {
            System.err.println("usage: ChannelHeap | ChannelHeap --million KIND IMPL");
            System.exit(2);
        }
        for (Map.Entry<String, Map<String, Supplier<Object>>> kind : contenders().entrySet()) {
            for (Map.Entry<String, Supplier<Object>> c : kind.getValue().entrySet()) {
                long one = GraphLayout.parseInstance(c.getValue().get()).totalSize();
                Object[] many = new Object[SAMPLE];
                for (int i = 0; i < SAMPLE; i++) {
                    many[i] = c.getValue().get();
                }
                long array = GraphLayout.parseInstance((Object) new Object[SAMPLE]).totalSize();
                long all = GraphLayout.parseInstance((Object) many).totalSize();
                double marginal = (double) (all - array) / SAMPLE;
                String used = "n/a";
                if (!kind.getKey().equals("rendezvous")) { // a rendezvous cannot take an item without a receiver
                    for (Object ch : many) {
                        cycle(ch);
                    }
                    used = String.format("%.1f", (double) (GraphLayout.parseInstance((Object) many).totalSize() - array)
                            / SAMPLE);
                }
                System.out.printf("heap\t%s\t%s\t%d\t%.1f\t%s%n", kind.getKey(), c.getKey(), one, marginal, used);
            }
        }
        System.out.flush();
        for (String kind : List.of("rendezvous", "bounded(16)")) {
            for (String impl : contenders().get(kind).keySet()) {
                System.out.println(child(kind, impl));
                System.out.flush();
            }
        }
    }

    /** Sends one item into {@code channel} and takes it out again, so it is empty but has been used. */
    private static void cycle(Object channel) throws InterruptedException {
        Long item = 1L;
        Object back;
        if (channel instanceof Channel<?> c) {
            @SuppressWarnings("unchecked")
            Channel<Long> ch = (Channel<Long>) c;
            ch.put(item);
            back = ch.take();
        } else if (channel instanceof com.softwaremill.jox.Channel<?> c) {
            @SuppressWarnings("unchecked")
            com.softwaremill.jox.Channel<Long> ch = (com.softwaremill.jox.Channel<Long>) c;
            ch.send(item);
            back = ch.receive();
        } else if (channel instanceof java.util.concurrent.BlockingQueue<?> q) {
            @SuppressWarnings("unchecked")
            java.util.concurrent.BlockingQueue<Long> bq = (java.util.concurrent.BlockingQueue<Long>) q;
            bq.put(item);
            back = bq.take();
        } else {
            throw new IllegalArgumentException("cannot use a " + channel.getClass().getName());
        }
        if (back != item) {
            throw new IllegalStateException(channel.getClass().getName() + " gave back " + back + ", not the item sent");
        }
    }

    /** Runs {@code --million KIND IMPL} in a new JVM with the default heap; returns its line. */
    private static String child(String kind, String impl) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                ChannelHeap.class.getName(), "--million", kind, impl));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String last = null;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                last = line;
            }
        }
        int rc = p.waitFor();
        if (last == null || !last.startsWith("million\t")) {
            return "million\t" + kind + "\t" + impl + "\tFAILED (exit " + rc + ")";
        }
        return last;
    }

    private static void million(String kind, String impl) {
        Map<String, Supplier<Object>> byImpl = contenders().get(kind);
        if (byImpl == null || !byImpl.containsKey(impl)) {
            throw new IllegalArgumentException("no contender '" + impl + "' of kind '" + kind + "'; kinds: "
                    + contenders().keySet());
        }
        Supplier<Object> make = byImpl.get(impl);
        make.get(); // load the classes before the baseline
        Runtime rt = Runtime.getRuntime();
        long maxMb = rt.maxMemory() >> 20;
        long before = usedAfterGc();
        Object[] keep = new Object[MILLION];
        try {
            for (int i = 0; i < MILLION; i++) {
                keep[i] = make.get();
            }
        } catch (OutOfMemoryError e) {
            keep = null;
            System.out.printf("million\t%s\t%s\tOOM\tOOM\t%d%n", kind, impl, maxMb);
            return;
        }
        long after = usedAfterGc();
        long arrayBytes = 16L + 4L * MILLION; // the holding array, with compressed references
        double each = (double) (after - before - arrayBytes) / MILLION;
        System.out.printf("million\t%s\t%s\t%.0f\t%.0f\t%d%n", kind, impl, each, each * MILLION / (1 << 20), maxMb);
        if (keep[MILLION - 1] == null) {
            throw new AssertionError("unreachable: keeps the channels alive until measured");
        }
    }

    private static long usedAfterGc() {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return rt.totalMemory() - rt.freeMemory();
    }
}
