package dev.conduit.channel.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * The storage of a lock-based channel, holding items in the order receivers get them. Not
 * thread-safe: the channel's lock guards it.
 *
 * @param <T> the item type
 */
abstract class ItemBuffer<T> {

    static <T> ItemBuffer<T> of(ChannelSpec<T> spec) {
        return switch (spec.ordering()) {
            case FIFO -> new Fifo<>();
            case LIFO -> new Lifo<>();
            case PRIORITY -> new Priority<>(spec.comparator());
        };
    }

    abstract void add(T item);

    /** @return the next item for a receiver, or {@code null} if empty */
    abstract T removeNext();

    /** @return the item that has waited longest, or {@code null} if empty */
    abstract T removeOldest();

    abstract int size();

    final boolean isEmpty() {
        return size() == 0;
    }

    /**
     * @param max the most items to copy
     * @return the first {@code max} items in receiving order, left in place (for the queue view)
     */
    abstract Object[] toArray(int max);

    /**
     * Removes the items at the marked positions of the receiving order, keeping the order of the
     * others (for the queue view's removal from the middle).
     *
     * @param marks one flag per item, in the order of {@link #toArray}
     * @return how many were removed
     */
    abstract int removeMarked(boolean[] marks);

    /** @return every item, in receiving order, leaving the buffer empty */
    final List<T> removeAll() {
        List<T> all = new ArrayList<>(size());
        for (T item; (item = removeNext()) != null; ) {
            all.add(item);
        }
        return all;
    }

    /**
     * FIFO and LIFO: an {@code ArrayDeque} whose head is the next item to receive, made by the
     * first add, so that an idle unbounded channel holds no array (the default deque's is 88 B)
     * and reads that only look never make it.
     */
    private abstract static class DequeBuffer<T> extends ItemBuffer<T> {
        /** Null until the first add; never null again. */
        ArrayDeque<T> items;

        final ArrayDeque<T> items() {
            ArrayDeque<T> d = items;
            if (d == null) {
                items = d = new ArrayDeque<>(4);
            }
            return d;
        }

        @Override final T removeNext() { return items == null ? null : items.pollFirst(); }
        @Override final int size() { return items == null ? 0 : items.size(); }
        @Override final Object[] toArray(int max) { return items == null ? new Object[0] : firstOf(items, max); }
        @Override final int removeMarked(boolean[] marks) { return removeMarkedFrom(items(), marks); }
    }

    private static final class Fifo<T> extends DequeBuffer<T> {
        @Override void add(T item) { items().addLast(item); }
        @Override T removeOldest() { return removeNext(); }
    }

    private static final class Lifo<T> extends DequeBuffer<T> {
        @Override void add(T item) { items().addFirst(item); }
        @Override T removeOldest() { return items == null ? null : items.pollLast(); }
    }

    /** The first {@code max} items of a deque whose head is the next to be received. */
    private static Object[] firstOf(ArrayDeque<?> items, int max) {
        if (max >= items.size()) {
            return items.toArray();
        }
        Object[] out = new Object[max];
        java.util.Iterator<?> it = items.iterator();
        for (int i = 0; i < max; i++) {
            out[i] = it.next();
        }
        return out;
    }

    /** Rebuilds a deque without the marked positions (head first), keeping the order. */
    private static <T> int removeMarkedFrom(ArrayDeque<T> items, boolean[] marks) {
        @SuppressWarnings("unchecked") T[] all = (T[]) items.toArray();
        if (marks.length != all.length) {
            throw new IllegalStateException("marks for " + marks.length + " items, buffer holds " + all.length);
        }
        items.clear();
        int removed = 0;
        for (int i = 0; i < all.length; i++) {
            if (marks[i]) {
                removed++;
            } else {
                items.addLast(all[i]);
            }
        }
        return removed;
    }

    /**
     * A heap ordered by the user's comparator, then by arrival, so equal items stay FIFO.
     * Removing the oldest (for {@code DROP_OLDEST}) scans the heap: O(n), only when full.
     */
    private static final class Priority<T> extends ItemBuffer<T> {
        private record Entry<T>(T item, long seq) { }

        private final PriorityQueue<Entry<T>> heap;
        private long nextSeq;

        Priority(Comparator<? super T> comparator) {
            Comparator<Entry<T>> byItem = (a, b) -> comparator.compare(a.item(), b.item());
            this.heap = new PriorityQueue<>(byItem.thenComparingLong(Entry::seq));
        }

        @Override void add(T item) { heap.add(new Entry<>(item, nextSeq++)); }

        @Override T removeNext() {
            Entry<T> e = heap.poll();
            return e == null ? null : e.item();
        }

        @Override T removeOldest() {
            Entry<T> oldest = null;
            for (Entry<T> e : heap) {
                if (oldest == null || e.seq() < oldest.seq()) {
                    oldest = e;
                }
            }
            if (oldest == null) {
                return null;
            }
            heap.remove(oldest);
            return oldest.item();
        }

        @Override int size() { return heap.size(); }

        /** The entries in receiving order: the heap's own order, sorted. O(n log n). */
        @SuppressWarnings({"unchecked", "rawtypes"})
        private Entry<T>[] inOrder() {
            Entry<T>[] all = heap.toArray(new Entry[0]);
            java.util.Arrays.sort(all, heap.comparator());
            return all;
        }

        @Override Object[] toArray(int max) {
            Entry<T>[] all = inOrder();
            Object[] out = new Object[Math.min(max, all.length)];
            for (int i = 0; i < out.length; i++) {
                out[i] = all[i].item();
            }
            return out;
        }

        @Override int removeMarked(boolean[] marks) {
            Entry<T>[] all = inOrder();
            if (marks.length != all.length) {
                throw new IllegalStateException("marks for " + marks.length + " items, buffer holds " + all.length);
            }
            java.util.Set<Entry<T>> doomed = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
            for (int i = 0; i < all.length; i++) {
                if (marks[i]) {
                    doomed.add(all[i]);
                }
            }
            heap.removeIf(doomed::contains);
            return doomed.size();
        }
    }
}
