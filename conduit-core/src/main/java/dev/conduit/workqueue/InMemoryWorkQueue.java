package dev.conduit.workqueue;

import dev.conduit.channel.ChannelClosedException;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * A {@link WorkQueue} held in this process's memory: the reference model of the contract (the
 * shared contract tests run against it and against every broker-backed engine), and a work queue for
 * programs that want leases, retries and dead letters without a broker. Items are stored encoded, so
 * that the codec is exercised exactly as a broker would exercise it. Nothing survives the process.
 *
 * <h2>Implementation overview</h2>
 * One lock guards everything; one condition wakes takers, senders and task waiters (signalAll on
 * every change: this is a model, not a fast path). Each unfinished item is in exactly one place:
 * {@code fresh} (never delivered, FIFO), {@code leased} (delivered, lease running) or
 * {@code waiting} (delivered before, to be delivered again at {@code readyAt}: a retry delay or a
 * lease that ran out). Leases expire lazily: every operation first moves expired leases to
 * {@code waiting}, and a taker waits at most until the nearest deadline, so no timer thread exists.
 * Invariant: stored = fresh + leased + waiting + done + dead + handed back by cancel.
 *
 * @param <T> the item type
 */
public final class InMemoryWorkQueue<T> implements WorkQueue<T> {
    private final String name;
    private final ItemCodec<T> codec;
    private final WorkQueueOptions options;
    private final long leaseNanos;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<Entry> fresh = new ArrayDeque<>();
    private final Map<Long, Entry> leased = new HashMap<>();
    private final PriorityQueue<Entry> waiting =
            new PriorityQueue<>(Comparator.comparingLong((Entry e) -> e.readyAt).thenComparingLong(e -> e.id));
    private final List<DeadLetter<T>> dead = new ArrayList<>();
    private long nextId = 1;
    private long done;
    private boolean closed;
    private boolean cancelled;
    private Throwable cause;

    /** One stored item; fields guarded by {@link #lock}. */
    private static final class Entry {
        final long id;
        final byte[] bytes;
        int deliveries;
        long leaseDeadline;
        long readyAt;
        boolean finished;

        Entry(long id, byte[] bytes) {
            this.id = id;
            this.bytes = bytes;
        }
    }

    /**
     * Creates an empty, open queue.
     *
     * @param name    the queue's name, for errors and {@code toString}
     * @param codec   how items are stored
     * @param options capacity, lease and deliveries ({@code patience} has no meaning in memory)
     */
    public InMemoryWorkQueue(String name, ItemCodec<T> codec, WorkQueueOptions options) {
        this.name = Objects.requireNonNull(name, "name");
        this.codec = Objects.requireNonNull(codec, "codec");
        this.options = Objects.requireNonNull(options, "options");
        this.leaseNanos = options.lease().toNanos();
    }

    @Override
    public String name() {
        return name;
    }

    // ---------------------------------------------------------------- sending

    @Override
    public void put(T item) throws InterruptedException {
        send(item, Long.MAX_VALUE);
    }

    @Override
    public boolean offer(T item, Duration timeout) throws InterruptedException {
        return send(item, Math.max(0, timeout.toNanos()));
    }

    private boolean send(T item, long nanos) throws InterruptedException {
        byte[] bytes = codec.encode(Objects.requireNonNull(item, "item"));
        long deadline = nanos == Long.MAX_VALUE ? Long.MAX_VALUE : System.nanoTime() + nanos;
        lock.lockInterruptibly();
        try {
            for (;;) {
                if (closed) {
                    throw closedForSend();
                }
                if (stored() < options.capacity()) {
                    fresh.add(new Entry(nextId++, bytes));
                    changed.signalAll();
                    return true;
                }
                if (!await(deadline)) {
                    return false;
                }
            }
        } finally {
            lock.unlock();
        }
    }

    // ---------------------------------------------------------------- receiving

    @Override
    public Delivery<T> take() throws InterruptedException {
        Delivery<T> d = receive(Long.MAX_VALUE, true);
        assert d != null;
        return d;
    }

    @Override
    public Delivery<T> poll(Duration timeout) throws InterruptedException {
        return receive(Math.max(0, timeout.toNanos()), false);
    }

