package dev.conduit.pipeline;

/**
 * An item that a stage could not handle, with the exception it threw.
 *
 * @param stage    the stage whose function threw
 * @param item     the item the function was given; {@code null} when the failure has no item (the
 *                 source itself failed, or an upstream channel was closed with a cause)
 * @param error    the exception thrown by the last attempt
 * @param attempts how many times the function was tried on the item (more than 1 under
 *                 {@link ErrorPolicy#retry(int, java.time.Duration) retry})
 */
public record ItemFailure(String stage, Object item, Throwable error, int attempts) {
    @Override
    public String toString() {
        return "stage '" + stage + "' failed on " + (item == null ? "no item" : "item " + item)
                + (attempts > 1 ? " after " + attempts + " attempts" : "") + ": " + error;
    }
}
