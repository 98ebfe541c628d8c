package dev.conduit.examples;

import dev.conduit.sync.Event;
import dev.conduit.sync.Guarded;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Seed 002: one thread waits for a signal that another sends ({@code threading.Event}), and a
 * consumer waits until the data it needs is ready ({@code threading.Condition}).
 *
 * <p>Conduit's {@link Event} is Python's {@code Event}: {@code set()}, {@code clear()},
 * {@code isSet()}, {@code await()}, and a timed {@code await(Duration)} that answers whether it was
 * set. Unlike the JDK's {@code CountDownLatch} it can be cleared and used again. A set is never lost:
 * a thread that starts waiting after the set returns at once.
 *
 * <p>For the condition, the seed hand-writes the pattern: take the lock, loop on
 * {@code while not data_ready: condition.wait()}, and on the other side set the flag and
 * {@code notify()} under the same lock. Forgetting the loop, the lock or the notify gives a hang or
 * a missed wake-up, and a JDK {@code Condition.signal()} sent before the other thread waits is
 * simply lost. A {@link Guarded} keeps the value, the lock and the condition together:
 * {@code awaitUntil(predicate)} does the loop, and every change wakes the waiters it satisfies.
 */
public final class EventAndCondition {

    /** How long the sender dawdles before signalling (the seed: 2 s). */
    static final Duration SENDER_DELAY = Duration.ofMillis(20);
    /** The timed wait that runs out before the event is set. */
    static final Duration SHORT_WAIT = Duration.ofMillis(10);

    private EventAndCondition() {
    }

    /**
     * The outcome.
     *
     * @param timeline            what happened, in order, as the threads logged it
     * @param timedWaitBeforeSet  what {@code await(SHORT_WAIT)} returned before anyone set the event: false
     * @param setBeforeWaitSeen   whether a thread that started waiting after {@code set()} returned at once
     * @param setAfterClear       {@code isSet()} after {@code clear()}: false
     * @param consumerSaw         the data the consumer read once its condition held
     */
    public record Result(List<String> timeline, boolean timedWaitBeforeSet, boolean setBeforeWaitSeen,
                         boolean setAfterClear, String consumerSaw) implements ExampleResult {
        @Override
        public boolean ok() {
            return timeline.indexOf("sending signal") >= 0
                    && timeline.indexOf("sending signal") < timeline.indexOf("signal received")
                    && timeline.indexOf("data ready") < timeline.indexOf("data consumed: 42")
                    && !timedWaitBeforeSet && setBeforeWaitSeen && !setAfterClear && "42".equals(consumerSaw);
        }
    }

    /** The seed's {@code data_ready} flag with the data it guards. */
    private record Data(boolean ready, String value) {
    }

    /**
     * Runs the example.
     *
     * @param out where to print what it shows
     * @return the outcome
     * @throws InterruptedException if interrupted while waiting
     */
    public static Result run(PrintStream out) throws InterruptedException {
        ConcurrentLinkedQueue<String> timeline = new ConcurrentLinkedQueue<>();
        // --- Event: a waiter and a sender.
        Event event = new Event();
        boolean timedWait = event.await(SHORT_WAIT); // nobody can set it yet: false after the wait
        log(out, timeline, "await(" + SHORT_WAIT.toMillis() + " ms) before anyone sets the event returned " + timedWait);
        Thread waiter = Thread.ofPlatform().name("waiter").start(() -> {
            try {
                log(out, timeline, "waiting for signal...");
                event.await();
                log(out, timeline, "signal received");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Thread sender = Thread.ofPlatform().name("sender").start(() -> {
            try {
                Thread.sleep(SENDER_DELAY.toMillis()); // the sender has other work first
                log(out, timeline, "sending signal");
                event.set();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        waiter.join();
        sender.join();

        // A set is remembered: a thread that arrives late does not wait. clear() resets the event.
        boolean lateWaiterReturned = event.await(Duration.ZERO);
        log(out, timeline, "a late waiter on the set event returns at once: " + lateWaiterReturned);
        event.clear();
        boolean setAfterClear = event.isSet();
        log(out, timeline, "after clear(), isSet() = " + setAfterClear + ": the event can be used again");

        // --- Condition: the consumer waits until the data is ready.
        Guarded<Data> data = new Guarded<>(new Data(false, null));
        String[] consumed = new String[1];
        Thread consumer = Thread.ofPlatform().name("consumer").start(() -> {
            try {
                Data d = data.awaitUntil(Data::ready); // the seed's "while not data_ready: wait()"
                consumed[0] = d.value();
                log(out, timeline, "data consumed: " + d.value());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Thread producer = Thread.ofPlatform().name("producer").start(() -> {
            log(out, timeline, "data ready");
            data.set(new Data(true, "42")); // wakes the consumer: its condition now holds
        });
        producer.join();
        consumer.join();
        return new Result(List.copyOf(timeline), timedWait, lateWaiterReturned, setAfterClear, consumed[0]);
    }

    private static void log(PrintStream out, ConcurrentLinkedQueue<String> timeline, String what) {
        timeline.add(what);
        out.printf("[%s] %s%n", Thread.currentThread().getName(), what);
    }
}
