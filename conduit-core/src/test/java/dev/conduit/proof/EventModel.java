package dev.conduit.proof;

/**
 * The sequential model of {@link dev.conduit.sync.Event}: one flag. {@code await()} may complete
 * only while the flag is set; a history where it returns is accepted if it can be placed at such a
 * moment (between a set and the next clear, which is how a set-then-quick-clear releases waiters).
 */
public class EventModel {
    private boolean set;

    public void set() {
        set = true;
    }

    public void clear() {
        set = false;
    }

    public boolean isSet() {
        return set;
    }

    public boolean awaitNow() {
        return set;
    }

    public String await() {
        return set ? Outcomes.OK : Outcomes.WOULD_BLOCK;
    }
}
