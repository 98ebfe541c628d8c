package dev.conduit.proof;

import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;

import java.util.concurrent.BlockingQueue;

/**
 * The channel's non-blocking operations plus the queue view's looking and removing from the
 * middle ({@code remove(Object)}, {@code contains}, {@code peek}), checked by Lincheck against
 * {@link ChannelModel}: a removal races with offers, polls, drains, closes and cancels, and every
 * history must be one the sequential model allows (an item is received, removed, dropped or
 * cancelled exactly once, the others keep their order). All of the channel's operations take part,
 * concurrent offers, {@code size()}, {@code close()} and {@code drainTo} included: the ring waits
 * out a send or receive still in flight before it answers "empty", "full" or drains, so none of
 * them can contradict an operation that has already taken effect.
 */
public class QueueViewOperations extends ChannelOperations {
    private final BlockingQueue<Integer> view = channel.asBlockingQueue();

    @Operation
    public Object removeItem(@Param(name = "item") int item) {
        boolean removed = view.remove(item);
        if (removed) {
            removedFromTheMiddle();
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
}
