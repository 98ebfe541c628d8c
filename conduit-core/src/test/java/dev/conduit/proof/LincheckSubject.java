package dev.conduit.proof;

/**
 * Which {@link ChannelKind} the Lincheck run in progress is checking. Lincheck creates the test
 * object and the model itself, through their no-argument constructors, so the kind is handed over
 * through this holder; Surefire runs test classes one after another, so one holder is enough.
 */
final class LincheckSubject {
    private static volatile ChannelKind current;

    private LincheckSubject() {
    }

    static ChannelKind current() {
        ChannelKind k = current;
        if (k == null) {
            throw new IllegalStateException("no channel kind selected: call LincheckSubject.check(kind, ...) first");
        }
        return k;
    }

    static void set(ChannelKind kind) {
        current = kind;
    }
}
