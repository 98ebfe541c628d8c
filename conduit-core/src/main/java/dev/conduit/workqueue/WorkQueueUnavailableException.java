package dev.conduit.workqueue;

/**
 * Thrown when a queue's store could not be reached for longer than the queue's patience allows, or
 * refused an operation for a reason that waiting will not mend. The message names the address and
 * the reason. When it is thrown by a send, the item may or may not have been stored.
 */
public class WorkQueueUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what failed, naming the queue or address at fault and why
     * @param cause   the underlying failure, or {@code null}
     */
    public WorkQueueUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
