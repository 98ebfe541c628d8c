package dev.conduit.proof;

import dev.conduit.channel.ChannelClosedException;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;

/**
 * Adds the operations that may wait, {@code put} and {@code take}. Lincheck cannot check a thread
 * that parks for ever, so these run only in the hand-written scenarios of
 * {@link BlockingScenarios}, each built so that every wait is ended by another thread of the
 * scenario (a receiver, a sender, a close or a cancel). Model checking then explores every
 * interleaving of the park/unpark hand-shake inside the channel.
 */
public class BlockingChannelOperations extends ChannelOperations {

    @Operation
    public Object put(@Param(name = "item") int item) {
        try {
            channel.put(item);
            sent();
            return Outcomes.OK;
        } catch (ChannelClosedException e) {
            return Outcomes.CLOSED;
        } catch (InterruptedException e) {
            throw new AssertionError("nobody interrupts in a Lincheck scenario", e);
        }
    }

    /** Only in post-parts: at rest it is exact (see {@link #invariants()}). */
    @Operation
    public Object unfinishedTasks() {
        return channel.unfinishedTasks();
    }

    @Operation
    public Object take() {
        try {
            return channel.take();
        } catch (ChannelClosedException e) {
            return Outcomes.CLOSED;
        } catch (InterruptedException e) {
            throw new AssertionError("nobody interrupts in a Lincheck scenario", e);
        }
    }

    /** {@code put} as a waiting select: one put clause and its onClosed. */
    @Operation
    public Object selectPut(@Param(name = "item") int item) {
        Object r = select(dev.conduit.channel.Select.create()
                .onPut(channel, item, () -> Outcomes.OK)
                .onClosed(channel, () -> Outcomes.CLOSED));
        if (r == Outcomes.OK) {
            sent();
        }
        return r;
    }

    /** {@code take} as a waiting select: one take clause and its onClosed. */
    @Operation
    public Object selectTake() {
        return select(dev.conduit.channel.Select.create()
                .onTake(channel, item -> (Object) item)
                .onClosed(channel, () -> Outcomes.CLOSED));
    }
}
