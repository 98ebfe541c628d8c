package dev.conduit.proof;

/**
 * The results a channel operation can have besides a value, as plain strings so that the real
 * operations ({@link ChannelOperations}) and the model ({@link ChannelModel}) compare with
 * {@code equals} and read well in Lincheck's failure tables.
 */
final class Outcomes {
    private Outcomes() {
    }

    /** A send or close that returned normally. */
    static final String OK = "ok";
    /** A send on a closed channel, or a receive on a closed and drained one. */
    static final String CLOSED = "closed";
    /** {@code taskDone()} called more often than items were received. */
    static final String TOO_MANY_TASK_DONE = "too-many-taskDone";
    /** Only the model returns this: the call would wait at this point, so it cannot linearize here. */
    static final String WOULD_BLOCK = "would-block(model only)";
}
