package dev.conduit.channel.internal;

import dev.conduit.channel.Channel;
import dev.conduit.channel.ChannelClosedException;
import dev.conduit.channel.ChannelInterruptedException;
import dev.conduit.channel.WaitStrategy;
import dev.conduit.jfr.ConduitEvents;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * What every channel implementation shares, so that each algorithm only has to move items: the
 * waiter queue and the one waiting algorithm, closing, task accounting, handing undelivered items
 * back, iteration, and the hooks a select uses to wait inside the channel.
 *
 * <h2>Waiting: one queue of waiters per channel</h2>
 * A party that cannot proceed (a receive on an empty channel, a send on a full one, a select none
 * of whose clauses is ready) queues one {@link Waiter} node under the channel's {@link #lock} and
 * parks. Whoever later changes the channel so that the first waiter can proceed <i>serves</i> it
 * under the same lock: a send hands its item straight to the first waiting receiver (the buffer
 * keeps its room), a receive from a full channel moves the first waiting sender's item into the
 * buffer before it returns; then it unparks exactly that waiter, after releasing the lock. So:
 * <ul>
 *   <li>a send wakes at most one receiver and a receive at most one sender, in the order they
 *       began waiting; only a close or cancel wakes several;</li>
 *   <li>an item handed to a waiter is that waiter's: no other party, drop policy or cancel can
 *       take it, and the waiter does not retry anything after it wakes;</li>
 *   <li>a waiter that gives up (timeout, interrupt) decides the race with its server by one CAS
 *       (see {@link Waiter}) and then unlinks its node, so an item is never both handed over and
 *       kept, and a timed-out poll leaves no node behind.</li>
 * </ul>
 *
 * <h2>The internal contract an implementation keeps</h2>
 * It implements the core methods that run under the lock: {@link #sendNow} (hand over to a waiting
 * receiver, or buffer, or apply the drop policy), {@link #receiveNow} (take an item, refilling the
 * buffer from the first waiting sender), {@link #drainedNow} and {@link #removeAllNow}, plus
 * {@link #acceptedCount()} and {@link #deliveredCount()}, which only grow. The blocking,
 * timed and select paths all go through them, so there is one algorithm per implementation. A
 * lock-free implementation (the ring) may move items without the lock as long as no waiter is
 * queued; {@link #prepareToWait()} is where it stops doing so.
 *
 * <h2>Task accounting</h2>
 * Unfinished tasks are {@code accepted - discarded - done}. Reading {@code done} and
 * {@code discarded} before {@code accepted} can only overestimate (all three only grow, and
 * {@code accepted >= discarded + done} always), so a zero read is a true zero at the moment
 * {@code accepted} was read. {@code done <= delivered} is kept by a CAS loop in {@link #taskDone()}.
 * Senders and receivers never touch these counters; only {@code taskDone}, drops and cancel do,
 * and only they wake {@code awaitTasks} waiters, and only when the count reaches zero.
 *
 * @param <T> the item type
 */
public abstract class AbstractChannel<T> implements Channel<T> {
    /** Closing states, in the order a channel moves through them. */
    protected static final int OPEN = 0, CLOSED = 1, CANCELLED = 2;

    /** Wait for ever in the core methods. */
    protected static final long FOREVER = -1L;

    /** What {@link #sendNow} returns when it accepted the item and nothing was dropped. */
    static final Object SENT = new Object();
    /** What {@link #sendNow} returns when there is no room (the item was not accepted). */
    static final Object NO_ROOM = new Object();

    /** Spins of a registered waiter before it parks, where the strategy spins. About 2 us here. */
    private static final int WAITER_SPINS = 64;
    /** Spins of the only waiter of a channel (the rendezvous slot), about 3 us: see {@link #spinOrYield}. */
    private static final int ALONE_SPINS = 128;
    /** One wait in this many + 1 reads the clock to measure what a spin costs (see awaitOutcomeUnrecorded). */
    private static final int SPIN_SAMPLE_MASK = 63;
    /** The most nanoseconds one spin is believed to cost. */
    private static final int MAX_SPIN_NANOS = 1_000;
    /** Where {@link #spinOrYield} puts the spin count in its result, above the outcome's bits. */
    private static final int SPIN_SHIFT = 2, OUTCOME_BITS = 3;
    /**
     * What one spin of a waiter costs, in nanoseconds, as last measured (Thread.onSpinWait is
     * ~25 ns on this project's machines); racy on purpose, any recent measurement will do.
     */
    private static int spinNanos = 25;
    /** Most waits a missed spin keeps this channel's waiters from spinning again. */
    private static final int MAX_SPIN_COOLDOWN = 1024;
    /** How long the busy strategies keep a registered waiter runnable before it parks. */
    private static final long MAX_BUSY_NANOS = 1_000_000;

    private static final AtomicLong IDS = new AtomicLong();
    private static final VarHandle DONE, DISCARDED, TASK_WAITERS, WAIT_TOTALS;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            DONE = l.findVarHandle(AbstractChannel.class, "done", long.class);
            DISCARDED = l.findVarHandle(AbstractChannel.class, "discarded", long.class);
            TASK_WAITERS = l.findVarHandle(AbstractChannel.class, "taskWaiters", TaskWaiter.class);
            WAIT_TOTALS = l.findVarHandle(AbstractChannel.class, "waitTotals", WaitTotals.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Unique and increasing: a select locks its channels in this order, so two selects never deadlock. */
    final long id = IDS.incrementAndGet();
    /** The given name, or {@code null} for the generated {@code channel-<id>}. */
    private final String givenName;
    private final int capacity;
    private final Consumer<? super T> onUndelivered;
    /** How waiters spend the moment before they park. */
    final WaitStrategy waitStrategy;

    /** OPEN, CLOSED or CANCELLED; written under the lock, after {@link #closeCause}. */
    protected volatile int state = OPEN;
    /** The cause given to the first close, or {@code null}; written under the lock. */
    protected Throwable closeCause;

    private volatile long done;
    private volatile long discarded;
    private volatile TaskWaiter taskWaiters;
    /** The callbacks of {@link #invokeOnClose}, or once they ran the cause; see {@link CloseHandlers}. */
    volatile Object closeHandlers;
    /** The wait-time totals, once anything waited: see {@link WaitTotals}. */
    private volatile WaitTotals waitTotals;

    /** Guards the waiter queue, and whatever state an implementation keeps under it. */
    protected final ReentrantLock lock = new ReentrantLock();
    /** The waiter queue, oldest first; under the lock. */
    private Waiter head, tail;
    /** Waiters claimed under the lock, linked through {@code next}, unparked once it is released. */
    private Waiter toWake;
    /** Waiters unparked by a serve, a close or a cancel; under the lock. Tests read it to count wake-ups. */
    private long wakeups;
    // The waiters' spin learning: plain fields, racy on purpose (a lost update only delays learning).
    private int spinCooldown;
    private int spinCooldownLength;

    protected AbstractChannel(ChannelSpec<T> spec) {
        this.givenName = spec.name();
        this.capacity = spec.capacity();
        this.onUndelivered = spec.onUndelivered();
        this.waitStrategy = spec.waitStrategy();
    }

    // ================================================================ what implementations provide

    /** @return items accepted by sends so far, including ones later dropped or cancelled */
    protected abstract long acceptedCount();

    /** @return items handed to receivers so far */
    protected abstract long deliveredCount();

    /**
     * Under the lock, on an open channel: sends {@code item} now if it can, handing it to the first
     * waiting receiver (see {@link #serveReceiver}) before it buffers anything, and never ahead of
     * a queued sender.
     *
     * @return {@link #SENT}; {@link #NO_ROOM} if the item was not accepted; or, when the overflow
     *         policy dropped an item to accept this one (or dropped this one), the dropped item,
     *         which the caller hands to {@code onUndelivered} after releasing the lock
     */
    abstract Object sendNow(T item);

    /**
     * Under the lock: removes the next item if there is one, and, if that made room, moves the
     * first waiting sender's item into the buffer (see {@link #serveSender}).
     *
     * @return the item, or {@code null} if there is none now
     */
    abstract T receiveNow();

    /** Under the lock: whether receivers have reached the end (closed and empty, or cancelled). */
    abstract boolean drainedNow();

    /**
     * Under the lock, while cancelling ({@link #state} is already CANCELLED): removes every buffered
     * item, and makes sure no item can be sent or received without the lock from now on.
     *
     * @return the removed items, in the order they would have been received
     */
    abstract List<T> removeAllNow();

    /**
     * Under the lock, once the state is CLOSED: stops lock-free sends, if the implementation has
     * them. The default does nothing.
     */
    void closedNow() {
    }

    /**
     * Under the lock, before a waiter is queued (by a blocking call or a select): an
     * implementation that moves items without the lock stops doing so while any waiter is queued,
     * so that every later change goes through the lock and sees the waiter.
     *
     * @return {@code true} if the channel may have changed since the caller last looked (it must
     *         look again before it queues a waiter)
     */
    boolean prepareToWait() {
        return false;
    }

    /** Under the lock, just before it is released: the hook where the ring resumes lock-free moves. */
    void beforeUnlock() {
    }

    /** @return the spins a registered waiter makes before parking, where the strategy spins at all */
    int waiterSpins() {
        return WAITER_SPINS;
    }

    /** @return the closing state for {@code toString()} */
    protected String stateText() {
        return stateName(state);
    }

    // ================================================================ the lock and the queue

    /** Takes the lock. */
    final void lockChannel() {
        lock.lock();
    }

    /**
     * Publishes the outcomes of the waiters claimed while the lock was held, releases it, then
     * unparks them: a waiter sees its outcome only once the critical section that decided it has
     * done all its bookkeeping (see {@link Waiter}).
     */
    final void unlockChannel() {
        beforeUnlock();
        Waiter w = toWake;
        toWake = null;
        for (Waiter p = w; p != null; p = p.next) {
            p.publish();
        }
        lock.unlock();
        while (w != null) {
            Waiter next = w.next;
            w.next = null;
            w.wake();
            w = next;
        }
    }

    /** Appends a waiter to the queue. Under the lock. */
    final void enqueue(Waiter w) {
        w.prev = tail;
        if (tail == null) {
            head = w;
        } else {
            tail.next = w;
        }
        tail = w;
    }

    /** Removes a waiter from the queue if it is there. Under the lock. */
    final void unlink(Waiter w) {
        if (!isQueued(w)) {
            return;
        }
        Waiter p = w.prev, n = w.next;
        if (p == null) {
            head = n;
        } else {
            p.next = n;
        }
        if (n == null) {
            tail = p;
        } else {
            n.prev = p;
        }
        w.prev = w.next = null;
    }

    /**
     * @return whether {@code w} is in the queue now: only the head has no predecessor there, and an
     *         unlinked node has none (its {@code next} may link it into the wake list). Under the lock.
     */
    final boolean isQueued(Waiter w) {
        return w.prev != null || head == w;
    }

    /** @return whether any waiter (live or not yet unlinked) is queued. Under the lock. */
    final boolean hasWaiters() {
        return head != null;
    }

    /** @return whether a waiter of {@code kind} may be queued (a cheap look; it may be dead). Under the lock. */
    final boolean mayHaveWaiter(byte kind) {
        for (Waiter w = head; w != null; w = w.next) {
            if (w.kind() == kind) {
                return true;
            }
        }
        return false;
    }

    /** @return how many queued waiters of {@code kind} could still be served. Under the lock. */
    final int countLive(byte kind) {
        int n = 0;
        for (Waiter w = head; w != null; w = w.next) {
            if (w.kind() == kind && w.isLive()) {
                n++;
            }
        }
        return n;
    }

    /** Unlinks a claimed waiter and schedules its thread to be unparked once the lock is released. */
    private void scheduleWake(Waiter w) {
        unlink(w);
        w.next = toWake;
        toWake = w;
        wakeups++;
    }

    /**
     * Under the lock: an implementation that lets a waiter wait outside the queue (the rendezvous
     * slot) moves it into the queue, so that the queue shows every waiter. The default does nothing.
     */
    void settleNow() {
    }

    /** @return how many live waiters of {@code kind} are waiting now (a test hook) */
    final int liveWaiters(byte kind) {
        lockChannel();
        try {
            settleNow();
            return countLive(kind);
        } finally {
            unlockChannel();
        }
    }

    /** @return how many waiters this channel has woken so far (a test hook; exact when quiescent) */
    long wakeups() {
        lockChannel();
        try {
            return wakeups;
        } finally {
            unlockChannel();
        }
    }

    /**
     * Hands {@code item} to the first receiver still waiting, unlinking the dead ones met on the way.
     * Under the lock.
     *
     * @return {@code true} if a receiver took it (the caller counts the hand-off)
     */
    final boolean serveReceiver(Object item) {
        for (Waiter w = head; w != null; ) {
            Waiter next = w.next;
            if (w.kind() == Waiter.RECEIVE) {
                if (w.isLive()) {
                    w.item = item;
                    if (w.claim(Waiter.SERVED)) {
                        scheduleWake(w);
                        return true;
                    }
                    w.item = null;
                }
                unlink(w);
            }
            w = next;
        }
        return false;
    }

    /**
     * Takes the item of the first sender still waiting, unlinking the dead ones met on the way; that
     * sender's send completes. Under the lock.
     *
     * @return the item, or {@code null} if no sender waits
     */
    final Object serveSender() {
        for (Waiter w = head; w != null; ) {
            Waiter next = w.next;
            if (w.kind() == Waiter.SEND) {
                if (w.isLive() && w.claim(Waiter.SERVED)) {
                    scheduleWake(w);
                    return w.item;
                }
                unlink(w);
            }
            w = next;
        }
        return null;
    }

    /**
     * Ends the wait of every queued waiter of the given kinds with {@link Waiter#CLOSED}. Under the lock.
     *
     * @param receivers whether to end the receivers' and close-watchers' waits
     * @param senders   whether to end the senders' waits
     */
    final void closeWaiters(boolean receivers, boolean senders) {
        for (Waiter w = head; w != null; ) {
            Waiter next = w.next;
            if (w.kind() == Waiter.SEND ? senders : receivers) {
                if (w.isLive() && w.claim(Waiter.CLOSED)) {
                    scheduleWake(w);
                } else {
                    unlink(w);
                }
            }
            w = next;
        }
    }

    /**
     * Waits, outside the lock, until {@code w} is claimed, the time runs out, or the thread is
     * interrupted. A waiter that stops on its own gives up first (one CAS against its server) and
     * then unlinks its node; if the server won that race, the outcome stands and an interrupt is
     * kept in the thread's status instead of thrown.
     *
     * @return {@link Waiter#SERVED}, {@link Waiter#CLOSED}, or {@link Waiter#GAVE_UP} on timeout
     * @throws InterruptedException if interrupted before being claimed
     */
    final int awaitOutcome(Waiter w, long nanos, boolean alone) throws InterruptedException {
        Object event = ConduitEvents.channelWaitBegins(); // null unless a recording wants it: see dev.conduit.jfr
        if (event == null) {
            return awaitOutcomeUnrecorded(w, nanos, alone);
        }
        String outcome = "interrupted";
        try {
            int s = awaitOutcomeUnrecorded(w, nanos, alone);
            outcome = s == Waiter.SERVED ? "served" : s == Waiter.CLOSED ? "closed" : "timed out";
            return s;
        } finally {
            ConduitEvents.channelWaitEnds(event, this, w.kind() == Waiter.SEND, outcome);
        }
    }

    /*
     * The wait's length, for stats(): two System.nanoTime() calls cost ~50 ns here, a third of a
     * whole rendezvous hand-off, so a wait that its spin ends is counted as spins x the measured
     * cost of one spin instead. That cost is measured on a sample of the waits (one in
     * SPIN_SAMPLE_MASK + 1, and every timed wait, which reads the clock anyway) that spin in full,
     * and kept in spinNanos; a wait that parks reads the clock from the moment it parks.
     */
    private int awaitOutcomeUnrecorded(Waiter w, long nanos, boolean alone) throws InterruptedException {
        boolean exact = nanos != FOREVER || waitStrategy == WaitStrategy.YIELDING
                || waitStrategy == WaitStrategy.BUSY_SPIN
                || (ThreadLocalRandom.current().nextInt() & SPIN_SAMPLE_MASK) == 0;
        long start = exact ? System.nanoTime() : 0;
        long deadline = nanos == FOREVER ? 0 : start + nanos;
        int s;
        int spins = 0;
        if (!Thread.currentThread().isVirtual() || waitStrategy == WaitStrategy.SPIN_THEN_PARK) {
            int r = spinOrYield(w, deadline, alone);
            s = r & OUTCOME_BITS;
            spins = r >>> SPIN_SHIFT;
            if (s != Waiter.WAITING) {
                recordWait(w, exact ? System.nanoTime() - start : spins * (long) spinNanos);
                return s;
            }
        }
        long parkStart = System.nanoTime();
        if (exact && spins > 0) { // only the learnt and alone spins count theirs
            spinNanos = (int) Math.max(1, Math.min(MAX_SPIN_NANOS, (parkStart - start) / spins));
        }
        long spinPart = exact ? parkStart - start : spins * (long) spinNanos;
        try {
            return park(w, deadline);
        } finally {
            recordWait(w, spinPart + (System.nanoTime() - parkStart));
        }
    }

    /** The parking part of {@link #awaitOutcome}: until claimed, timed out or interrupted. */
    private int park(Waiter w, long deadline) throws InterruptedException {
        int s;
        boolean interrupted = false;
        w.markParking(); // from here a server unparks us; before, it saves the unpark (see Waiter)
        while ((s = w.state()) == Waiter.WAITING) {
            if (Thread.interrupted()) {
                interrupted = true;
                break;
            }
            if (!Waiter.parkUntil(this, deadline)) {
                break;
            }
        }
        if (s == Waiter.WAITING) {
            if (giveUp(w)) {
                if (interrupted) {
                    throw new InterruptedException();
                }
                return Waiter.GAVE_UP;
            }
            s = w.awaitPublished(); // claimed just as we stopped: the item moved, so that outcome stands
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return s;
    }

    /**
     * Called by a waiter that stops waiting on its own: decides the race with its server and, if
     * the waiter won, removes its node. The default gives up by the waiter's CAS (see
     * {@link Waiter}) and then unlinks the node under the lock.
     *
     * @return {@code true} if the waiter gave up; {@code false} if it had been claimed first
     */
    boolean giveUp(Waiter w) {
        if (!w.giveUp()) {
            return false;
        }
        lockChannel();
        try {
            unlink(w);
        } finally {
            unlockChannel();
        }
        return true;
    }

    /**
     * The moment before a thread parks, as the wait strategy says: a learnt spin (SPIN_THEN_PARK:
     * on while spins are caught, off for a growing number of waits after a miss), or a busy
     * millisecond (YIELDING, BUSY_SPIN), or nothing (BLOCKING). Virtual threads take only the
     * learnt spin: parking and remounting one costs about a microsecond, so a rendezvous between
     * two of them went from ~1,000 to ~250 ns a hand-off with it (SynchronousQueue: ~115 ns),
     * and the learning switches it off where many wait and few are served.
     *
     * <p>The only waiter of a channel ({@code alone}: the rendezvous slot) spins longer, as
     * LinkedTransferQueue's first waiter does, and one caught spin switches spinning back on at
     * once: a ping-pong pair recovers from a miss (a GC, a preempted carrier) in one hand-off,
     * where halving the cooldown kept both sides parking, each making the other's next spin miss
     * (one pair: 1-3% of the waits parked, ~250 ns a hand-off; with this, ~0.1% and ~180 ns). A
     * channel whose partner is never running when it waits (10,000 pairs on two carriers) still
     * learns to park at once.
     *
     * @return the waiter's outcome if it came meanwhile, else {@link Waiter#WAITING}, in the low
     *         {@link #SPIN_SHIFT} bits; above them, the spins made (learnt and alone spins only)
     */
    private int spinOrYield(Waiter w, long deadline, boolean alone) {
        int s;
        switch (waitStrategy) {
            case SPIN_THEN_PARK -> {
                int spins = alone ? ALONE_SPINS : waiterSpins();
                if (spins == 0) {
                    return Waiter.WAITING;
                }
                if (spinCooldown > 0) {
                    spinCooldown--;
                    return Waiter.WAITING;
                }
                for (int i = 0; i < spins; i++) {
                    if ((s = w.state()) != Waiter.WAITING) {
                        int length = spinCooldownLength;
                        if (length != 0) { // a write only when it changes: the line is shared with the partner
                            spinCooldownLength = alone ? 0 : length >> 1;
                        }
                        return i << SPIN_SHIFT | s;
                    }
                    Thread.onSpinWait();
                }
                spinCooldownLength = Math.min(MAX_SPIN_COOLDOWN, Math.max(1, 2 * spinCooldownLength));
                spinCooldown = spinCooldownLength;
                return spins << SPIN_SHIFT;
            }
            case YIELDING, BUSY_SPIN -> {
                long start = System.nanoTime();
                boolean spin = waitStrategy == WaitStrategy.BUSY_SPIN;
                for (int i = 0; ; i++) {
                    if ((s = w.state()) != Waiter.WAITING) {
                        return s; // the caller reads the clock for these strategies
                    }
                    if ((i & 63) == 63) {
                        long now = System.nanoTime();
                        if (now - start > MAX_BUSY_NANOS || (deadline != 0 && now - deadline >= 0)
                                || Thread.currentThread().isInterrupted()) {
                            break;
                        }
                    }
                    if (spin) {
                        Thread.onSpinWait();
                    } else {
                        Thread.yield();
                    }
                }
            }
            case BLOCKING -> { }
        }
        return Waiter.WAITING;
    }

    // ================================================================ the send and receive algorithm

    /**
     * Sends under the lock, queueing and waiting if there is no room: the one send algorithm of the
     * lock-based channels, and the slow path of the ring.
     *
     * @param nanos {@link #FOREVER}, 0 for no wait, or the longest wait
     * @return {@code true} if accepted, {@code false} if there was no room in time
     */
    final boolean sendLocked(T item, long nanos) throws InterruptedException {
        Object result;
        Waiter w = null;
        lockChannel();
        try {
            if (state != OPEN) {
                throw closedForSend(state);
            }
            result = sendNow(item);
            if (result == NO_ROOM && nanos != 0) {
                if (prepareToWait()) {
                    result = sendNow(item);
                }
                if (result == NO_ROOM) {
                    w = Waiter.sender(item);
                    enqueue(w);
                }
            }
        } finally {
            unlockChannel();
        }
        if (w == null) {
            if (result == NO_ROOM) {
                return false;
            }
            if (result != SENT) {
                @SuppressWarnings("unchecked") T dropped = (T) result;
                discarded(dropped);
            }
            return true;
        }
        return awaitSent(w, nanos, false);
    }

    /**
     * Waits, outside the lock, for the queued sender {@code w}, counting the time as blocked.
     *
     * @return {@code true} if a receiver took its item, {@code false} on timeout
     * @throws ChannelClosedException if a close or cancel ended the wait
     */
    final boolean awaitSent(Waiter w, long nanos, boolean alone) throws InterruptedException {
        int outcome = awaitOutcome(w, nanos, alone);
        if (outcome == Waiter.CLOSED) {
            throw closedForSend(state);
        }
        return outcome == Waiter.SERVED;
    }

    /** What {@link #receiveLocked} returns once the channel is closed and drained, or cancelled. */
    static final Object END = new Object();

    /**
     * Receives under the lock, queueing and waiting if there is no item: the one receive algorithm
     * of the lock-based channels, and the slow path of the ring.
     *
     * @param nanos {@link #FOREVER}, 0 for no wait, or the longest wait
     * @return the item; {@link #END} once closed and drained; {@code null} if none came in time
     */
    final Object receiveLocked(long nanos) throws InterruptedException {
        T item;
        Waiter w = null;
        lockChannel();
        try {
            item = receiveNow();
            if (item == null && nanos != 0 && !drainedNow() && prepareToWait()) {
                item = receiveNow();
            }
            if (item != null) {
                afterReceiveNow();
                return item;
            }
            if (drainedNow()) {
                return END;
            }
            if (nanos == 0) {
                return null;
            }
            w = Waiter.receiver();
            enqueue(w);
        } finally {
            unlockChannel();
        }
        return awaitReceived(w, nanos, false);
    }

    /**
     * Waits, outside the lock, for the queued receiver {@code w}, counting the time as starved.
     *
     * @return the item; {@link #END} if a close or cancel ended the wait; {@code null} on timeout
     */
    final Object awaitReceived(Waiter w, long nanos, boolean alone) throws InterruptedException {
        int outcome = awaitOutcome(w, nanos, alone);
        return outcome == Waiter.SERVED ? w.item : outcome == Waiter.CLOSED ? END : null;
    }

    /**
     * Under the lock, after a receive took an item: if that was the last one of a closed channel,
     * ends the waits of those who watch for the end (selects' {@code onClosed}).
     */
    final void afterReceiveNow() {
        if (state != OPEN && head != null && drainedNow()) {
            closeWaiters(true, false);
        }
    }

    /**
     * Under the lock: moves up to {@code max} items into {@code sink}'s buffer array, for drainTo.
     *
     * @return how many were moved
     */
    final int drainLocked(java.util.Collection<? super T> sink, int max) {
        if (max <= 0) {
            return 0;
        }
        Object[] taken = new Object[Math.min(max, 64)];
        int total = 0;
        for (;;) {
            int n = 0;
            lockChannel();
            try {
                T item;
                while (n < taken.length && total + n < max && (item = receiveNow()) != null) {
                    taken[n++] = item;
                }
                if (n > 0) {
                    afterReceiveNow();
                }
            } finally {
                unlockChannel();
            }
            for (int i = 0; i < n; i++) {
                @SuppressWarnings("unchecked") T t = (T) taken[i];
                taken[i] = null;
                sink.add(t);
            }
            total += n;
            if (n < taken.length || total >= max) {
                return total;
            }
        }
    }

    /** Adds a queued waiter's wait to its side's total (a plain send's or a receive's: selects keep no totals). */
    private void recordWait(Waiter w, long nanos) {
        if (w.kind() == Waiter.SEND) {
            addPutBlocked(nanos);
        } else {
            addTakeStarved(nanos);
        }
    }

    /** Records a wait of a lock-free path, for {@link #stats()}. */
    final void addPutBlocked(long nanos) {
        waitTotals().addPutBlocked(nanos);
    }

    /** Records a wait of a lock-free path, for {@link #stats()}. */
    final void addTakeStarved(long nanos) {
        waitTotals().addTakeStarved(nanos);
    }

    /** @return the totals, created by the first wait that finishes (one wins the race, the others use its) */
    private WaitTotals waitTotals() {
        WaitTotals t = waitTotals;
        if (t == null) {
            WaitTotals created = new WaitTotals();
            t = (WaitTotals) WAIT_TOTALS.compareAndExchange(this, null, created);
            if (t == null) {
                t = created;
            }
        }
        return t;
    }

    final long putBlockedNanos() {
        WaitTotals t = waitTotals;
        return t == null ? 0 : t.putBlockedNanos();
    }

    final long takeStarvedNanos() {
        WaitTotals t = waitTotals;
        return t == null ? 0 : t.takeStarvedNanos();
    }

    // ================================================================ closing

    @Override
    public final void close() {
        closeWith(null);
    }

    @Override
    public final void close(Throwable cause) {
        closeWith(Objects.requireNonNull(cause, () -> "close cause for channel '" + name() + "' must not be null"));
    }

    /**
     * Closes for sending, recording {@code cause} (may be {@code null}) if this is the first close:
     * every queued sender fails, and if nothing is left to receive, every queued receiver too.
     */
    private void closeWith(Throwable cause) {
        lockChannel();
        try {
            if (state != OPEN) {
                return;
            }
            closeCause = cause;
            state = CLOSED;
            closedNow();
            closeWaiters(drainedNow(), true);
        } finally {
            unlockChannel();
        }
        CloseHandlers.fire(this, cause); // issue 16: invokeOnClose, once, by the first close
    }

    @Override
    public final List<T> cancel() {
        List<T> removed;
        boolean first; // issue 16: whether this cancel closed the channel (invokeOnClose)
        lockChannel();
        try {
            first = state == OPEN;
            state = CANCELLED;
            removed = removeAllNow();
            closeWaiters(true, true);
        } finally {
            unlockChannel();
        }
        try {
            discarded(removed);
        } finally {
            if (first) {
                CloseHandlers.fire(this, CloseHandlers.cancellation(this));
            }
        }
        return removed;
    }

    @Override
    public boolean isClosedForSend() {
        return state != OPEN;
    }

    // ================================================================ task accounting

    @Override
    public final void taskDone() {
        for (;;) {
            long d = done;
            if (d >= deliveredCount()) {
                if (taskDoneLocked()) { // issue 16: look again where no count is half updated
                    break;
                }
                throw new IllegalStateException("taskDone() called more times than items were received from channel '"
                        + name() + "' (" + d + " already done)");
            }
            if (DONE.compareAndSet(this, d, d + 1)) {
                break;
            }
        }
        wakeTaskWaiters();
    }

    @Override
    public final long unfinishedTasks() {
        long d = done;
        long x = discarded;
        return acceptedCount() - x - d;
    }

    @Override
    public final void awaitTasks() throws InterruptedException {
        awaitTasksNanos(FOREVER);
    }

    @Override
    public final boolean awaitTasks(Duration timeout) throws InterruptedException {
        return awaitTasksNanos(Math.max(0, toNanos(timeout)));
    }

    /** A thread in {@code awaitTasks}, on a stack that the task that finishes the last one empties. */
    private static final class TaskWaiter {
        final Thread thread = Thread.currentThread();
        TaskWaiter next;
    }

    private boolean awaitTasksNanos(long nanos) throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        long deadline = nanos == FOREVER ? 0 : System.nanoTime() + nanos;
        for (;;) {
            if (unfinishedTasks() == 0) {
                return true;
            }
            // Push, then re-check: a finisher changes the counts, then reads the stack, so one of
            // the two sees the other (both are volatile).
            TaskWaiter me = new TaskWaiter();
            TaskWaiter h;
            do {
                h = taskWaiters;
                me.next = h;
            } while (!TASK_WAITERS.compareAndSet(this, h, me));
            if (unfinishedTasks() == 0) {
                return true;
            }
            if (!Waiter.parkUntil(this, deadline)) {
                return false;
            }
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
        }
    }

    private void wakeTaskWaiters() {
        if (taskWaiters != null && unfinishedTasks() == 0) {
            for (TaskWaiter w = (TaskWaiter) TASK_WAITERS.getAndSet(this, (TaskWaiter) null); w != null; w = w.next) {
                LockSupport.unpark(w.thread);
            }
        }
    }

    /** @return how many items were dropped by overflow or removed by cancel */
    protected final long discardedCount() {
        return discarded;
    }

    // ================================================================ handing items back

    /**
     * Records one dropped item and hands it to {@code onUndelivered}. Call outside any lock.
     *
     * @param item the dropped item
     */
    protected final void discarded(T item) {
        DISCARDED.getAndAdd(this, 1L);
        wakeTaskWaiters();
        onUndelivered.accept(item);
    }

    /**
     * Records removed items and hands each to {@code onUndelivered}, all of them even if the
     * callback throws; the first failure is then rethrown with the others suppressed. Call outside
     * any lock.
     *
     * @param items the removed items
     */
    protected final void discarded(List<T> items) {
        if (items.isEmpty()) {
            return;
        }
        DISCARDED.getAndAdd(this, (long) items.size());
        wakeTaskWaiters();
        RuntimeException failure = null;
        for (T item : items) {
            try {
                onUndelivered.accept(item);
            } catch (RuntimeException | Error e) {
                if (failure == null) {
                    failure = e instanceof RuntimeException re ? re
                            : new IllegalStateException("onUndelivered of channel '" + name() + "' failed", e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    // ================================================================ iteration

    @Override
    public final Iterator<T> iterator() {
        return new Iterator<>() {
            private T next;

            @Override
            public boolean hasNext() {
                if (next != null) {
                    return true;
                }
                try {
                    next = take();
                    return true;
                } catch (ChannelClosedException e) {
                    if (e.getCause() == null && !e.wasCancelled()) {
                        return false; // a graceful close is the normal end of iteration
                    }
                    throw e;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new ChannelInterruptedException(name(), e);
                }
            }

            @Override
            public T next() {
                if (!hasNext()) {
                    throw new NoSuchElementException("channel '" + name() + "' is closed and drained");
                }
                T item = next;
                next = null;
                return item;
            }
        };
    }

    @Override
    public final void forEach(Consumer<? super T> action) {
        Objects.requireNonNull(action, "action");
        Iterator<T> it = iterator();
        while (it.hasNext()) {
            action.accept(it.next());
        }
    }

    // ================================================================ issue 16: close callbacks and the BlockingQueue view

    @Override
    public final void invokeOnClose(Consumer<? super Throwable> callback) {
        CloseHandlers.register(this, callback);
    }

    @Override
    public final java.util.concurrent.BlockingQueue<T> asBlockingQueue() {
        return new ChannelQueueView<>(this);
    }

    /**
     * Under the lock, after {@link #prepareToWait()} (so that a lock-free implementation has
     * stopped moving items): the first {@code max} items a receiver could take now, in the order
     * it would take them, left in place. A channel that buffers nothing (rendezvous) has none: a
     * waiting sender's item is still its own.
     *
     * @param max the most items to copy
     * @return the items, possibly fewer than {@code max}
     */
    Object[] snapshotNow(int max) {
        return new Object[0];
    }

    /**
     * Under the lock, after {@link #prepareToWait()}, with the channel unchanged since the
     * {@link #snapshotNow} that {@code marks} was computed from: removes the items at the marked
     * positions (in receiving order), keeping the order of the others. Each removed item counts as
     * delivered (the caller has counted it done by {@link #removingAsDone}); the room it made is
     * given to waiting senders, as a receive would.
     *
     * @param marks one flag per item of the snapshot
     * @return how many items were removed
     */
    int removeNow(boolean[] marks) {
        return 0;
    }

    /**
     * Under the lock, just before {@link #removeNow} removes {@code n} items: counts them as
     * finished tasks (they will count as delivered, and nobody calls {@code taskDone} for them).
     * {@code done} moves first, so that until {@code removeNow} has moved the delivered count a
     * lock-free {@link #taskDone()} can only find too little room, never too much; it then looks
     * again under the lock ({@link #taskDoneLocked}), where both counts are whole.
     *
     * @param n how many items are about to be removed
     */
    final void removingAsDone(int n) {
        DONE.getAndAdd(this, (long) n);
    }

    /** After a removal, once the lock is released: wakes {@code awaitTasks} if nothing is left unfinished. */
    final void removedAsDone() {
        wakeTaskWaiters();
    }

    /**
     * The second look of a {@link #taskDone()} that found no delivered item left to mark: under
     * the lock, so that no removal (which moves {@code done} before the delivered count) and no
     * hand-off to a waiter (which claims the waiter before counting) is half done.
     *
     * @return {@code true} if it marked one item done
     */
    private boolean taskDoneLocked() {
        lockChannel();
        try {
            for (;;) {
                long d = done;
                if (d >= deliveredCount()) {
                    return false;
                }
                if (DONE.compareAndSet(this, d, d + 1)) {
                    return true;
                }
            }
        } finally {
            unlockChannel();
        }
    }

    // ================================================================ checks and messages

    @Override
    public final String name() {
        return givenName != null ? givenName : "channel-" + id;
    }

    @Override
    public final int capacity() {
        return capacity;
    }

    /**
     * Rejects a null item with a message that names the channel.
     *
     * @param item the item
     * @return the item
     */
    protected final T requireItem(T item) {
        if (item == null) {
            throw new NullPointerException("channel '" + name() + "' does not accept null items");
        }
        return item;
    }

    /** @return the exception a send gets on a closed channel */
    protected final ChannelClosedException closedForSend(int state) {
        return new ChannelClosedException(name(), state == CANCELLED,
                "channel '" + name() + "' is " + (state == CANCELLED ? "cancelled" : "closed") + ": cannot send", null);
    }

    /** @return the exception a receive gets once the channel is closed and drained, or cancelled */
    protected final ChannelClosedException closedForReceive() {
        int s = state;
        Throwable cause = closeCause; // written before the state: visible once the state is
        String what = s == CANCELLED ? "cancelled" : "closed and drained";
        String why = cause == null ? "" : " (closed because of: " + cause + ")";
        return new ChannelClosedException(name(), s == CANCELLED,
                "channel '" + name() + "' is " + what + ": nothing more to receive" + why, cause);
    }

    /**
     * Converts a timeout to nanoseconds, saturating instead of overflowing.
     *
     * @param timeout the timeout
     * @return nanoseconds; 0 or less means do not wait
     */
    protected static long toNanos(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        try {
            return timeout.toNanos();
        } catch (ArithmeticException tooLong) {
            return timeout.isNegative() ? 0 : Long.MAX_VALUE - 1;
        }
    }

    /**
     * @param state a closing state
     * @return its name for {@code toString()}
     */
    protected static String stateName(int state) {
        return switch (state) {
            case OPEN -> "open";
            case CLOSED -> "closed";
            default -> "cancelled";
        };
    }

    @Override
    public String toString() {
        String cap = capacity() == Integer.MAX_VALUE ? "unbounded" : String.valueOf(capacity());
        return "Channel[" + name() + ", size=" + size() + ", capacity=" + cap + ", " + stateText() + "]";
    }
}
