package dev.conduit.pipeline.internal;

import dev.conduit.pipeline.WorkerSnapshot;
import dev.conduit.pipeline.WorkerSnapshot.State;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * One worker's counters, timings and current state, written by the worker alone and read by the
 * monitor, {@code progress()} and the final statistics.
 *
 * <p>Memory ordering: every field has a single writer (the worker thread), so the worker reads its
 * own fields plainly and publishes with opaque stores, which cost no fence on the hot path; readers
 * use opaque loads and may see values a moment old, which is all a live view needs. The final
 * statistics are read after the worker ended, and the worker's end happens-before the read through
 * the stage's atomic live-worker count, so they are exact.
 *
 * <p>The counters are padded away from other probes' (see {@link ProbePadding}): without it, the
 * probes of neighbouring stages shared cache lines and every item cost a cache-line transfer.
 *
 * <p>Time accounting: the worker times only its waits (starved on input, blocked on output or on its
 * turn); busy time is its lifetime minus those waits. So the three always add up to its lifetime,
 * and the per-item cost is two counter stores, not four clock reads.
 */
final class WorkerProbe extends ProbePadding {
    private static final VarHandle IN, OUT, FAILED, STARVED, BLOCKED, STATE, SINCE, ITEM, END;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            IN = l.findVarHandle(WorkerProbe.class, "in", long.class);
            OUT = l.findVarHandle(WorkerProbe.class, "out", long.class);
            FAILED = l.findVarHandle(WorkerProbe.class, "failed", long.class);
            STARVED = l.findVarHandle(WorkerProbe.class, "starvedNanos", long.class);
            BLOCKED = l.findVarHandle(WorkerProbe.class, "blockedNanos", long.class);
            STATE = l.findVarHandle(WorkerProbe.class, "state", State.class);
            SINCE = l.findVarHandle(WorkerProbe.class, "stateSince", long.class);
            ITEM = l.findVarHandle(WorkerProbe.class, "item", Object.class);
            END = l.findVarHandle(WorkerProbe.class, "endNanos", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final String stage;
    final int index;
    private volatile Thread thread;
    private volatile long startNanos;
    private long endNanos;
    private long in;
    private long out;
    private long failed;
    private long starvedNanos;
    private long blockedNanos;
    private State state = State.STARTING;
    private long stateSince = System.nanoTime();
    private Object item;
    private final String inputChannel;
    private final String outputChannel;

    WorkerProbe(String stage, int index, String inputChannel, String outputChannel) {
        this.stage = stage;
        this.index = index;
        this.inputChannel = inputChannel;
        this.outputChannel = outputChannel;
    }

    // ---------------------------------------------------------------- written by the worker

    void started() {
        thread = Thread.currentThread();
        startNanos = System.nanoTime();
        enter(State.BUSY);
    }

    void ended() {
        END.setOpaque(this, System.nanoTime());
        enter(State.DONE);
    }

    void took(Object item) {
        IN.setOpaque(this, in + 1);
        ITEM.setOpaque(this, item);
    }

    void emitted() {
        OUT.setOpaque(this, out + 1);
    }

    void failedOne() {
        FAILED.setOpaque(this, failed + 1);
    }

    /** Starts a wait; returns its start time for {@link #starved} or {@link #blocked}. */
    long waiting(State waitState) {
        return enter(waitState);
    }

    void starved(long since) {
        long now = System.nanoTime();
        STARVED.setOpaque(this, starvedNanos + (now - since));
        STATE.setOpaque(this, State.BUSY);
        SINCE.setOpaque(this, now);
    }

    void blocked(long since) {
        long now = System.nanoTime();
        BLOCKED.setOpaque(this, blockedNanos + (now - since));
        STATE.setOpaque(this, State.BUSY);
        SINCE.setOpaque(this, now);
    }

    void released() {
        ITEM.setOpaque(this, null);
    }

    private long enter(State s) {
        long now = System.nanoTime();
        STATE.setOpaque(this, s);
        SINCE.setOpaque(this, now);
        return now;
    }

    // ---------------------------------------------------------------- read by others

    /** @return the thread that ran this worker, or {@code null} if it never started */
    Thread thread() {
        return thread;
    }

    /** Interrupts the worker's thread if it is running (a stray interrupt after it ended is harmless: the pool clears it). */
    void interrupt() {
        Thread t = thread;
        if (t != null && (State) STATE.getOpaque(this) != State.DONE) {
            t.interrupt();
        }
    }

    long in() {
        return (long) IN.getOpaque(this);
    }

    long out() {
        return (long) OUT.getOpaque(this);
    }

    long failed() {
        return (long) FAILED.getOpaque(this);
    }

    long starvedNanos() {
        return (long) STARVED.getOpaque(this);
    }

    long blockedNanos() {
        return (long) BLOCKED.getOpaque(this);
    }

    /** @return the time the worker has been alive (0 before it started) */
    long lifetimeNanos() {
        long start = startNanos;
        if (start == 0) {
            return 0;
        }
        long end = (long) END.getOpaque(this);
        return (end != 0 ? end : System.nanoTime()) - start;
    }

    /** @return busy time: lifetime minus waits, never negative */
    long busyNanos() {
        return Math.max(0, lifetimeNanos() - starvedNanos() - blockedNanos());
    }

    State state() {
        return (State) STATE.getOpaque(this);
    }

    /** @return {@code true} if the worker holds an item (busy on it or waiting to emit it) */
    boolean holdsItem() {
        State s = state();
        return ITEM.getOpaque(this) != null && (s == State.BUSY || s == State.WAITING_FOR_ROOM
                || s == State.WAITING_FOR_TURN);
    }

    WorkerSnapshot snapshot() {
        State s = state();
        Thread t = thread;
        long since = (long) SINCE.getOpaque(this);
        List<StackTraceElement> stack = List.of();
        if (t != null && s != State.DONE) {
            StackTraceElement[] frames = t.getStackTrace();
            stack = List.of(Arrays.copyOf(frames, Math.min(12, frames.length)));
        }
        String channel = s == State.WAITING_FOR_INPUT ? inputChannel : s == State.WAITING_FOR_ROOM ? outputChannel : null;
        return new WorkerSnapshot(stage, t == null ? stage + "-" + index : t.getName(), s, channel,
                ITEM.getOpaque(this), Duration.ofNanos(System.nanoTime() - since), stack);
    }
}
