package dev.conduit.proof;

import dev.conduit.sync.Event;
import org.jetbrains.lincheck.datastructures.Operation;

import java.time.Duration;

/**
 * {@link Event} as Lincheck sees it. {@code await()} may park, so it is used only in
 * {@link SyncLincheckTest}'s hand-written scenarios, where a {@code set()} is sure to come.
 */
public class EventOperations {
    private final Event event = new Event();

    @Operation
    public void set() {
        event.set();
    }

    @Operation
    public void clear() {
        event.clear();
    }

    @Operation
    public boolean isSet() {
        return event.isSet();
    }

    /** Does not wait: {@code await(0)}. */
    @Operation
    public boolean awaitNow() throws InterruptedException {
        return event.await(Duration.ZERO);
    }

    public String await() throws InterruptedException {
        event.await();
        return Outcomes.OK;
    }
}
