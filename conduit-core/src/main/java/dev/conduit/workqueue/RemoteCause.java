package dev.conduit.workqueue;

/**
 * The cause given to {@link WorkQueue#close(Throwable)}, as another process sees it: the original
 * exception's class name and message (exceptions are not serialized across processes).
 */
public final class RemoteCause extends Exception {
    private static final long serialVersionUID = 1L;
    /** The class name of the exception the closing process gave. */
    private final String originalClass;

    /**
     * Creates the cause.
     *
     * @param originalClass the class name of the exception given to {@code close(cause)}
     * @param message       its message, or {@code null}
     */
    public RemoteCause(String originalClass, String message) {
        super(originalClass + (message == null ? "" : ": " + message), null, false, false);
        this.originalClass = originalClass;
    }

    /**
     * Names the class of the original exception.
     *
     * @return the class name of the exception the closing process gave
     */
    public String originalClass() {
        return originalClass;
    }

    /** @return the original exception's class name and message, as its own {@code toString} would read */
    @Override
    public String toString() {
        return getMessage();
    }

    /**
     * Describes a local cause in the form another process will see.
     *
     * @param cause the cause given to close
     * @return its class name and message, one line
     */
    public static String describe(Throwable cause) {
        if (cause instanceof RemoteCause remote) {
            return remote.getMessage();
        }
        String message = cause.getMessage();
        return cause.getClass().getName() + (message == null ? "" : ": " + message.replace('\n', ' '));
    }

    /**
     * Reads a description made by {@link #describe} back into a cause.
     *
     * @param description the one line
     * @return the cause
     */
    public static RemoteCause parse(String description) {
        int colon = description.indexOf(": ");
        return colon < 0 ? new RemoteCause(description, null)
                : new RemoteCause(description.substring(0, colon), description.substring(colon + 2));
    }
}
