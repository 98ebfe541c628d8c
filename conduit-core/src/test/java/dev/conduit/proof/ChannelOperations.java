package dev.conduit.proof;

import dev.conduit.channel.Channel;
import dev.conduit.channel.ChannelClosedException;
import dev.conduit.channel.Select;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.Validate;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The channel operations that never wait, as Lincheck sees them: random scenarios are generated
 * from these. Items come from a tiny range (1..3) so that equal items, and the very same
 * {@code Integer} object, are sent again and again, as real programs do.
 *
 * <p>Each method catches the documented exceptions and turns them into {@link Outcomes}, so that a
 * history compares with {@link ChannelModel} by value. Blocking operations live in
 * {@link BlockingChannelOperations}, used only in hand-written scenarios that are sure to finish.
 */
@Param(name = "item", gen = IntGen.class, conf = "1:3")
public class ChannelOperations {
    static final int DRAIN_MAX = 2;

    protected final ChannelKind kind = LincheckSubject.current();
    /** What this invocation saw leave the channel undelivered (dropped or cancelled). */
    private final AtomicLong undelivered = new AtomicLong();
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong finished = new AtomicLong();
    protected final Channel<Integer> channel = kind.create(item -> undelivered.incrementAndGet());

    @Operation
    public Object offer(@Param(name = "item") int item) {
        try {
            boolean sent = channel.offer(item);
            if (sent) {
                accepted.incrementAndGet();
            }
            return sent;
        } catch (ChannelClosedException e) {
            return Outcomes.CLOSED;
        }
    }

    @Operation
    public Object poll() {
        return channel.poll();
    }

    /** {@code offer} as a select sees it: one put clause, its onClosed, and orElse at one moment. */
    @Operation
    public Object selectOffer(@Param(name = "item") int item) {
        Object r = select(Select.create()
                .onPut(channel, item, () -> Boolean.TRUE)
                .onClosed(channel, () -> Outcomes.CLOSED)
                .orElse(() -> Boolean.FALSE));
        if (r == Boolean.TRUE) {
            sent();
        }
        return r;
    }

    /** {@code poll} as a select sees it; on a closed and drained channel its onClosed fires. */
    @Operation
    public Object selectPoll() {
        return select(Select.create()
                .onTake(channel, item -> (Object) item)
                .onClosed(channel, () -> Outcomes.CLOSED)
                .orElse(() -> null));
    }

    /** Awaits a select whose clauses all return an outcome. */
    static Object select(Select<Object> select) {
        try {
            return select.inOrder().await();
        } catch (InterruptedException e) {
            throw new AssertionError("nobody interrupts in a Lincheck scenario", e);
        }
    }

    @Operation
    public Object drain() {
        List<Integer> out = new ArrayList<>();
        channel.drainTo(out, DRAIN_MAX);
        return out;
    }

    @Operation
    public Object close() {
        channel.close();
        return Outcomes.OK;
    }

    @Operation
    public Object cancel() {
        return new ArrayList<>(channel.cancel());
    }

    @Operation
    public Object isClosedForSend() {
        return channel.isClosedForSend();
    }

    @Operation
    public Object isClosedForReceive() {
        return channel.isClosedForReceive();
    }

    @Operation
    public Object taskDone() {
        try {
            channel.taskDone();
            finished.incrementAndGet();
            return Outcomes.OK;
        } catch (IllegalStateException e) {
            return Outcomes.TOO_MANY_TASK_DONE;
        }
    }

    @Operation
    public Object size() {
        return channel.size();
    }

    /** Counts an item removed from the middle (by the queue view), which finishes its task, for {@link #invariants()}. */
    protected final void removedFromTheMiddle() {
        finished.incrementAndGet();
    }

    /** Counts a send that returned normally, for {@link #invariants()}. */
    protected final void sent() {
        accepted.incrementAndGet();
    }

    /**
     * Checked after every invocation, once all threads are done: invariants no history may break.
     * {@code unfinishedTasks()} is checked here, at rest, rather than as a concurrent operation:
     * by design (see {@code AbstractChannel}) it may over-count while a drop or a cancel is
     * handing items back, so only its value at rest is exact.
     */
    @Validate
    public void invariants() {
        int size = channel.size();
        int max = kind.rendezvous() ? 0 : kind.capacity();
        if (size < 0 || size > max) {
            throw new AssertionError("size " + size + " outside [0, " + max + "] on " + channel);
        }
        long expected = accepted.get() - undelivered.get() - finished.get();
        if (channel.unfinishedTasks() != expected) {
            throw new AssertionError("at rest unfinishedTasks() = " + channel.unfinishedTasks() + " but "
                    + accepted + " sent - " + undelivered + " undelivered - " + finished + " done = " + expected
                    + " on " + channel);
        }
    }
}
