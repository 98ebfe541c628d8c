package dev.conduit.workqueue;

import dev.conduit.sync.Event;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps the leases of held deliveries alive while their items are worked on: every period it calls
 * {@link Delivery#keepAlive()} on each delivery it holds, and forgets deliveries once settled. A
 * process that dies stops keeping its leases, so its items come back after one lease; a process that
 * lives keeps them however long an item takes.
 *
 * <p>One daemon platform thread per keeper. {@link #hold} and {@link #close} may be called from any
 * thread; a failing {@code keepAlive} (the store unreachable for a moment) is ignored, and the next
 * round tries again.
 */
public final class LeaseKeeper implements AutoCloseable {
    private final Set<Delivery<?>> held = ConcurrentHashMap.newKeySet();
    private final Event stop = new Event();
    private final Duration period;
    private final Thread thread;

    private LeaseKeeper(String name, Duration period) {
        this.period = period;
        this.thread = Thread.ofPlatform().name(name).daemon().unstarted(this::run);
    }

    /**
     * Starts a keeper that renews every third of {@code lease}.
     *
     * @param name  the thread's name
     * @param lease the queue's lease
     * @return the running keeper
     */
    public static LeaseKeeper start(String name, Duration lease) {
        Duration period = Duration.ofNanos(Math.max(Duration.ofMillis(1).toNanos(), lease.toNanos() / 3));
        LeaseKeeper keeper = new LeaseKeeper(Objects.requireNonNull(name, "name"), period);
        keeper.thread.start();
        return keeper;
    }

    /**
     * Keeps {@code delivery}'s lease alive until it is settled or this keeper is closed.
     *
     * @param delivery the delivery
     */
    public void hold(Delivery<?> delivery) {
        held.add(Objects.requireNonNull(delivery, "delivery"));
    }

    /**
     * Counts the deliveries whose leases this keeper renews.
     *
     * @return how many unsettled deliveries are held now
     */
    public int size() {
        held.removeIf(Delivery::isSettled);
        return held.size();
    }

    private void run() {
        try {
            while (!stop.await(period)) {
                for (Delivery<?> d : held) {
                    if (d.isSettled()) {
                        held.remove(d);
                        continue;
                    }
                    try {
                        d.keepAlive();
                    } catch (RuntimeException unreachable) {
                        // the next round tries again; the lease is a third longer than the period
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops renewing; deliveries still held keep their leases until these run out. Waits for the thread. */
    @Override
    public void close() {
        stop.set();
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
