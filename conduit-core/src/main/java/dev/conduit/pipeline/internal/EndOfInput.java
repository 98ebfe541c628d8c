package dev.conduit.pipeline.internal;

/**
 * Thrown by {@link Inlet#take()} when the input is exhausted: the channel was closed and drained,
 * or the source has no more items. A control-flow signal, so it has no stack trace.
 */
final class EndOfInput extends Exception {
    static final EndOfInput INSTANCE = new EndOfInput();

    private EndOfInput() {
        super("end of input", null, false, false);
    }
}
