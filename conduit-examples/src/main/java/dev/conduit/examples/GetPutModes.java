package dev.conduit.examples;

import dev.conduit.channel.Channel;
import dev.conduit.channel.ChannelClosedException;

import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Seeds 001 and 003: blocking, non-blocking and timed get and put, and what goes wrong with each.
 *
 * <p>In Python {@code q.put(x, block=False)} raises {@code queue.Full}, {@code q.get(block=False)}
 * raises {@code queue.Empty}, and the timed forms raise the same after the timeout, so a normal "no
 * room yet" has to be handled as an exception. A {@link Channel} answers those ordinary outcomes with
 * a value ({@code offer} returns {@code false}, {@code poll} returns {@code null}) and keeps
 * exceptions for the real ends: a closed channel ({@link ChannelClosedException}) and an interrupted
 * wait ({@link InterruptedException}, after which nothing was added or removed). Python has no way
 * to interrupt a thread blocked in {@code get()}; closing a channel wakes every blocked thread.
 * (If you want Python's exceptions, the JDK's {@code BlockingQueue.add} and {@code remove} throw
 * {@code IllegalStateException("Queue full")} and {@code NoSuchElementException}.)
 */
public final class GetPutModes {

    /** The wait of the timed calls (the seed used 1 s). */
    static final Duration TIMEOUT = Duration.ofMillis(50);
    /** How long the helper threads dawdle before acting, so that the blocking calls really block. */
    static final Duration DELAY = Duration.ofMillis(30);

    private GetPutModes() {
    }

    /**
     * The outcome, each field one call on a channel of capacity 1.
     *
     * @param offerWhenFull        {@code offer} on a full channel: {@code false} (Python: {@code Full})
     * @param timedOfferWhenFull   {@code offer(item, TIMEOUT)} on a full channel: {@code false}
     * @param timedOfferWaited     how long that call waited: at least {@code TIMEOUT}
     * @param pollWhenEmpty        {@code poll()} on an empty channel: {@code null} (Python: {@code Empty})
     * @param timedPollWhenEmpty   {@code poll(TIMEOUT)} on an empty channel: {@code null}
     * @param timedPollWaited      how long that call waited: at least {@code TIMEOUT}
     * @param blockingTakeGot      what {@code take()} returned once a slow producer sent: {@code "late"}
     * @param blockingPutWaited    how long {@code put} on a full channel waited for a take to make room
     * @param blockingPutDelivered what the put that waited delivered: {@code "waited"}
     * @param offerAfterClose      the exception {@code offer} on a closed channel threw
     * @param takeAfterClose       the exception {@code take} on a closed, drained channel threw
     * @param pollAfterClose       {@code poll()} on a closed, drained channel: {@code null}
     * @param interruptedTake      the exception a blocked {@code take} threw when its thread was interrupted
     */
    public record Result(boolean offerWhenFull, boolean timedOfferWhenFull, Duration timedOfferWaited,
                         String pollWhenEmpty, String timedPollWhenEmpty, Duration timedPollWaited,
                         String blockingTakeGot, Duration blockingPutWaited, String blockingPutDelivered,
                         String offerAfterClose, String takeAfterClose, String pollAfterClose,
                         String interruptedTake) implements ExampleResult {
        @Override
        public boolean ok() {
            return !offerWhenFull && !timedOfferWhenFull && timedOfferWaited.compareTo(TIMEOUT) >= 0
                    && pollWhenEmpty == null && timedPollWhenEmpty == null && timedPollWaited.compareTo(TIMEOUT) >= 0
                    && "late".equals(blockingTakeGot) && "waited".equals(blockingPutDelivered)
                    && "ChannelClosedException".equals(offerAfterClose)
                    && "ChannelClosedException".equals(takeAfterClose) && pollAfterClose == null
                    && "InterruptedException".equals(interruptedTake);
        }
    }

