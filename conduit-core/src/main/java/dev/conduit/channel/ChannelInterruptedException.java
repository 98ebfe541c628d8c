package dev.conduit.channel;

/**
 * Thrown by channel iteration ({@link Channel#iterator()}, {@link Channel#forEach},
 * {@link Channel#stream()}) when the iterating thread is interrupted while waiting for an item.
 * Iterators cannot throw the checked {@link InterruptedException}, so this unchecked one carries
 * it as its cause; the thread's interrupt status is set again before it is thrown, and no item is
 * lost (an item is only removed from the channel when it is returned).
 */
public class ChannelInterruptedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param channelName the channel being iterated
     * @param cause       the interruption
     */
    public ChannelInterruptedException(String channelName, InterruptedException cause) {
        super("interrupted while iterating channel '" + channelName + "'", cause);
    }
}
