package dev.conduit.channel;

/**
 * Thrown when an operation cannot proceed because its channel is closed: a send after
 * {@link Channel#close()}, a receive after the channel is closed and drained, or any blocked or new
 * operation after {@link Channel#cancel()}.
 *
 * <p>When the channel was closed with {@link Channel#close(Throwable)}, receivers get this exception
 * with that throwable as its {@linkplain #getCause() cause}, so a producer's failure reaches the
 * consumers.
 */
public class ChannelClosedException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /** The name of the channel that was closed. */
    private final String channelName;
    /** Whether it was cancelled rather than closed. */
    private final boolean cancelled;

    /**
     * Creates the exception.
     *
     * @param channelName the name of the channel at fault
     * @param cancelled   {@code true} when the channel was cancelled, {@code false} when closed
     * @param message     what was attempted
     * @param cause       the cause given to {@link Channel#close(Throwable)}, or {@code null}
     */
    public ChannelClosedException(String channelName, boolean cancelled, String message, Throwable cause) {
        super(message, cause);
        this.channelName = channelName;
        this.cancelled = cancelled;
    }

    /**
     * Names the channel.
     *
     * @return the name of the channel that was closed
     */
    public String channelName() {
        return channelName;
    }

    /**
     * Tells a cancel from a close.
     *
     * @return {@code true} if the channel was cancelled, {@code false} if it was closed gracefully
     */
    public boolean wasCancelled() {
        return cancelled;
    }
}
