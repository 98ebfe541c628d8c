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

    /** @return every item, in receiving order, leaving the buffer empty */
    final List<T> removeAll() {
        List<T> all = new ArrayList<>(size());
        for (T item; (item = removeNext()) != null; ) {
            all.add(item);
        }
        return all;
    }

    private static final class Fifo<T> extends ItemBuffer<T> {
        private final ArrayDeque<T> items = new ArrayDeque<>();

        @Override void add(T item) { items.addLast(item); }
        @Override T removeNext() { return items.pollFirst(); }
        @Override T removeOldest() { return items.pollFirst(); }
        @Override int size() { return items.size(); }
    }

    private static final class Lifo<T> extends ItemBuffer<T> {
        private final ArrayDeque<T> items = new ArrayDeque<>();

        @Override void add(T item) { items.addFirst(item); }
        @Override T removeNext() { return items.pollFirst(); }
        @Override T removeOldest() { return items.pollLast(); }
        @Override int size() { return items.size(); }
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
    }
}
