package dev.conduit.bench.nats;

import dev.conduit.nats.NatsQueueAddress;
import dev.conduit.nats.NatsWorkQueue;
import dev.conduit.workqueue.Delivery;
import dev.conduit.workqueue.ItemCodec;
import dev.conduit.workqueue.WorkQueueOptions;
import io.nats.client.Connection;
import io.nats.client.ConsumerContext;
import io.nats.client.FetchConsumeOptions;
import io.nats.client.FetchConsumer;
import io.nats.client.JetStream;
import io.nats.client.JetStreamManagement;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.RetentionPolicy;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Items per second through a work queue on one nats-server (its own, on 127.0.0.1, file storage, a
 * fresh store per fork): a Conduit {@link NatsWorkQueue} ({@code put} on one thread; {@code take}
 * and {@code done} on another) against bare jnats doing the same job the usual way (a synchronous
 * JetStream publish per item on one thread; fetches of {@link #FETCH} from a durable pull consumer and
 * an {@code ack} per message on another) on an identical work-queue stream, in the same run.
 *
 * <p>Each invocation moves {@link #ITEMS} items of 64 bytes from the producer to the consumer and
 * waits until every one was received; both contenders are durable in the same way (the server's
 * acknowledgement of each publish).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
public class QueueThroughput {
    /** Items per invocation. */
    public static final int ITEMS = 2_000;
    /** Messages per fetch of the bare consumer: as many as a Conduit handle refills its prefetch buffer with. */
    public static final int FETCH = 16;

    @Param({"conduit-nats", "bare-jnats"})
    public String impl;

    private Process server;
    private Path store;
    private ExecutorService producer;
    private byte[] body;
    // conduit
    private NatsWorkQueue<String> queue;
    private String item;
    // bare
    private Connection connection;
    private JetStream js;
    private ConsumerContext consumer;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        store = Files.createTempDirectory("conduit-bench-nats");
        String binary = Files.isExecutable(Path.of("/usr/sbin/nats-server")) ? "/usr/sbin/nats-server" : "nats-server";
        server = new ProcessBuilder(binary, "-a", "127.0.0.1", "-p", Integer.toString(port), "-js",
                "-sd", store.toString()).redirectErrorStream(true).redirectOutput(store.resolve("log").toFile()).start();
        awaitPort(port);
        producer = Executors.newSingleThreadExecutor();
        body = new byte[64];
        item = "x".repeat(64);
        if (impl.equals("conduit-nats")) {
            queue = NatsWorkQueue.connect(new NatsQueueAddress("127.0.0.1", port, "bench"), ItemCodec.utf8(),
                    WorkQueueOptions.defaults());
        } else {
            connection = Nats.connect("nats://127.0.0.1:" + port);
            JetStreamManagement jsm = connection.jetStreamManagement();
            jsm.addStream(StreamConfiguration.builder().name("BARE").subjects("bare.items")
                    .retentionPolicy(RetentionPolicy.WorkQueue).storageType(StorageType.File).build());
            jsm.addOrUpdateConsumer("BARE", ConsumerConfiguration.builder().durable("workers")
                    .filterSubject("bare.items").ackPolicy(AckPolicy.Explicit).ackWait(Duration.ofSeconds(30)).build());
            js = connection.jetStream();
            consumer = connection.getStreamContext("BARE").getConsumerContext("workers");
        }
    }

    private static void awaitPort(int port) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                Thread.sleep(20);
            }
        }
        throw new IllegalStateException("nats-server did not start on port " + port);
    }

    @Benchmark
    @OperationsPerInvocation(ITEMS)
    public int moveItems() throws Exception {
        return impl.equals("conduit-nats") ? conduit() : bare();
    }

    private int conduit() throws Exception {
        Future<?> put = producer.submit(() -> {
            for (int i = 0; i < ITEMS; i++) {
                queue.put(item);
            }
            return null;
        });
        int got = 0;
        while (got < ITEMS) {
            Delivery<String> d = queue.take();
            got += d.item().length() == 64 ? 1 : 0;
            d.done();
        }
        put.get();
        return got;
    }

    private int bare() throws Exception {
        Future<?> put = producer.submit(() -> {
            for (int i = 0; i < ITEMS; i++) {
                js.publish("bare.items", body);
            }
            return null;
        });
        int got = 0;
        while (got < ITEMS) {
            FetchConsumer fetch = consumer.fetch(FetchConsumeOptions.builder().maxMessages(FETCH).expiresIn(2000).build());
            Message m;
            while ((m = fetch.nextMessage()) != null) {
                got += m.getData().length == 64 ? 1 : 0;
                m.ack();
            }
        }
        put.get();
        return got;
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        if (queue != null) {
            queue.disconnect();
        }
        if (connection != null) {
            connection.close();
        }
        producer.shutdownNow();
        server.destroyForcibly();
        server.waitFor();
        try (var files = Files.walk(store)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
