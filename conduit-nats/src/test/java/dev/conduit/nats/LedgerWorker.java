package dev.conduit.nats;

import dev.conduit.channel.ChannelClosedException;
import dev.conduit.workqueue.Delivery;
import dev.conduit.workqueue.ItemCodec;
import dev.conduit.workqueue.WorkQueueOptions;

import java.io.BufferedWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A worker process for the failure tests: takes items from a queue with N threads, writes a ledger
 * line per item it finished ({@code item pid deliveryCount}, flushed before the acknowledgement), and
 * exits 0 once the queue is closed and finished. Killed with SIGKILL by the tests; an item starting
 * with {@code halt} kills it (a poison item that crashes its worker).
 *
 * <p>Arguments: port, queue name, lease in ms, threads, work per item in ms, max deliveries, ledger file.
 */
public final class LedgerWorker {
    private LedgerWorker() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        String name = args[1];
        Duration lease = Duration.ofMillis(Long.parseLong(args[2]));
        int threads = Integer.parseInt(args[3]);
        long workMs = Long.parseLong(args[4]);
        int maxDeliveries = Integer.parseInt(args[5]);
        Path ledger = Path.of(args[6]);
        NatsWorkQueue<String> q = NatsWorkQueue.connect(new NatsQueueAddress("127.0.0.1", port, name), ItemCodec.utf8(),
                WorkQueueOptions.defaults().lease(lease).maxDeliveries(maxDeliveries).patience(Duration.ofMinutes(1)));
        long pid = ProcessHandle.current().pid();
        try (BufferedWriter out = Files.newBufferedWriter(ledger, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
            List<Thread> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                workers.add(Thread.ofPlatform().name("worker-" + t).start(() -> {
                    try {
                        for (;;) {
                            Delivery<String> d = q.take();
                            if (d.item().startsWith("halt")) {
                                Runtime.getRuntime().halt(9);   // an item that kills its worker
                            }
                            if (workMs > 0) {
                                Thread.sleep(workMs);   // the work
                            }
                            synchronized (out) {
                                out.write(d.item() + " " + pid + " " + d.deliveryCount() + "\n");
                                out.flush();
                            }
                            d.done();
                        }
                    } catch (ChannelClosedException end) {
                        // closed and finished
                    } catch (Exception e) {
                        e.printStackTrace();
                        System.exit(3);
                    }
                }));
            }
            for (Thread t : workers) {
                t.join();
            }
        }
        q.disconnect();
        System.out.println("finished");
    }
}
