package dev.conduit.jcstress;

import dev.conduit.channel.Channel;
import dev.conduit.channel.ChannelBuilder;
import dev.conduit.channel.ChannelClosedException;

/**
 * Channel calls as jcstress actors need them: no checked exceptions, outcomes as ints.
 * Nobody interrupts a jcstress actor, so an {@link InterruptedException} is a harness failure.
 */
final class Ops {
    /** A receive that saw the channel closed and drained, or cancelled. */
    static final int CLOSED = -1;

    /**
     * {@code -Dconduit.jcstress.singleConsumer=true} (passed to jcstress's forks with
     * {@code -jvmArgsPrepend}) builds the one-slot channels with the {@code singleConsumer()} hint,
     * which selects the ring's item-flag variant; by default they use per-slot sequences.
     */
    private static final boolean SINGLE_CONSUMER = Boolean.getBoolean("conduit.jcstress.singleConsumer");

    private Ops() {
    }

    /** @return a one-slot ring channel in the variant this run checks */
    static Channel<Integer> oneSlot() {
        return oneSlotBuilder().build();
    }

    /** @return a builder for a one-slot ring channel in the variant this run checks */
    static ChannelBuilder<Integer> oneSlotBuilder() {
        ChannelBuilder<Integer> b = Channel.<Integer>builder().capacity(1);
        return SINGLE_CONSUMER ? b.singleConsumer() : b;
    }

    /** @return 1 if the put completed, 0 if the channel was closed */
    static int put(Channel<Integer> channel, int item) {
        try {
            channel.put(item);
            return 1;
        } catch (ChannelClosedException e) {
            return 0;
        } catch (InterruptedException e) {
            throw new IllegalStateException("jcstress actor interrupted", e);
        }
    }

    /** @return the item taken, or {@link #CLOSED} */
    static int take(Channel<Integer> channel) {
        try {
            return channel.take();
        } catch (ChannelClosedException e) {
            return CLOSED;
        } catch (InterruptedException e) {
            throw new IllegalStateException("jcstress actor interrupted", e);
        }
    }

    /** @return the item polled, or 0 if there was none */
    static int poll(Channel<Integer> channel) {
        Integer item = channel.poll();
        return item == null ? 0 : item;
    }
}