    private Delivery<T> receive(long nanos, boolean throwAtEnd) throws InterruptedException {
        long deadline = nanos == Long.MAX_VALUE ? Long.MAX_VALUE : System.nanoTime() + nanos;
        lock.lockInterruptibly();
        try {
            for (;;) {
                long now = System.nanoTime();
                expireLeases(now);
                if (cancelled || (closed && stored() == 0)) {
                    if (throwAtEnd) {
                        throw new ChannelClosedException(name, cancelled,
                                "work queue '" + name + "' is " + (cancelled ? "cancelled" : "closed and finished"), cause);
                    }
                    return null;
                }
                Entry e = nextReady(now);
                if (e != null) {
                    Delivery<T> d = deliver(e, now);
                    if (d != null) {
                        return d;
                    }
                    continue;   // it went to the dead letters
                }
                long wake = Math.min(deadline, nextEvent());
                if (!await(wake) && wake == deadline) {
                    return null;
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** Hands an entry out, or sends it to the dead letters if it had its deliveries or does not decode. */
    private Delivery<T> deliver(Entry e, long now) {
        if (e.deliveries >= options.maxDeliveries()) {
            bury(e, null, "delivered " + e.deliveries + " times without being settled"
                    + " (its workers died, hung or lost their leases)");
            return null;
        }
        T item;
        try {
            item = codec.decode(e.bytes);
        } catch (RuntimeException bad) {
            bury(e, null, "cannot decode the stored item: " + bad.getMessage());
            return null;
        }
        e.deliveries++;
        e.leaseDeadline = now + leaseNanos;
        leased.put(e.id, e);
        return new LeaseDelivery(e, e.deliveries, item);
    }

    private Entry nextReady(long now) {
        Entry w = waiting.peek();
        if (w != null && w.readyAt - now <= 0) {
            return waiting.poll();
        }
        return fresh.poll();
    }

    private void expireLeases(long now) {
        if (leased.isEmpty()) {
            return;
        }
        var it = leased.values().iterator();
        while (it.hasNext()) {
            Entry e = it.next();
            if (e.leaseDeadline - now <= 0) {
                it.remove();
                e.readyAt = e.leaseDeadline;
                waiting.add(e);
            }
        }
    }

    /** @return the nanoTime of the next lease expiry or retry, or MAX_VALUE if none */
    private long nextEvent() {
        long next = Long.MAX_VALUE;
        for (Entry e : leased.values()) {
            next = Math.min(next, e.leaseDeadline);
        }
        Entry w = waiting.peek();
        if (w != null) {
            next = Math.min(next, w.readyAt);
        }
        return next;
    }

    // ---------------------------------------------------------------- closing

    @Override
    public void close() {
        closeWith(null);
    }

    @Override
    public void close(Throwable cause) {
        closeWith(Objects.requireNonNull(cause, "cause"));
    }

    private void closeWith(Throwable why) {
        lock.lock();
        try {
            if (!closed) {
                closed = true;
                cause = why;
                changed.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public long cancel(Consumer<? super T> undelivered) {
        Objects.requireNonNull(undelivered, "undelivered");
        List<Entry> removed = new ArrayList<>();
        lock.lock();
        try {
            closed = true;
            cancelled = true;
            removed.addAll(fresh);
            removed.addAll(leased.values());
            removed.addAll(waiting);
            fresh.clear();
            leased.clear();
            waiting.clear();
            for (Entry e : removed) {
                e.finished = true;
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        removed.sort(Comparator.comparingLong(e -> e.id));
        long handed = 0;
        RuntimeException first = null;
        for (Entry e : removed) {
            T item;
            try {
                item = codec.decode(e.bytes);
            } catch (RuntimeException bad) {
                lock.lock();
                try {
                    dead.add(new DeadLetter<>(e.id, null, e.bytes, "cannot decode the stored item: " + bad.getMessage(),
                            e.deliveries));
                } finally {
                    lock.unlock();
                }
                continue;
            }
            handed++;
            try {
                undelivered.accept(item);
            } catch (RuntimeException failed) {
                if (first == null) {
                    first = failed;
                } else {
                    first.addSuppressed(failed);
                }
            }
        }
        if (first != null) {
            throw first;
        }
        return handed;
    }

    @Override
    public boolean isClosedForSend() {
        lock.lock();
        try {
            return closed;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean isClosedForReceive() {
        lock.lock();
        try {
            return cancelled || (closed && stored() == 0);
        } finally {
            lock.unlock();
        }
    }

    // ---------------------------------------------------------------- task accounting

    @Override
    public long unfinishedTasks() {
        lock.lock();
        try {
            return stored();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean awaitTasks(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + Math.max(0, timeout.toNanos());
        lock.lockInterruptibly();
        try {
            while (stored() > 0) {
                if (!await(deadline)) {
                    return stored() == 0;
                }
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public WorkQueueStats stats() {
        lock.lock();
        try {
            expireLeases(System.nanoTime());
            return new WorkQueueStats(fresh.size(), leased.size() + waiting.size(), done, dead.size());
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void forEachDeadLetter(Consumer<? super DeadLetter<T>> action) {
        List<DeadLetter<T>> copy;
        lock.lock();
        try {
            copy = List.copyOf(dead);
        } finally {
            lock.unlock();
        }
        copy.forEach(action);
    }

    @Override
    public Duration lease() {
        return options.lease();
    }

    @Override
    public int maxDeliveries() {
        return options.maxDeliveries();
    }

    @Override
    public String toString() {
        return "InMemoryWorkQueue[" + name + "]";
    }

    // ---------------------------------------------------------------- helpers (lock held)

    private int stored() {
        return fresh.size() + leased.size() + waiting.size();
    }

    /** Waits on the condition until {@code deadline} (nanoTime, or MAX_VALUE); @return false if it passed. */
    private boolean await(long deadline) throws InterruptedException {
        if (deadline == Long.MAX_VALUE) {
            changed.await();
            return true;
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            return false;
        }
        changed.awaitNanos(left);
        return true;
    }

    private ChannelClosedException closedForSend() {
        return new ChannelClosedException(name, cancelled, "work queue '" + name + "' is "
                + (cancelled ? "cancelled" : "closed") + ": cannot put", cause);
    }

    /** Removes an unfinished entry from wherever it is. */
    private void unlink(Entry e) {
        if (leased.remove(e.id) == null && !waiting.remove(e)) {
            fresh.remove(e);
        }
        e.finished = true;
        changed.signalAll();
    }

    private void bury(Entry e, T item, String reason) {
        unlink(e);
        T decoded = item;
        if (decoded == null) {
            try {
                decoded = codec.decode(e.bytes);
            } catch (RuntimeException bad) {
                decoded = null;
            }
        }
        dead.add(new DeadLetter<>(e.id, decoded, e.bytes, reason, e.deliveries));
    }

    /** A delivery of one entry; {@code generation} is the entry's delivery count when it was handed out. */
    private final class LeaseDelivery implements Delivery<T> {
        private final Entry entry;
        private final int generation;
        private final T item;
        private final AtomicBoolean settled = new AtomicBoolean();

        LeaseDelivery(Entry entry, int generation, T item) {
            this.entry = entry;
            this.generation = generation;
            this.item = item;
        }

        @Override
        public T item() {
            return item;
        }

        @Override
        public long id() {
            return entry.id;
        }

        @Override
        public int deliveryCount() {
            return generation;
        }

        @Override
        public void done() {
            settle("done");
            lock.lock();
            try {
                if (!entry.finished) {
                    unlink(entry);
                    done++;
                }
            } finally {
                lock.unlock();
            }
        }

        @Override
        public void retry(Duration delay, String reason) {
            Objects.requireNonNull(delay, "delay");
            settle("retried");
            lock.lock();
            try {
                if (!current()) {
                    return;
                }
                if (entry.deliveries >= options.maxDeliveries()) {
                    bury(entry, item, reason);
                    return;
                }
                leased.remove(entry.id);
                entry.readyAt = System.nanoTime() + Math.max(0, delay.toNanos());
                waiting.add(entry);
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }

        @Override
        public void dead(String reason) {
            Objects.requireNonNull(reason, "reason");
            settle("dead");
            lock.lock();
            try {
                if (!entry.finished) {
                    bury(entry, item, reason);
                }
            } finally {
                lock.unlock();
            }
        }

        @Override
        public void keepAlive() {
            lock.lock();
            try {
                if (!settled.get() && current()) {
                    entry.leaseDeadline = System.nanoTime() + leaseNanos;
                }
            } finally {
                lock.unlock();
            }
        }

        @Override
        public boolean isSettled() {
            return settled.get();
        }

        /** @return whether this is the entry's live delivery (lock held) */
        private boolean current() {
            return !entry.finished && entry.deliveries == generation && leased.get(entry.id) == entry;
        }

        private void settle(String how) {
            if (!settled.compareAndSet(false, true)) {
                throw new IllegalStateException("delivery " + entry.id + " (#" + generation + ") of work queue '" + name
                        + "' was already settled; cannot mark it " + how);
            }
        }

        @Override
        public String toString() {
            return "Delivery[" + name + " #" + entry.id + ", delivery " + generation + "]";
        }
    }
}
