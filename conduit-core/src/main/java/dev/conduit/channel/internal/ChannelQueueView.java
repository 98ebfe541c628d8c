package dev.conduit.channel.internal;

import dev.conduit.channel.ChannelClosedException;

import java.time.Duration;
import java.util.AbstractQueue;
import java.util.Arrays;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The live {@link BlockingQueue} view of a channel ({@link dev.conduit.channel.Channel#asBlockingQueue()}).
 * It holds nothing of its own: sends and receives go straight to the channel's own operations, so
 * items cross between the view and the channel both ways and all views of one channel see the same
 * items. The public contract is in the Javadoc of {@code Channel.asBlockingQueue()}.
 *
 * <h2>Looking into the channel and removing from the middle</h2>
 * The channel's core methods {@link AbstractChannel#snapshotNow} and
 * {@link AbstractChannel#removeNow} do the work under the channel's lock, after
 * {@link AbstractChannel#prepareToWait()} (where the lock-free ring stops moving items, so its
 * contents are frozen while the lock is held). User code ({@code equals}, a filter, a collection's
 * {@code contains}) never runs under the lock: it could be slow, or call back into the channel.
 * A removal is therefore optimistic:
 * <ol>
 *   <li>take a snapshot of the items in receiving order and the channel's <i>version</i> (the
 *       accepted and delivered counts and the closing state: every change of the contents moves
 *       one of them, and they only grow);</li>
 *   <li>outside the lock, ask the user's predicate which positions to remove;</li>
 *   <li>lock again; if the version is unchanged the contents are exactly the snapshot, and the
 *       marked positions are removed at once: the call takes effect at that moment, as if the
 *       predicate had run under the lock;</li>
 *   <li>otherwise try again; after {@link #OPTIMISTIC_TRIES} tries (a busy channel), remove those of
 *       the chosen items that are still there, found by identity in receiving order. For a FIFO
 *       channel that is still exact for {@code remove(Object)} (newer items come after older ones);
 *       for the bulk operations it means items sent during the call may be left alone, as a weakly
 *       consistent bulk operation may.</li>
 * </ol>
 * A removed item counts as received, and its task as done at once ({@link AbstractChannel#removingAsDone}).
 *
 * @param <T> the item type
 */
final class ChannelQueueView<T> extends AbstractQueue<T> implements BlockingQueue<T> {
    /** Optimistic removal attempts before falling back to removal by identity. */
    private static final int OPTIMISTIC_TRIES = 3;

    private final AbstractChannel<T> channel;

    ChannelQueueView(AbstractChannel<T> channel) {
        this.channel = channel;
    }

    // ---------------------------------------------------------------- sending

    @Override
    public boolean offer(T item) {
        requireItem(item);
        try {
            return channel.offer(item);
        } catch (ChannelClosedException closed) {
            return false;
        }
    }

    @Override
    public boolean add(T item) {
        requireItem(item);
        boolean sent;
        try {
            sent = channel.offer(item);
        } catch (ChannelClosedException closed) {
            throw closed("add to", closed);
        }
        if (!sent) {
            throw new IllegalStateException("channel '" + channel.name() + "' is full (capacity "
                    + channel.capacity() + "): cannot add");
        }
        return true;
    }

    @Override
    public void put(T item) throws InterruptedException {
        requireItem(item);
        try {
            channel.put(item);
        } catch (ChannelClosedException closed) {
            throw closed("put into", closed);
        }
    }

    @Override
    public boolean offer(T item, long timeout, TimeUnit unit) throws InterruptedException {
        requireItem(item);
        Duration wait = Duration.ofNanos(Objects.requireNonNull(unit, "unit").toNanos(timeout));
        try {
            return channel.offer(item, wait);
        } catch (ChannelClosedException closed) {
            return false;
        }
    }

    @Override
    public boolean addAll(Collection<? extends T> items) {
        Objects.requireNonNull(items, "items");
        if (items == this) {
            throw new IllegalArgumentException("cannot add a queue view of channel '" + channel.name() + "' to itself");
        }
        return super.addAll(items);
    }

    // ---------------------------------------------------------------- receiving

    @Override
    public T poll() {
        return channel.poll();
    }

    @Override
    public T take() throws InterruptedException {
        try {
            return channel.take();
        } catch (ChannelClosedException closed) {
            throw closed("take from", closed);
        }
    }

    @Override
    public T poll(long timeout, TimeUnit unit) throws InterruptedException {
        return channel.poll(Duration.ofNanos(Objects.requireNonNull(unit, "unit").toNanos(timeout)));
    }

    @Override
    public int drainTo(Collection<? super T> sink) {
        return drainTo(sink, Integer.MAX_VALUE);
    }

    @Override
    public int drainTo(Collection<? super T> sink, int max) {
        Objects.requireNonNull(sink, "sink");
        if (sink == this) {
            throw new IllegalArgumentException("cannot drain a queue view of channel '" + channel.name()
                    + "' into itself");
        }
        return channel.drainTo(sink, max);
    }

    // ---------------------------------------------------------------- looking

    @Override
    public T peek() {
        Object[] first = snapshot(1);
        @SuppressWarnings("unchecked") T item = first.length == 0 ? null : (T) first[0];
        return item;
    }

    @Override
    public int size() {
        return channel.capacity() == 0 ? 0 : channel.size(); // a rendezvous channel holds nothing
    }

    @Override
    public boolean isEmpty() {
        return size() == 0;
    }

    @Override
    public int remainingCapacity() {
        int capacity = channel.capacity();
        return capacity == Integer.MAX_VALUE ? Integer.MAX_VALUE : Math.max(0, capacity - size());
    }

    @Override
    public boolean contains(Object o) {
        if (o == null) {
            return false;
        }
        for (Object item : snapshot(Integer.MAX_VALUE)) {
            if (o.equals(item)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public Object[] toArray() {
        return snapshot(Integer.MAX_VALUE);
    }

    @Override
    public <A> A[] toArray(A[] a) {
        Objects.requireNonNull(a, "array");
        Object[] items = snapshot(Integer.MAX_VALUE);
        int n = items.length;
        @SuppressWarnings("unchecked") A[] out = a.length >= n ? a
                : (A[]) java.lang.reflect.Array.newInstance(a.getClass().getComponentType(), n);
        System.arraycopy(items, 0, out, 0, n); // ArrayStoreException for an incompatible array
        if (out.length > n) {
            out[n] = null;
        }
        return out;
    }

    @Override
    public String toString() {
        return Arrays.toString(snapshot(Integer.MAX_VALUE));
    }

    /**
     * Returns a weakly consistent iterator over a snapshot of the items, in receiving order. It
     * takes nothing; its {@code remove()} removes the last returned item from the channel if that
     * item is still there (the first occurrence of that very object).
     */
    @Override
    public Iterator<T> iterator() {
        Object[] items = snapshot(Integer.MAX_VALUE);
        return new Iterator<>() {
            private int next;
            private int last = -1;

            @Override
            public boolean hasNext() {
                return next < items.length;
            }

            @Override
            public T next() {
                if (next >= items.length) {
                    throw new NoSuchElementException("no more items in this snapshot of channel '"
                            + channel.name() + "'");
                }
                last = next++;
                @SuppressWarnings("unchecked") T item = (T) items[last];
                return item;
            }

            @Override
            public void remove() {
                if (last < 0) {
                    throw new IllegalStateException("next() was not called, or remove() was already called for it");
                }
                Object item = items[last];
                last = -1;
                removeIdentical(new Object[] {item});
            }
        };
    }

    @Override
    public Spliterator<T> spliterator() {
        Spliterator<Object> items = Spliterators.spliterator(snapshot(Integer.MAX_VALUE),
                Spliterator.ORDERED | Spliterator.NONNULL | Spliterator.CONCURRENT);
        @SuppressWarnings("unchecked") Spliterator<T> typed = (Spliterator<T>) (Spliterator<?>) items;
        return typed;
    }

    @Override
    public void forEach(Consumer<? super T> action) {
        Objects.requireNonNull(action, "action");
        for (Object item : snapshot(Integer.MAX_VALUE)) {
            @SuppressWarnings("unchecked") T t = (T) item;
            action.accept(t);
        }
    }

    // ---------------------------------------------------------------- removing from the middle

    @Override
    public boolean remove(Object o) {
        return o != null && removeWhere(o::equals, 1) > 0;
    }

    @Override
    public boolean removeAll(Collection<?> c) {
        Objects.requireNonNull(c, "collection");
        return removeWhere(c::contains, Integer.MAX_VALUE) > 0;
    }

    @Override
    public boolean retainAll(Collection<?> c) {
        Objects.requireNonNull(c, "collection");
        return removeWhere(item -> !c.contains(item), Integer.MAX_VALUE) > 0;
    }

    @Override
    public boolean removeIf(Predicate<? super T> filter) {
        Objects.requireNonNull(filter, "filter");
        @SuppressWarnings("unchecked") Predicate<Object> f = item -> filter.test((T) item);
        return removeWhere(f, Integer.MAX_VALUE) > 0;
    }

    /** Removes every item there now; each counts as received and done. */
    @Override
    public void clear() {
        removeWhere(item -> true, Integer.MAX_VALUE);
    }

    // ---------------------------------------------------------------- the mechanics (see the class comment)

    /** The channel's state that every change of its contents moves. */
    private record Version(long accepted, long delivered, int state) { }

    /** A snapshot of the contents with the version it belongs to. */
    private record Snapshot(Object[] items, Version version) { }

    /** Under the lock, frozen: the version now. */
    private Version versionNow() {
        return new Version(channel.acceptedCount(), channel.deliveredCount(), channel.state);
    }

    /** @return the first {@code max} items, in receiving order */
    private Object[] snapshot(int max) {
        channel.lockChannel();
        try {
            channel.prepareToWait();
            return channel.snapshotNow(max);
        } finally {
            channel.unlockChannel();
        }
    }

    private Snapshot versionedSnapshot() {
        channel.lockChannel();
        try {
            channel.prepareToWait();
            return new Snapshot(channel.snapshotNow(Integer.MAX_VALUE), versionNow());
        } finally {
            channel.unlockChannel();
        }
    }

    /**
     * Removes up to {@code limit} items that {@code filter} selects, the first ones in receiving
     * order.
     *
     * @return how many were removed
     */
    private int removeWhere(Predicate<Object> filter, int limit) {
        for (int attempt = 1; ; attempt++) {
            Snapshot s = versionedSnapshot();
            Object[] items = s.items();
            boolean[] marks = new boolean[items.length];
            int chosen = 0;
            for (int i = 0; i < items.length && chosen < limit; i++) {
                if (filter.test(items[i])) {
                    marks[i] = true;
                    chosen++;
                }
            }
            if (chosen == 0) {
                return 0; // at the snapshot nothing matched: the call takes effect then
            }
            int removed = -1;
            channel.lockChannel();
            try {
                channel.prepareToWait();
                if (versionNow().equals(s.version())) {
                    removed = removeNow(marks, chosen);
                } else if (attempt >= OPTIMISTIC_TRIES) {
                    Object[] picked = new Object[chosen];
                    for (int i = 0, k = 0; i < items.length; i++) {
                        if (marks[i]) {
                            picked[k++] = items[i];
                        }
                    }
                    removed = removeIdenticalNow(picked);
                }
            } finally {
                channel.unlockChannel();
            }
            if (removed >= 0) {
                channel.removedAsDone();
                return removed;
            }
        }
    }

    /** Removes the first occurrence, in receiving order, of each of these very objects still there. */
    private void removeIdentical(Object[] targets) {
        int removed;
        channel.lockChannel();
        try {
            channel.prepareToWait();
            removed = removeIdenticalNow(targets);
        } finally {
            channel.unlockChannel();
        }
        channel.removedAsDone();
    }

    /** Under the lock, frozen: see {@link #removeIdentical}. Runs no user code. */
    private int removeIdenticalNow(Object[] targets) {
        Map<Object, int[]> wanted = new IdentityHashMap<>();
        for (Object t : targets) {
            wanted.computeIfAbsent(t, k -> new int[1])[0]++;
        }
        Object[] now = channel.snapshotNow(Integer.MAX_VALUE);
        boolean[] marks = new boolean[now.length];
        int chosen = 0;
        for (int i = 0; i < now.length; i++) {
            int[] left = wanted.get(now[i]);
            if (left != null && left[0] > 0) {
                left[0]--;
                marks[i] = true;
                chosen++;
            }
        }
        return chosen == 0 ? 0 : removeNow(marks, chosen);
    }

    /**
     * Under the lock, frozen, with the channel as the snapshot {@code marks} belongs to: removes the
     * marked items, counting their tasks done first (see {@link AbstractChannel#removingAsDone}).
     */
    private int removeNow(boolean[] marks, int chosen) {
        channel.removingAsDone(chosen);
        int removed = channel.removeNow(marks);
        if (removed != chosen) {
            throw new IllegalStateException("removed " + removed + " of " + chosen + " marked items from channel '"
                    + channel.name() + "'");
        }
        channel.afterReceiveNow();
        return removed;
    }

    // ---------------------------------------------------------------- checks

    private void requireItem(T item) {
        if (item == null) {
            throw new NullPointerException("the queue view of channel '" + channel.name() + "' does not accept null items");
        }
    }

    private IllegalStateException closed(String what, ChannelClosedException closed) {
        return new IllegalStateException("cannot " + what + " the queue view of channel '" + channel.name()
                + "': " + closed.getMessage(), closed);
    }
}
