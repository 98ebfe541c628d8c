package dev.conduit.proof;

import dev.conduit.channel.Channel;
import dev.conduit.channel.ChannelClosedException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * One round of fault injection on a fresh channel: producers and consumers (platform and virtual
 * threads) use every send and receive, blocking, timed and immediate, while a chaos thread
 * interrupts them at random, consumers die mid-stream, the {@code onUndelivered} callback throws
 * now and then, and at a random moment the channel is closed, closed with a cause, or cancelled.
 * Afterwards the ledger must balance:
 * <pre>
 *   items accepted by sends = items received + items handed to onUndelivered (drops and cancels)
 * </pre>
 * with no item twice, no refused send's item anywhere, every item returned by {@code cancel()}
 * also handed to {@code onUndelivered}, {@code unfinishedTasks()} equal to received minus
 * {@code taskDone()}s, and no thread left behind.
 */
final class SoakRound {
    /** How a round ends its channel. */
    enum Ending { CLOSE, CLOSE_WITH_CAUSE, CANCEL }

    /** Thrown by the soak's {@code onUndelivered} callback, to check a throwing callback loses nothing. */
    static final class CallbackFailure extends RuntimeException {
        CallbackFailure() {
            super("onUndelivered failed on purpose", null, false, false);
        }
    }

    private static final AtomicInteger NEXT_ITEM = new AtomicInteger();
    private static final int PRODUCERS = 3, CONSUMERS = 3;
    /** Keeps a round's ledger small where sends never wait (unbounded, drop policies). */
    private static final int MAX_SENDS_PER_ROUND = 60_000;

    private final ChannelKind kind;
    private final Duration length;
    private final Ending ending;
    private final List<String> violations = Collections.synchronizedList(new ArrayList<>());

    private final Set<Integer> accepted = ConcurrentHashMap.newKeySet();
    private final Set<Integer> refused = ConcurrentHashMap.newKeySet();
    private final Set<Integer> received = ConcurrentHashMap.newKeySet();
    private final Set<Integer> undelivered = ConcurrentHashMap.newKeySet();
    private final Set<Integer> returnedByCancel = ConcurrentHashMap.newKeySet();
    private final AtomicLong tasksDone = new AtomicLong();
    private final AtomicLong interrupts = new AtomicLong();
    private final AtomicLong consumerDeaths = new AtomicLong();
    private final AtomicInteger sends = new AtomicInteger();
    private volatile boolean stop;

    private final Channel<Integer> channel;

    SoakRound(ChannelKind kind, Duration length, Ending ending) {
        this.kind = kind;
        this.length = length;
        this.ending = ending;
        this.channel = kind.create(this::onUndelivered);
    }

    /** The numbers of one round, and what went wrong in it (nothing, if the channel is right). */
    record Result(String kind, Ending ending, int accepted, int received, int undelivered, long interrupts,
                  long consumerDeaths, List<String> violations) {
    }

    Result run() throws InterruptedException {
        List<Thread> workers = new ArrayList<>();
        for (int i = 0; i < PRODUCERS; i++) {
            workers.add(start("producer-" + i, i % 2 == 0, this::produce));
        }
        for (int i = 0; i < CONSUMERS; i++) {
            workers.add(start("consumer-" + i, i % 2 == 1, this::consume));
        }
        chaos(workers);
        stop = true;
        for (Thread t : workers) {
            if (!t.join(Duration.ofSeconds(60))) {
                violations.add("thread left behind: " + t.getName() + " still alive 60 s after the end, in state "
                        + t.getState());
            }
        }
        settle();
        return new Result(kind.name(), ending, accepted.size(), received.size(), undelivered.size(),
                interrupts.get(), consumerDeaths.get(), List.copyOf(violations));
    }

    // ---------------------------------------------------------------- the parties

