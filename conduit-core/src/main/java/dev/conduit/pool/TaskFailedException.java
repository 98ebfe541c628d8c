package dev.conduit.pool;

/**
 * Carries a checked exception thrown by a task out of {@link Task#join()} and
 * {@link WorkerPool#map}, which rethrow unchecked failures as they are. The task's exception is the
 * {@linkplain #getCause() cause}.
 */
public class TaskFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param cause the checked exception the task threw
     */
    public TaskFailedException(Throwable cause) {
        super("task failed: " + cause, cause);
    }
}
