package dev.conduit.proof;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The plain sequential model of a channel that the Lincheck tests compare every concurrent history
 * against: no threads, no locks, just what the contract in {@code Channel} says each call does.
 * Its methods mirror {@link ChannelOperations} one for one (same names, same parameters, same
 * result encoding), which is how Lincheck pairs them.
 *
 * <p>A blocking call that would have to wait returns {@link Outcomes#WOULD_BLOCK}, which no real
 * call ever returns: so a history is accepted only if each blocking call can be placed at a moment
 * when it could complete, the usual meaning of linearizability for blocking operations.
 *
 * <p>A rendezvous channel (capacity 0) is modelled as a one-item hand-off slot that only a
 * {@code put} fills ({@code offer} without a waiting receiver fails): a put is linearized where a
 * receiver takes its item. The custom scenarios end with a post-part that would see an item left
 * in the slot, so a put that "succeeded" without a receiver cannot pass.
 */
public class ChannelModel {
    private record Entry(int item, long seq) { }

    private static final int OPEN = 0, CLOSED = 1, CANCELLED = 2;

    private final ChannelKind kind;
    private final List<Entry> buffer = new ArrayList<>();
    private long nextSeq;
    private int state = OPEN;
    private long accepted, delivered, done, discarded;

    public ChannelModel() {
        this(LincheckSubject.current());
    }

    ChannelModel(ChannelKind kind) {
        this.kind = kind;
    }

    // ---------------------------------------------------------------- sending

    public Object offer(int item) {
        return send(item, false);
    }

    public Object put(int item) {
        return send(item, true);
    }

    public Object selectOffer(int item) {
        return send(item, false);
    }

    public Object selectPut(int item) {
        return send(item, true);
    }

    private Object send(int item, boolean waits) {
        if (state != OPEN) {
            return Outcomes.CLOSED;
        }
        int room = kind.rendezvous() ? (waits ? 1 : 0) : kind.capacity();
        if (buffer.size() >= room) {
            switch (kind.overflow()) {
                case BLOCK -> {
                    return waits ? Outcomes.WOULD_BLOCK : Boolean.FALSE;
                }
                case DROP_NEWEST -> {
                    accepted++;
                    discarded++;
                    return waits ? Outcomes.OK : Boolean.TRUE;
                }
                case DROP_OLDEST -> {
                    buffer.remove(oldest());
                    discarded++;
                }
            }
        }
        buffer.add(new Entry(item, nextSeq++));
        accepted++;
        return waits ? Outcomes.OK : Boolean.TRUE;
    }

    // ---------------------------------------------------------------- receiving

    public Object poll() {
        if (buffer.isEmpty()) {
            return null;
        }
        return removeNext(true);
    }

    public Object take() {
        if (!buffer.isEmpty()) {
            return removeNext(true);
        }
        return state == OPEN ? Outcomes.WOULD_BLOCK : Outcomes.CLOSED;
    }

    public Object selectPoll() {
        if (!buffer.isEmpty()) {
            return removeNext(true);
        }
        return state == OPEN ? null : Outcomes.CLOSED;
    }

    public Object selectTake() {
        return take();
    }

    public Object drain() {
        List<Integer> out = new ArrayList<>();
        while (!buffer.isEmpty() && out.size() < ChannelOperations.DRAIN_MAX) {
            out.add(removeNext(true));
        }
        return out;
    }

    private Integer removeNext(boolean delivers) {
        Entry next = switch (kind.order()) {
            case FIFO -> buffer.stream().min(Comparator.comparingLong(Entry::seq)).orElseThrow();
            case LIFO -> buffer.stream().max(Comparator.comparingLong(Entry::seq)).orElseThrow();
            case PRIORITY -> buffer.stream()
                    .min(Comparator.comparingInt(Entry::item).thenComparingLong(Entry::seq)).orElseThrow();
        };
        buffer.remove(next);
        if (delivers) {
            delivered++;
        }
        return next.item();
    }

    private Entry oldest() {
        return buffer.stream().min(Comparator.comparingLong(Entry::seq)).orElseThrow();
    }

    // ---------------------------------------------------------------- the queue view (QueueViewOperations)

    /** {@code remove(Object)}: the first equal item in receiving order; it counts as received and done. */
    public Object removeItem(int item) {
        Entry first = null;
        for (Entry e : buffer) {
            if (e.item() == item && (first == null || comesBefore(e, first))) {
                first = e;
            }
        }
        if (first == null) {
            return false;
        }
        buffer.remove(first);
        delivered++;
        done++;
        return true;
    }

    public Object containsItem(int item) {
        return buffer.stream().anyMatch(e -> e.item() == item);
    }

    public Object peek() {
        if (buffer.isEmpty()) {
            return null;
        }
        Entry first = buffer.getFirst();
        for (Entry e : buffer) {
            if (comesBefore(e, first)) {
                first = e;
            }
        }
        return first.item();
    }

    /** Whether a receiver takes {@code a} before {@code b}. */
    private boolean comesBefore(Entry a, Entry b) {
        return switch (kind.order()) {
            case FIFO -> a.seq() < b.seq();
            case LIFO -> a.seq() > b.seq();
            case PRIORITY -> a.item() != b.item() ? a.item() < b.item() : a.seq() < b.seq();
        };
    }

    // ---------------------------------------------------------------- closing

    public Object close() {
        if (state == OPEN) {
            state = CLOSED;
        }
        return Outcomes.OK;
    }

    public Object cancel() {
        state = CANCELLED;
        List<Integer> removed = new ArrayList<>();
        while (!buffer.isEmpty()) {
            removed.add(removeNext(false));
        }
        discarded += removed.size();
        return removed;
    }

    public Object isClosedForSend() {
        return state != OPEN;
    }

    public Object isClosedForReceive() {
        return state != OPEN && buffer.isEmpty();
    }

    // ---------------------------------------------------------------- tasks and state

    public Object taskDone() {
        if (done >= delivered) {
            return Outcomes.TOO_MANY_TASK_DONE;
        }
        done++;
        return Outcomes.OK;
    }

    public Object unfinishedTasks() {
        return accepted - discarded - done;
    }

    public Object size() {
        return buffer.size();
    }
}