    private void produce() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        while (!stop && sends.incrementAndGet() <= MAX_SENDS_PER_ROUND) {
            Integer item = NEXT_ITEM.incrementAndGet();
            try {
                boolean sent = switch (r.nextInt(3)) {
                    case 0 -> {
                        channel.put(item);
                        yield true;
                    }
                    case 1 -> channel.offer(item);
                    default -> channel.offer(item, Duration.ofNanos(r.nextLong(200_000)));
                };
                (sent ? accepted : refused).add(item);
            } catch (CallbackFailure e) {
                accepted.add(item); // a drop inside this send ran the callback, which threw: the item was taken in
            } catch (InterruptedException e) {
                interrupts.incrementAndGet();
                refused.add(item);
            } catch (ChannelClosedException e) {
                refused.add(item);
                return;
            }
        }
    }

    private void consume() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        List<Integer> batch = new ArrayList<>();
        for (;;) {
            batch.clear();
            try {
                switch (r.nextInt(4)) {
                    case 0 -> batch.add(channel.take());
                    case 1 -> addIfPresent(batch, channel.poll());
                    case 2 -> addIfPresent(batch, channel.poll(Duration.ofNanos(r.nextLong(200_000))));
                    default -> channel.drainTo(batch, 1 + r.nextInt(3));
                }
            } catch (InterruptedException e) {
                interrupts.incrementAndGet();
                continue;
            } catch (ChannelClosedException e) {
                return;
            }
            Thread.interrupted(); // an item may come back with the interrupt kept; it belongs to the chaos, not to us
            for (Integer item : batch) {
                if (!received.add(item)) {
                    violations.add("item " + item + " received twice");
                }
            }
            if (!batch.isEmpty() && r.nextInt(500) == 0) {
                consumerDeaths.incrementAndGet();
                return; // dies mid-stream, holding items it never marks done
            }
            for (int i = 0; i < batch.size(); i++) {
                channel.taskDone();
                tasksDone.incrementAndGet();
            }
            if (stop && channel.isClosedForReceive()) {
                return;
            }
        }
    }

    private void onUndelivered(Integer item) {
        if (!undelivered.add(item)) {
            violations.add("item " + item + " handed to onUndelivered twice");
        }
        if (ThreadLocalRandom.current().nextInt(10) == 0) {
            throw new CallbackFailure();
        }
    }

    /** Interrupts workers at random, then ends the channel at a random moment. */
    private void chaos(List<Thread> workers) {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        long start = System.nanoTime();
        long end = start + length.toNanos();
        long closeAt = start + (long) (length.toNanos() * (0.3 + 0.6 * r.nextDouble()));
        boolean ended = false;
        while (System.nanoTime() < end || !ended) {
            if (!ended && System.nanoTime() >= closeAt) {
                end(r);
                ended = true;
            }
            if (r.nextInt(4) == 0) {
                workers.get(r.nextInt(workers.size())).interrupt();
            }
            LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(50 + r.nextInt(500))); // pacing only
        }
    }

    private void end(ThreadLocalRandom r) {
        try {
            switch (ending) {
                case CLOSE -> channel.close();
                case CLOSE_WITH_CAUSE -> channel.close(new IllegalStateException("upstream failed (soak)"));
                case CANCEL -> recordCancel(channel.cancel());
            }
        } catch (CallbackFailure e) {
            // every removed item still went to the callback; only the returned list is lost
        }
    }

    private void recordCancel(List<Integer> items) {
        for (Integer item : items) {
            if (!returnedByCancel.add(item)) {
                violations.add("item " + item + " returned by cancel twice");
            }
        }
    }

    /** After everybody has stopped: returns what is left, then balances the ledger. */
    private void settle() {
        long unfinishedBefore = channel.unfinishedTasks();
        long heldByDeadConsumers = received.size() - tasksDone.get();
        if (unfinishedBefore < heldByDeadConsumers) {
            violations.add("unfinishedTasks() " + unfinishedBefore + " is below the " + heldByDeadConsumers
                    + " items received and never marked done");
        }
        try {
            recordCancel(channel.cancel()); // what no consumer was left to take
        } catch (CallbackFailure e) {
            // recorded by the callback
        }

        Set<Integer> both = new HashSet<>(received);
        both.retainAll(undelivered);
        if (!both.isEmpty()) {
            violations.add(both.size() + " items both received and handed back undelivered, e.g. " + sample(both));
        }
        Set<Integer> accounted = new HashSet<>(received);
        accounted.addAll(undelivered);
        Set<Integer> lost = new HashSet<>(accepted);
        lost.removeAll(accounted);
        if (!lost.isEmpty()) {
            violations.add(lost.size() + " accepted items neither received nor handed back, e.g. " + sample(lost));
        }
        Set<Integer> invented = new HashSet<>(accounted);
        invented.removeAll(accepted);
        if (!invented.isEmpty()) {
            Set<Integer> ofRefused = new HashSet<>(invented);
            ofRefused.retainAll(refused);
            violations.add(invented.size() + " items came out that no successful send put in ("
                    + ofRefused.size() + " of them from sends that failed), e.g. " + sample(invented));
        }
        if (!undelivered.containsAll(returnedByCancel)) {
            violations.add("cancel() returned items it did not hand to onUndelivered");
        }
        long unfinished = channel.unfinishedTasks();
        if (unfinished != heldByDeadConsumers) {
            violations.add("unfinishedTasks() = " + unfinished + " at rest, but " + received.size()
                    + " received - " + tasksDone.get() + " done = " + heldByDeadConsumers);
        }
        try {
            for (long i = 0; i < unfinished; i++) {
                channel.taskDone();
            }
            if (!channel.awaitTasks(Duration.ZERO)) {
                violations.add("awaitTasks() still waits after every received item was marked done");
            }
            channel.taskDone();
            violations.add("taskDone() accepted more calls than items were received");
        } catch (IllegalStateException expected) {
            // one taskDone() too many is refused
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (channel.size() != 0 || !channel.isClosedForReceive()) {
            violations.add("after the final cancel the channel is not empty and closed: " + channel);
        }
    }

    // ---------------------------------------------------------------- helpers

    private Thread start(String name, boolean virtual, Runnable body) {
        Thread.Builder b = virtual ? Thread.ofVirtual() : Thread.ofPlatform().daemon(true);
        return b.name("soak-" + name).start(() -> {
            try {
                body.run();
            } catch (Throwable t) {
                violations.add(Thread.currentThread().getName() + " died of an undocumented exception: " + t);
            }
        });
    }

    private static void addIfPresent(List<Integer> batch, Integer item) {
        if (item != null) {
            batch.add(item);
        }
    }

    private static String sample(Set<Integer> items) {
        return items.stream().limit(5).toList().toString();
    }
}