    /**
     * Runs the example.
     *
     * @param out where to print what it shows
     * @return the outcome
     * @throws InterruptedException if interrupted while waiting
     */
    public static Result run(PrintStream out) throws InterruptedException {
        Channel<String> q = Channel.<String>builder().name("q").capacity(1).build();

        // Non-blocking and timed sends on a full channel.
        q.put("first");
        boolean offered = q.offer("second");
        out.printf("offer on a full channel -> %s       (Python: put(block=False) raises queue.Full)%n", offered);
        long start = System.nanoTime();
        boolean timedOffered = q.offer("second", TIMEOUT);
        Duration offerWaited = Duration.ofNanos(System.nanoTime() - start);
        out.printf("offer(item, %d ms) on a full channel -> %s after %d ms (Python: put(timeout=...) raises queue.Full)%n",
                TIMEOUT.toMillis(), timedOffered, offerWaited.toMillis());

        // Non-blocking and timed receives on an empty channel.
        out.printf("poll -> %s%n", q.poll());
        String polled = q.poll();
        out.printf("poll on an empty channel -> %s       (Python: get(block=False) raises queue.Empty)%n", polled);
        start = System.nanoTime();
        String timedPolled = q.poll(TIMEOUT);
        Duration pollWaited = Duration.ofNanos(System.nanoTime() - start);
        out.printf("poll(%d ms) on an empty channel -> %s after %d ms (Python: get(timeout=...) raises queue.Empty)%n",
                TIMEOUT.toMillis(), timedPolled, pollWaited.toMillis());

        // A blocking take waits for a slow producer.
        Thread producer = Thread.ofPlatform().name("slow-producer").start(() -> {
            try {
                Thread.sleep(DELAY.toMillis()); // the producer is busy elsewhere for a while
                q.put("late");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        start = System.nanoTime();
        String taken = q.take();
        out.printf("take on an empty channel waited %d ms for a producer -> %s%n",
                (System.nanoTime() - start) / 1_000_000, taken);
        producer.join();

        // A blocking put waits for a slow consumer to make room.
        q.put("blocker");
        AtomicReference<Duration> putWaited = new AtomicReference<>();
        Thread sender = Thread.ofPlatform().name("sender").start(() -> {
            long asked = System.nanoTime();
            try {
                q.put("waited");
                putWaited.set(Duration.ofNanos(System.nanoTime() - asked));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Thread.sleep(DELAY.toMillis()); // the consumer is slow to come back
        q.take(); // "blocker": makes room for the waiting put
        sender.join(); // the put's completion happens-before join returns
        String delivered = q.take();
        out.printf("put on a full channel waited %d ms until a take made room, then delivered %s%n",
                putWaited.get() == null ? -1 : putWaited.get().toMillis(), delivered);

        // Closing: senders fail at once, receivers drain what is left, then see the end.
        q.put("last");
        q.close();
        String offerAfterClose = exceptionOf(() -> q.offer("too late"));
        out.printf("offer after close -> %s (the item is not added)%n", offerAfterClose);
        out.printf("take after close -> %s (buffered items are still delivered)%n", q.take());
        String takeAfterClose = exceptionOf(q::take);
        out.printf("take after close, drained -> %s; poll -> %s%n", takeAfterClose, q.poll());
        String pollAfterClose = q.poll();

        // Interrupting a thread blocked in take: it wakes with InterruptedException, nothing is removed.
        Channel<String> empty = Channel.<String>builder().name("empty").capacity(1).build();
        AtomicReference<String> interrupted = new AtomicReference<>("nothing");
        Thread blocked = Thread.ofPlatform().name("blocked-taker").start(
                () -> interrupted.set(exceptionOf(empty::take)));
        blocked.interrupt();
        blocked.join();
        out.printf("take interrupted by another thread -> %s (Python cannot interrupt a blocked get)%n",
                interrupted.get());

        return new Result(offered, timedOffered, offerWaited, polled, timedPolled, pollWaited, taken,
                putWaited.get() == null ? Duration.ZERO : putWaited.get(), delivered,
                offerAfterClose, takeAfterClose, pollAfterClose, interrupted.get());
    }

    /** A call that may throw anything. */
    @FunctionalInterface
    private interface Call {
        Object call() throws Exception;
    }

    /** @return the simple name of the exception {@code call} threw, or "no exception: VALUE" */
    private static String exceptionOf(Call call) {
        try {
            return "no exception: " + call.call();
        } catch (Exception e) {
            return e.getClass().getSimpleName();
        }
    }
}
