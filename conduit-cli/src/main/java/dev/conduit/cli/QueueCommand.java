package dev.conduit.cli;

import dev.conduit.nats.NatsQueueAddress;
import dev.conduit.nats.NatsWorkQueue;
import dev.conduit.workqueue.DeadLetter;
import dev.conduit.workqueue.ItemCodec;
import dev.conduit.workqueue.WorkQueueOptions;
import dev.conduit.workqueue.WorkQueueStats;
import dev.conduit.workqueue.WorkQueueUnavailableException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code conduit queue stats|failed nats://HOST:PORT/NAME}: the counts of a download queue, or its
 * dead URLs in the failed-file format ({@code # reason}, then the URL), which is valid input for a
 * retry. Exit 0, or 2 for a malformed address or a broker that cannot be reached.
 */
@Command(name = "queue", mixinStandardHelpOptions = true,
        description = {"Show a work queue on a NATS JetStream server (see conduit download --queue).",
                "stats: queued, in flight, done and dead counts; failed: the dead URLs with their reasons,"
                        + " as a failed file (retry with: conduit download --queue URI -i FILE)."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the answer was printed", "2:bad usage, a malformed queue address or an unreachable broker"})
final class QueueCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "stats|failed", description = "what to show")
    String action;

    @Parameters(index = "1", paramLabel = "nats://HOST:PORT/NAME", description = "the queue")
    String queue;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!action.equals("stats") && !action.equals("failed")) {
            throw new ParameterException(spec.commandLine(), "unknown action '" + action + "': use stats or failed");
        }
        NatsQueueAddress address;
        try {
            address = NatsQueueAddress.parse(queue);
        } catch (IllegalArgumentException e) {
            err.println("conduit queue: " + e.getMessage());
            return 2;
        }
        NatsWorkQueue<byte[]> q;
        try {
            q = NatsWorkQueue.existing(address, ItemCodec.bytes(), WorkQueueOptions.defaults());
        } catch (WorkQueueUnavailableException | IllegalArgumentException e) {
            err.println("conduit queue: " + e.getMessage());
            return 2;
        }
        try {
            if (action.equals("stats")) {
                WorkQueueStats s = q.stats();
                out.println("queued: " + s.queued());
                out.println("in flight: " + s.inFlight());
                out.println("done: " + s.done());
                out.println("dead: " + s.dead());
                out.println("closed: " + (q.isClosedForSend() ? "yes" : "no"));
            } else {
                List<DeadLetter<byte[]>> dead = new ArrayList<>();
                q.forEachDeadLetter(dead::add);
                out.println("# conduit queue failed: " + dead.size() + " dead URLs of " + address);
                for (DeadLetter<byte[]> d : dead) {
                    out.println();
                    out.println("# " + d.reason().replace('\r', ' ').replace('\n', ' ')
                            + " (after " + d.deliveries() + (d.deliveries() == 1 ? " delivery)" : " deliveries)"));
                    out.println(new String(d.encoded(), StandardCharsets.UTF_8));
                }
            }
            out.flush();
            return 0;
        } catch (WorkQueueUnavailableException e) {
            err.println("conduit queue: " + e.getMessage());
            return 2;
        } finally {
            q.disconnect();
        }
    }
}
