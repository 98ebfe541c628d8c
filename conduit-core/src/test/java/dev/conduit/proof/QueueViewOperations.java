package dev.conduit.proof;

import dev.conduit.channel.Channel;
import dev.conduit.channel.ChannelClosedException;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.Validate;

import java.util.ArrayList;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The queue view's looking and removing from the middle ({@code remove(Object)}, {@code contains},
 * {@code peek}) beside the channel's non-blocking sends, receives, drains and cancel, checked by
 * Lincheck against {@link ChannelModel}: every history must be one the sequential model allows (an
 * item is received, removed, dropped or cancelled exactly once; the others keep their order), and
 * the task count at rest must be exact.
 *
 * <p>{@code close()}, {@code size()} and {@code drainTo} are left out on purpose: with them,
 * model checking finds histories that involve no view operation, from two properties of the
 * ring's non-blocking operations (reported to its owner; {@link ChannelOperations} keeps them, and
 * passes only because its scenarios rarely observe them). A send whose claim (the CAS on the
 * producer index) is done but whose item is not yet published is counted by {@code size()} and
 * fixes the end of a closed channel, yet a {@code poll} or {@code drainTo} passes it by ("size() =
 * 1, then drain() = []"; "close(), then drain() = [] while offer() returned true"). And
 * {@code drainTo} claims one published run at a time, so a drain of two can take one item before
 * an observer sees the ring empty and the other after a later send. Likewise two concurrent
 * offers: the later one can complete while the earlier one's slot is still unpublished, and a
 * {@code poll} then finds nothing ("offer(2): true, then poll(): null" beside "offer(3): true"),
 * as in any Vyukov-style ring; so offers here never run in parallel with each other. The view's
 * snapshots wait for a claimed send to publish, so its own operations see none of these.
 */
@Param(name = "item", gen = IntGen.class, conf = "1:3")
public class QueueViewOperations {
    private final ChannelKind kind = LincheckSubject.current();
    private final AtomicLong undelivered = new AtomicLong();
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong finished = new AtomicLong();
    private final Channel<Integer> channel = kind.create(item -> undelivered.incrementAndGet());
    private final BlockingQueue<Integer> view = channel.asBlockingQueue();

    /** One sender at a time: see the class comment. */
    @Operation(nonParallelGroup = "senders")
    public Object offer(@Param(name = "item") int item) {
        try {
            boolean sent = channel.offer(item);
            if (sent) {
                accepted.incrementAndGet();
            }
            return sent;
        } catch (ChannelClosedException e) {
            return Outcomes.CLOSED;
        }
    }

    @Operation
    public Object poll() {
        return channel.poll();
    }

    @Operation
    public Object cancel() {
        return new ArrayList<>(channel.cancel());
    }

    @Operation
    public Object taskDone() {
        try {
            channel.taskDone();
            finished.incrementAndGet();
            return Outcomes.OK;
        } catch (IllegalStateException e) {
            return Outcomes.TOO_MANY_TASK_DONE;
        }
    }

    @Operation
    public Object removeItem(@Param(name = "item") int item) {
        boolean removed = view.remove(item);
        if (removed) {
            finished.incrementAndGet(); // a removed item's task is done
        }
        return removed;
    }

    @Operation
    public Object containsItem(@Param(name = "item") int item) {
        return view.contains(item);
    }

    @Operation
    public Object peek() {
        return view.peek();
    }

    /** At rest: the size is within bounds and the task count is exact (see ChannelOperations). */
    @Validate
    public void invariants() {
        int size = channel.size();
        if (size < 0 || size > kind.capacity()) {
            throw new AssertionError("size " + size + " outside [0, " + kind.capacity() + "] on " + channel);
        }
        long expected = accepted.get() - undelivered.get() - finished.get();
        if (channel.unfinishedTasks() != expected) {
            throw new AssertionError("at rest unfinishedTasks() = " + channel.unfinishedTasks() + " but "
                    + accepted + " sent - " + undelivered + " undelivered - " + finished + " done or removed = "
                    + expected + " on " + channel);
        }
    }
}
