package dev.conduit.pipeline;

import java.time.Duration;
import java.util.List;

/**
 * What one worker of a stage was doing at one moment, for a {@link StallReport}.
 *
 * @param stage   the stage the worker belongs to
 * @param thread  the worker thread's name
 * @param state   what it was doing
 * @param channel the channel it waits on ({@code null} unless starved or blocked on a channel)
 * @param item    the item it holds, or {@code null}
 * @param since   how long it has been in this state
 * @param stack   the top of the thread's stack (empty if the worker is not running)
 */
public record WorkerSnapshot(String stage, String thread, State state, String channel, Object item, Duration since,
                             List<StackTraceElement> stack) {

    /** What a worker is doing. */
    public enum State {
        /** Not started yet. */
        STARTING,
        /** Running the stage's function on an item. */
        BUSY,
        /** Waiting for an item on its input channel. */
        WAITING_FOR_INPUT,
        /** Waiting for room in its output channel. */
        WAITING_FOR_ROOM,
        /** In an ordered stage, holding a finished item until the items before it are emitted. */
        WAITING_FOR_TURN,
        /** Finished. */
        DONE
    }

    @Override
    public String toString() {
        String what = switch (state) {
            case WAITING_FOR_INPUT -> "waits for input on channel '" + channel + "'";
            case WAITING_FOR_ROOM -> "waits for room in channel '" + channel + "' holding " + item;
            case WAITING_FOR_TURN -> "waits for its turn to emit (ordered) holding " + item;
            case BUSY -> "busy in the function on " + item;
            case STARTING -> "starting";
            case DONE -> "done";
        };
        return thread + " " + what + " for " + StatsTable.seconds(since);
    }
}
