package dev.conduit.channel.internal;

import dev.conduit.channel.ChannelStats;
import dev.conduit.channel.WaitStrategy;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * A bounded FIFO channel with {@code Overflow.BLOCK}, lock-free on every path that does not have
 * to wait: any number of senders and receivers (it serves SPSC, MPSC, SPMC and MPMC alike).
 *
 * <h2>Algorithm</h2>
 * A ring of {@code capacity} slots with one sequence number per slot (D. Vyukov's bounded MPMC
 * queue). Every item has an index: senders claim indices from the producer index, receivers from
 * the consumer index, each by one compare-and-set. Slot {@code i % capacity}'s sequence says who
 * may use it next:
 * <ul>
 *   <li>{@code seq == 2i}: free for the sender of index {@code i};</li>
 *   <li>{@code seq == 2i + 1}: holds item {@code i}, ready for its receiver;</li>
 *   <li>{@code seq == 2(i + capacity)}: consumed, free for the sender of index {@code i + capacity}.</li>
 * </ul>
 * (Vyukov's original uses {@code i}, {@code i + 1} and {@code i + capacity}; doubling keeps "holds
 * item i" and "free for i + capacity" apart when the capacity is 1.) A sender claims {@code i} only
 * when the slot is free, writes the item, then publishes it with an ordered store of the sequence; a
 * receiver claims {@code i} only when the item is published, reads and clears it, then frees the
 * slot with an ordered store of the sequence. The ordered stores carry the item (and everything the sender did
 * before) to whoever reads the sequence with acquire semantics: that is the happens-before edge
 * the {@code Channel} contract promises.
 *
 * <h2>Item flags: the variant for a declared single consumer</h2>
 * With {@code singleConsumer()} the ring keeps no sequences: a slot's item says its state (null:
 * free; not null: holds the item of its index), as in JCTools' queues, so a hand-off touches one
 * cache line instead of two, and 16 items share a line. Two bounds make "null" and "not null"
 * unambiguous without sequences, and they hold for any number of senders and receivers, so a
 * broken hint costs nothing but speed:
 * <ul>
 *   <li>a send claims index {@code i} only if {@code i < consumerIndex + capacity} (item
 *       {@code i - capacity} was received) and the slot is null (its receiver has cleared it), so
 *       the claim of {@code i} comes after the slot was freed for it;</li>
 *   <li>a receive looks at the slot of {@code i} only if {@code i < producerIndex} (read first), so
 *       a non-null slot holds item {@code i} itself, never one a lap behind or ahead.</li>
 * </ul>
 * Each side caches the other side's index and re-reads it only when the cached one says no, so a
 * busy ring reads the other side's line about once a lap rather than once an item.
 *
 * <h2>Flag bits in the index words</h2>
 * The top bits of each index word carry state, so that one compare-and-set both claims an index
 * and learns or decides everything else; senders and receivers need no other atomic operation.
 * <ul>
 *   <li>{@link #CLOSED_FLAG} in the producer index: no index is claimed for a send any more (close or
 *       cancel). In the consumer index: cancelled; no index is claimed for a receive any more.</li>
 *   <li>{@link #WAITING_FLAG} in the producer index: a receiver is parked waiting for item
 *       {@code index}; the sender whose claim clears it wakes the parked receivers after
 *       publishing. In the consumer index: a sender is parked waiting for item {@code index} to be
 *       consumed (it needs that slot); the receiver whose claim clears it wakes parked senders.</li>
 * </ul>
 *
 * <h2>Closing races with sends: the invariant</h2>
 * A send succeeds exactly when its compare-and-set claims an index, and that CAS fails once
 * {@link #CLOSED_FLAG} is set, because the expected value has no flag bits. Between claim and publish
 * nothing can fail, so: <b>every claimed index is published, and every published item is either
 * received or returned by {@code cancel}, exactly once</b>. Hence, after close, the producer index
 * is final: receivers are "closed and drained" when the consumer index reaches it, and until then
 * they wait even for a slot that is claimed but not yet published (a send in flight). Cancel sets
 * {@link #CLOSED_FLAG} in the producer index (fixing the end), then in the consumer index with one CAS
 * (fixing the start, so no receiver claims anything after it), and takes every item in between,
 * waiting for in-flight sends to publish. Items claimed by receivers before that CAS are
 * delivered; the others are returned: nothing is both, nothing is neither.
 *
 * <h2>Waiting, and waking only who is parked</h2>
 * A party that finds the ring empty (full) first spins and yields as its {@link WaitStrategy}
 * says (never on a virtual thread). To park it (1) sets {@link #WAITING_FLAG} in the other side's index
 * with a CAS that expects that index unchanged, (2) pushes itself on {@link ParkedThreads}, (3)
 * re-reads the index and parks only if it is still exactly as it left it. Any claim after (1)
 * clears the bit and so sees it, and after publishing empties the stack and unparks everyone on
 * it; if that happened before (2), step (3) sees the changed index. All three steps and the
 * waker's are sequentially consistent, so no wake-up is lost. The fast path pays for none of this:
 * a claim that finds no bit does nothing more. A party that finds the slot claimed but not yet
 * published (or not yet freed) by the other side, that party is running and will be done in a few
 * instructions, so it spins, yields, then parks for short, growing timeouts: nobody would wake it.
 *
 * <h2>Spinning only while it pays</h2>
 * {@link WaitStrategy#SPIN_THEN_PARK} receivers yield rather than spin by default: a spinning
 * receiver of a stream takes each item the moment it is published and keeps the sender in lock
 * step, one cache-line transfer per item (measured: SPSC ~60 M items/s yielding, ~15 M spinning).
 * But for a reply (ping-pong: one item in flight) a yield only adds a system call and a reschedule
 * to the round trip (measured: 84% of the CPU in {@code sched_yield}, ~800 ns per round trip,
 * against ~400 ns spinning). So receivers learn which case they are in, per channel:
 * <ul>
 *   <li>a wait that yielded first and found, after a yield or two, exactly the one item it waited
 *       for (nothing behind it) turns spinning on: {@link #ADAPTIVE_SPINS} rounds before the
 *       yields;</li>
 *   <li>a wait that found more than one item turns it off (the sender is the faster side: let it
 *       fill a run of slots); so does a spin that missed, which also keeps it off for the next
 *       1, 2, 4 ... {@link #MAX_SPIN_COOLDOWN} waits, halved again by each spin that hits (when
 *       both parties share one CPU a spin can never hit, and this keeps it from being retried
 *       every other wait);</li>
 *   <li>while spinning is on, one wait in {@link #SPIN_PROBE_EVERY} yields first, which lets a
 *       stream that has started since show itself by the run it leaves.</li>
 * </ul>
 * Measured (2 CPUs, JMH PingPong, medians of 3 forks): ~890 -> ~370 ns per round trip unpinned;
 * pinned ~980 -> ~415 ns, though one fork in three stayed near 1,050 ns; with both threads on one
 * CPU ~3.6 us either way; SPSC, MPSC and MPMC throughput unchanged within the noise. A spin of
 * 64 rounds (~2 us) was too short: when one side fell back to yielding, the other's spins missed
 * too and both stopped spinning.
 *
 * <h2>Stepping aside after a lost race</h2>
 * A claim whose CAS loses to a party on the same side (two senders, or two receivers) yields once
 * before it tries again ({@link #afterLostRace()}). With more parties than CPUs, the parties that
 * run at once are then more often a sender and a receiver, each on its own index line, rather
 * than two parties bouncing one line between CPUs, and a CAS on a contended line was where the
 * time went: measured here (2 CPUs, 2 senders and 2 receivers, capacity 1024) from about 14 to
 * about 46 million items a second with the default strategy, 2 senders and 1 receiver from about
 * 43 to 51 million, and a single sender or receiver never loses a race to a peer, so it never
 * pays. With {@link WaitStrategy#BUSY_SPIN}, which never yields, it spins once instead.
 *
 * <h2>Select: firing only when someone listens</h2>
 * A select needs every publish and every freed slot to be followed by a full fence and a read of
 * the readiness listeners (see {@link AbstractChannel}); on every operation that fence cost more
 * than the claim. So claims fire only when their CAS saw {@link #SELECTED_FLAG}, which the first
 * select to register sets, sticky, in both index words; it then waits for the claims made before
 * the flag to complete, since those will not fire ({@link #readinessListenerAdded()}). A channel
 * that is never selected on never fences for it.
 *
 * <h2>Task accounting</h2>
 * {@code accepted} is the producer index and {@code delivered} the consumer index (cancel leaves
 * the consumer index where it was), so counting costs the fast path nothing.
 *
 * <p>Memory-access names follow {@link RingIndices}: lv load-acquire, lp/sp plain, so ordered
 * (release) store, cas compare-and-set.
 *
 * @param <T> the item type
 */
final class RingChannel<T> extends RingIndices.PadAfterConsumer<T> {
    /** Index bits of an index word; 2^60 items at 10^9 a second would take 36 years. */
    static final long INDEX_BITS = (1L << 60) - 1;
    /**
     * Flag, sticky, in both index words: a readiness listener (a select) was added once, so every
     * claim from then on fires the listeners (see {@link #readinessListenerAdded()}).
     */
    static final long SELECTED_FLAG = 1L << 60;
    /** Flag: a party is parked waiting for this index (see the class comment). */
    static final long WAITING_FLAG = 1L << 61;
    /** Flag: no more claims on this side (close or cancel; see the class comment). */
    static final long CLOSED_FLAG = 1L << 62;

    /** Padding at both ends of the arrays so their hot elements share no line with other objects. */
    private static final int SEQ_PAD = 16;
    private static final int ITEM_PAD = 32;

    /**
     * Spins while the other side finishes a claim in flight (a few instructions away), before
     * yielding; about a microsecond here.
     */
    private static final int IN_FLIGHT_SPINS = 32;
    /** Stalls after which such a wait parks: the spins, then one yield. */
    private static final int IN_FLIGHT_PARK_FROM = IN_FLIGHT_SPINS + 1;
    /**
     * Yields before {@link WaitStrategy#SPIN_THEN_PARK} parks: tens of microseconds here. It does
     * not spin on the CPU first: measured here (SPSC, capacity 1024), even 2-4 rounds of
     * {@code Thread.onSpinWait()} before each yield cut throughput from ~55M to 14-35M items/s,
     * because a spinning party keeps the other in lock step, one cache-line transfer per item,
     * while a yield lets the other side fill or drain a run of slots meanwhile.
     */
    private static final int YIELDS = 50;
    /**
     * Rounds a {@link WaitStrategy#SPIN_THEN_PARK} receive spins before yielding, once it has
     * learnt that spinning pays: about 7 us here, at ~26 ns a {@code Thread.onSpinWait()} (see
     * "Spinning only while it pays"). Long enough to catch a reply from a partner that is itself
     * still yielding, so that both sides of a ping-pong can learn to spin.
     */
    private static final int ADAPTIVE_SPINS = 256;
    /** A spinning channel's receivers yield first on one wait in this many (a power of two). */
    private static final int SPIN_PROBE_EVERY = 32;
    /** Most waits a missed spin keeps the receivers from spinning again. */
    private static final int MAX_SPIN_COOLDOWN = 4096;
    /**
     * Rounds of an untimed wait before its duration is measured for {@link ChannelStats} (or until
     * it parks, if sooner): reading the clock costs about as much as a short wait, so the briefest
     * waits go uncounted.
     */
    private static final int UNTIMED_ROUNDS = 4;
    /** How long the busy strategies spin or yield before a wait parks after all. */
    private static final long MAX_BUSY_NANOS = 1_000_000;
    /** Longest timed park while waiting for the other side's in-flight claim to complete. */
    private static final long MAX_BACKOFF_NANOS = 1_000_000;

    private static final VarHandle SEQUENCE = MethodHandles.arrayElementVarHandle(long[].class);
    private static final VarHandle ITEM = MethodHandles.arrayElementVarHandle(Object[].class);
    /** Verdicts of a send's look at its slot. */
    private static final int FREE = 0, FULL = 1, STALE = 2;
    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(RingChannel.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final int capacity;
    /** {@code capacity - 1} when the capacity is a power of two (index by mask), else -1 (by modulo). */
    private final long mask;
    /** Per-slot sequences, or {@code null} when {@link #itemFlags}. */
    private final long[] sequences;
    /** Slot states are told by the items themselves (see the class comment), not by sequences. */
    private final boolean itemFlags;
    private final Object[] items;
    /** Whether a busy round spins ({@link WaitStrategy#BUSY_SPIN}) rather than yields; see {@link #idle}. */
    private final boolean spins;
    /** The round at which the busy rounds end and parking begins. */
    private final int yieldUntil;
    /** Whether a wait for the other side's claim in flight spins before yielding (all but BLOCKING). */
    private final boolean spinsInFlight;
    /** Whether receives learn to spin before yielding ({@link WaitStrategy#SPIN_THEN_PARK}). */
    private final boolean adaptiveSpin;
    // The receivers' spin learning (see "Spinning only while it pays"). Plain fields, read and
    // written only on the slow path: a lost update among racing receivers only delays learning.
    private boolean receiversSpin;
    private int receiverWaits;
    private int spinCooldown;
    private int spinCooldownLength;
    private final ParkedThreads parkedReceivers = new ParkedThreads();
    private final ParkedThreads parkedSenders = new ParkedThreads();
    private final LongAdder putBlockedNanos = new LongAdder();
    private final LongAdder takeStarvedNanos = new LongAdder();

    /** OPEN, CLOSED or CANCELLED; written before the {@link #CLOSED_FLAG} bit it explains. */
    private volatile int state = OPEN;
    private volatile Throwable closeCause;
    /** Set once {@link #readinessListenerAdded()} has made every claim fire; never cleared. */
    private volatile boolean claimsFireReady;

    RingChannel(ChannelSpec<T> spec) {
        super(spec);
        this.capacity = spec.capacity();
        this.mask = Integer.bitCount(capacity) == 1 ? capacity - 1 : -1;
        this.itemFlags = spec.singleConsumer();
        if (itemFlags) {
            this.sequences = null;
        } else {
            this.sequences = new long[capacity + 2 * SEQ_PAD];
            for (int i = 0; i < capacity; i++) {
                sequences[SEQ_PAD + i] = free(i);
            }
        }
        this.items = new Object[capacity + 2 * ITEM_PAD];
        WaitStrategy strategy = spec.waitStrategy();
        this.spins = strategy == WaitStrategy.BUSY_SPIN;
        this.spinsInFlight = strategy != WaitStrategy.BLOCKING;
        this.adaptiveSpin = strategy == WaitStrategy.SPIN_THEN_PARK;
        this.yieldUntil = switch (strategy) {
            case BLOCKING -> 0;
            case SPIN_THEN_PARK -> YIELDS;
            case YIELDING, BUSY_SPIN -> Integer.MAX_VALUE;
        };
        // No fence needed: the arrays hang off final fields, so their initial contents are visible
        // to every thread that sees this channel (final-field semantics).
    }

    // ---------------------------------------------------------------- slots

    /** @return the sequence of a slot free for the send of {@code index} */
    private static long free(long index) {
        return index << 1;
    }

    /** @return the sequence of a slot holding the published item {@code index} */
    private static long published(long index) {
        return (index << 1) + 1;
    }

    private int slot(long index) {
        return (int) (mask >= 0 ? index & mask : index % capacity);
    }

    private long lvSequence(int slot) {
        return (long) SEQUENCE.getAcquire(sequences, SEQ_PAD + slot);
    }

    private void soSequence(int slot, long value) {
        SEQUENCE.setRelease(sequences, SEQ_PAD + slot, value);
    }

    @SuppressWarnings("unchecked")
    private T lpItem(int slot) {
        return (T) items[ITEM_PAD + slot];
    }

    private void spItem(int slot, Object item) {
        items[ITEM_PAD + slot] = item;
    }

    private Object lvItem(int slot) {
        return ITEM.getAcquire(items, ITEM_PAD + slot);
    }

    private void soItem(int slot, Object item) {
        ITEM.setRelease(items, ITEM_PAD + slot, item);
    }

    /** Publishes item {@code index}, claimed by this send, to its receiver. */
    private void publish(long index, int slot, Object item) {
        if (itemFlags) {
            soItem(slot, item); // release: everything the sender did is visible with the item
        } else {
            spItem(slot, item);
            soSequence(slot, published(index)); // release: the item is visible no later than its sequence
        }
    }

    /** Frees the slot of item {@code index}, claimed and read by this receive, for the send one lap on. */
    private void release(long index, int slot) {
        if (itemFlags) {
            soItem(slot, null); // release: the read of the item happens before a sender reuses the slot
        } else {
            spItem(slot, null);
            soSequence(slot, free(index + capacity)); // release, likewise
        }
    }

    /**
     * Whether item {@code index}, already claimed by a send and not yet received or returned, is
     * published. With item flags, a send claims an index only once its slot is empty, so a full
     * slot holds that very item.
     */
    private boolean isPublished(long index, int slot) {
        return itemFlags ? lvItem(slot) != null : lvSequence(slot) == published(index);
    }

    /**
     * A send's look at the slot of {@code index}, read from producer index word {@code p}.
     *
     * @return FREE (claim it), FULL (the item one lap behind is not yet received, or its receiver is
     *     still freeing the slot) or STALE (another send claimed the index: re-read)
     */
    private int lookBeforeSend(long p, long index, int slot) {
        if (!itemFlags) {
            long seq = lvSequence(slot);
            return seq == free(index) ? FREE : seq < free(index) ? FULL : STALE;
        }
        // A free slot must be told from one whose item (a lap behind) is not even published yet:
        // below consumerIndex + capacity that item was received, so an empty slot is freed. The
        // index read comes first; a waiting sender re-reads the consumer's index (a line the
        // receiver writes) only once the slot looks empty.
        boolean inLap = index - lvCachedConsumerIndex() < capacity;
        if (lvItem(slot) == null) {
            if (inLap) {
                return FREE;
            }
            long c = lvConsumerIndex() & INDEX_BITS;
            soCachedConsumerIndex(c);
            if (index - c >= capacity) {
                return FULL;
            }
            if (lvItem(slot) == null) { // read again, after c: now an empty slot is a freed one
                return FREE;
            }
        }
        return lvProducerIndex() == p ? FULL : STALE;
    }

    /**
     * Whether item {@code index} is published and may be taken, with item flags. A full slot could
     * hold an item a lap behind that another receiver claimed but has not cleared yet, unless
     * {@code index} is below the producer index, read before the slot: a send claims an index only
     * once its slot is empty. A waiting receiver re-reads the producer's index (a line the senders
     * write) only once the slot looks full.
     */
    private boolean itemReady(long index, int slot) {
        boolean claimed = index < lvCachedProducerIndex();
        if (lvItem(slot) == null) {
            return false; // empty, or a send in flight
        }
        if (claimed) {
            return true;
        }
        long p = lvProducerIndex() & INDEX_BITS;
        soCachedProducerIndex(p);
        return index < p && lvItem(slot) != null; // read again, after p: now it is item index
    }

    // ---------------------------------------------------------------- sending

    @Override
    public void put(T item) throws InterruptedException {
        requireItem(item);
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        if (!trySend(item)) {
            awaitRoomAndSend(item, FOREVER);
        }
    }

    @Override
    public boolean offer(T item) {
        return trySend(requireItem(item));
    }

    @Override
    public boolean offer(T item, Duration timeout) throws InterruptedException {
        requireItem(item);
        long nanos = toNanos(timeout);
        if (nanos <= 0) {
            return trySend(item);
        }
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        return trySend(item) || awaitRoomAndSend(item, nanos);
    }

    /**
     * The one send attempt: claims the next index if its slot is free and publishes the item.
     *
     * @return {@code true} if sent, {@code false} if the ring is full
     * @throws dev.conduit.channel.ChannelClosedException if closed for sending
     */
    private boolean trySend(T item) {
        long p = lvProducerIndex();
        for (;;) {
            if ((p & CLOSED_FLAG) != 0) {
                throw closedForSend(state);
            }
            long index = p & INDEX_BITS;
            int slot = slot(index);
            int look = lookBeforeSend(p, index, slot);
            if (look == FREE) {
                if (casProducerIndex(p, (index + 1) | (p & SELECTED_FLAG))) {
                    publish(index, slot, item);
                    if ((p & WAITING_FLAG) != 0) {
                        parkedReceivers.unparkAll();
                    }
                    long peak = lvPeakSize();
                    if (peak < capacity && index + 1 - lvCachedConsumerIndex() > peak) {
                        notePeakSize(index + 1);
                    }
                    if ((p & SELECTED_FLAG) != 0) {
                        fireReadyAfterRelease();
                    }
                    return true;
                }
            } else if (look == FULL) {
                return false;
            }
            if (look == FREE) {
                afterLostRace();
            }
            p = lvProducerIndex(); // lost the race for this index, or p was stale
        }
    }

    /**
     * Records the peak occupancy. Called only when {@code claimed - cachedConsumerIndex}, an upper
     * bound of the occupancy, exceeds the peak, so a busy channel reads the consumer index rarely.
     */
    private void notePeakSize(long claimed) {
        long c = lvConsumerIndex() & INDEX_BITS;
        soCachedConsumerIndex(c);
        raisePeakSize(Math.min(capacity, claimed - c));
    }

    /** Waits for room as the wait strategy says, then sends; see the class comment. */
    private boolean awaitRoomAndSend(T item, long nanos) throws InterruptedException {
        boolean timed = nanos != FOREVER;
        long start = timed ? System.nanoTime() : 0;
        boolean isVirtual = Thread.currentThread().isVirtual();
        try {
            for (int round = 0, stalls = 0, parkFrom = yieldUntil; ; round++) {
                if (trySend(item)) {
                    return true;
                }
                if (!timed && round == UNTIMED_ROUNDS) {
                    timed = true;
                    start = System.nanoTime();
                }
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
                long remaining = remaining(start, nanos);
                if (remaining == 0) {
                    return false;
                }
                if (!isVirtual && round < parkFrom) {
                    parkFrom = busyLimit(round, parkFrom, start);
                    idle(round, parkFrom); // poll only our own index and the slot: the consumer index line stays theirs
                    continue;
                }
                long next = lvProducerIndex() & INDEX_BITS;
                long blocker = next - capacity; // the item whose slot this send needs
                long c = lvConsumerIndex();
                if ((c & INDEX_BITS) != blocker) {
                    pauseForInFlight(stalls++, isVirtual, remaining); // a receiver is freeing the slot, or stale view
                } else {
                    stalls = 0;
                    if (isVirtual || !idle(round, parkFrom)) {
                        if (!timed) { // parking costs far more than the clock: time every parked wait
                            timed = true;
                            start = System.nanoTime();
                        }
                        parkSender(blocker, remaining);
                    }
                }
            }
        } finally {
            if (timed) {
                putBlockedNanos.add(System.nanoTime() - start);
            }
        }
    }

    /** Parks until a receiver claims {@code blocker}, unless something changed meanwhile. */
    private void parkSender(long blocker, long remaining) {
        long c = lvConsumerIndex();
        long expected = blocker | (c & SELECTED_FLAG);
        long flagged = expected | WAITING_FLAG;
        if (c != flagged && (c != expected || !casConsumerIndex(expected, flagged))) {
            return;
        }
        ParkedThreads.Node node = parkedSenders.push();
        try {
            if (lvConsumerIndexSeqCst() == flagged && (lvProducerIndexSeqCst() & CLOSED_FLAG) == 0) {
                park(remaining);
            }
        } finally {
            ParkedThreads.abandon(node);
        }
    }

    // ---------------------------------------------------------------- receiving

    @Override
    public T take() throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        T item = tryReceive();
        return item != null ? item : awaitItem(FOREVER, true);
    }

    @Override
    public T poll() {
        return tryReceive();
    }

    @Override
    public T poll(Duration timeout) throws InterruptedException {
        long nanos = toNanos(timeout);
        if (nanos <= 0) {
            return tryReceive();
        }
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        T item = tryReceive();
        return item != null ? item : awaitItem(nanos, false);
    }

    /**
     * The one receive attempt: claims the next index if its item is published and takes it.
     *
     * @return the item, or {@code null} if none is published (empty, send in flight, or cancelled)
     */
    private T tryReceive() {
        long c = lvConsumerIndex();
        for (;;) {
            if ((c & CLOSED_FLAG) != 0) {
                return null;
            }
            long index = c & INDEX_BITS;
            int slot = slot(index);
            boolean ready;
            if (itemFlags) {
                ready = itemReady(index, slot);
            } else {
                long seq = lvSequence(slot);
                if (seq < published(index)) {
                    return null; // nothing published at this index yet
                }
                ready = seq == published(index);
            }
            if (ready) {
                if (casConsumerIndex(c, (index + 1) | (c & SELECTED_FLAG))) {
                    T item = lpItem(slot);
                    release(index, slot);
                    if ((c & WAITING_FLAG) != 0) {
                        parkedSenders.unparkAll();
                    }
                    if ((c & SELECTED_FLAG) != 0) {
                        fireReadyAfterRelease();
                    }
                    return item;
                }
            } else if (itemFlags) {
                long now = lvConsumerIndex();
                if (now == c) {
                    return null; // nothing published at this index yet
                }
                c = now; // another receiver took it: look at the next one
                continue;
            }
            if (ready) {
                afterLostRace();
            }
            c = lvConsumerIndex(); // lost the race for this index, or c was stale
        }
    }

    /**
     * Waits for an item as the wait strategy says; see the class comment.
     *
     * @return the item, or {@code null} on timeout or (if not {@code throwOnClosed}) at the end
     */
    private T awaitItem(long nanos, boolean throwOnClosed) throws InterruptedException {
        boolean timed = nanos != FOREVER;
        long start = timed ? System.nanoTime() : 0;
        boolean isVirtual = Thread.currentThread().isVirtual();
        boolean learns = adaptiveSpin && !isVirtual;
        int spinFor = learns ? receiverSpinRounds() : 0;
        try {
            for (int round = 0, stalls = 0, parkFrom = yieldUntil + spinFor; ; round++) {
                T item = tryReceive();
                if (item != null) {
                    if (learns && round > 0) {
                        learnFromWait(spinFor, round);
                    }
                    return item;
                }
                if (round < spinFor && state == OPEN) { // short and bounded: interrupt and timeout are checked after it
                    Thread.onSpinWait();
                    continue;
                }
                if (!timed && round == spinFor + UNTIMED_ROUNDS) {
                    timed = true;
                    start = System.nanoTime();
                }
                if (!isVirtual && round < parkFrom && state == OPEN) {
                    parkFrom = busyLimit(round, parkFrom, start);
                    // Poll only our own index, the slot and the state: the producer index line stays theirs.
                    if (Thread.interrupted()) {
                        throw new InterruptedException();
                    }
                    if (nanos != FOREVER && remaining(start, nanos) == 0) {
                        return null;
                    }
                    idle(round, parkFrom);
                    continue;
                }
                long c = lvConsumerIndex(); // read before p: p >= c, so p == c means nothing is left
                long p = lvProducerIndex();
                long next = c & INDEX_BITS;
                if ((c & CLOSED_FLAG) != 0 || ((p & CLOSED_FLAG) != 0 && (p & INDEX_BITS) == next)) {
                    if (throwOnClosed) {
                        throw closedForReceive(state, closeCause);
                    }
                    return null;
                }
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
                long remaining = remaining(start, nanos);
                if (remaining == 0) {
                    return null;
                }
                if ((p & INDEX_BITS) != next) {
                    pauseForInFlight(stalls++, isVirtual, remaining); // a send is publishing, or stale view
                } else {
                    stalls = 0;
                    if (isVirtual || !idle(round, parkFrom)) {
                        if (!timed) { // parking costs far more than the clock: time every parked wait
                            timed = true;
                            start = System.nanoTime();
                        }
                        parkReceiver(next, remaining);
                    }
                }
            }
        } finally {
            if (timed) {
                takeStarvedNanos.add(System.nanoTime() - start);
            }
        }
    }

    /** Parks until a sender claims {@code next}, unless something changed meanwhile. */
    private void parkReceiver(long next, long remaining) {
        long p = lvProducerIndex();
        long expected = next | (p & SELECTED_FLAG);
        long flagged = expected | WAITING_FLAG;
        if (p != flagged && (p != expected || !casProducerIndex(expected, flagged))) {
            return;
        }
        ParkedThreads.Node node = parkedReceivers.push();
        try {
            if (lvProducerIndexSeqCst() == flagged) {
                park(remaining);
            }
        } finally {
            ParkedThreads.abandon(node);
        }
    }

    @Override
    public int drainTo(Collection<? super T> sink, int max) {
        Objects.requireNonNull(sink, "sink");
        int moved = 0;
        boolean selected = false;
        long c = lvConsumerIndex();
        while (moved < max && (c & CLOSED_FLAG) == 0) {
            long first = c & INDEX_BITS;
            int run = 0;
            int want = Math.min(max - moved, capacity);
            if (itemFlags) { // look only below the producer index (see itemReady)
                want = (int) Math.min(want, (lvProducerIndex() & INDEX_BITS) - first);
            }
            while (run < want && isPublished(first + run, slot(first + run))) {
                run++;
            }
            if (run == 0) {
                break;
            }
            if (!casConsumerIndex(c, (first + run) | (c & SELECTED_FLAG))) { // claims the whole published run at once
                afterLostRace();
                c = lvConsumerIndex();
                continue;
            }
            // Free every claimed slot before handing items to the sink, which may throw.
            Object[] taken = new Object[run];
            for (int k = 0; k < run; k++) {
                int slot = slot(first + k);
                taken[k] = lpItem(slot);
                release(first + k, slot);
            }
            if ((c & WAITING_FLAG) != 0) {
                parkedSenders.unparkAll();
            }
            selected |= (c & SELECTED_FLAG) != 0;
            moved += run;
            for (Object item : taken) {
                @SuppressWarnings("unchecked") T t = (T) item;
                sink.add(t);
            }
            c = lvConsumerIndex();
        }
        if (selected) {
            fireReadyAfterRelease();
        }
        return moved;
    }

    // ---------------------------------------------------------------- waiting

    /**
     * Spends one round of a wait by spinning or yielding, as the strategy says. Platform threads
     * only: a virtual thread parks at once.
     *
     * @param parkFrom the round from which this wait parks instead (see {@link #busyLimit})
     * @return {@code false} when the caller should park instead
     */
    private boolean idle(int round, int parkFrom) {
        if (round >= parkFrom) {
            return false;
        }
        if (spins) {
            Thread.onSpinWait();
        } else {
            Thread.yield();
        }
        return true;
    }

    /**
     * How many rounds this receive should spin before it yields: {@link #ADAPTIVE_SPINS} while
     * {@link #receiversSpin}, else none, except that every {@link #SPIN_PROBE_EVERY}th wait of a
     * spinning channel yields first, to find out whether the sender has since become the faster
     * side. See "Spinning only while it pays".
     */
    private int receiverSpinRounds() {
        if (!receiversSpin || (++receiverWaits & (SPIN_PROBE_EVERY - 1)) == 0) {
            return 0;
        }
        return ADAPTIVE_SPINS;
    }

    /**
     * Learns from a receive that had to wait ({@code round > 0}) and got its item at {@code round}
     * whether the next waits should spin first; see "Spinning only while it pays". Slow path only.
     *
     * @param spinFor the rounds this wait spun before yielding (0: it yielded at once)
     */
    private void learnFromWait(int spinFor, int round) {
        if (spinFor > 0) {
            if (round > spinFor) { // the spin missed: stop, and stay stopped for longer each time
                receiversSpin = false;
                spinCooldownLength = Math.min(MAX_SPIN_COOLDOWN, Math.max(1, 2 * spinCooldownLength));
                spinCooldown = spinCooldownLength;
            } else if (spinCooldownLength > 0) {
                spinCooldownLength >>= 1;
            }
            return;
        }
        // The wait yielded at once. If, after a yield or two, exactly the one item had come, the
        // sender is no faster than we are (a reply, not a stream): spinning would have caught it
        // sooner. If more had come, yielding lets the sender fill a run of slots: keep yielding.
        long left = (lvProducerIndex() & INDEX_BITS) - (lvConsumerIndex() & INDEX_BITS);
        if (left > 0) {
            receiversSpin = false;
        } else if (round <= 2) {
            if (spinCooldown > 0) {
                spinCooldown--;
            } else {
                receiversSpin = true;
            }
        }
    }

    /**
     * Steps aside after a claim's CAS failed because another party of the same side claimed the
     * index first (or, rarely, a flag changed): see "Stepping aside after a lost race" in the
     * class comment. Not a wait: the caller tries again at once after it.
     */
    private void afterLostRace() {
        if (spins) {
            Thread.onSpinWait();
        } else {
            Thread.yield();
        }
    }

    /**
     * Bounds the busy strategies: a wait that has spun or yielded for {@link #MAX_BUSY_NANOS}
     * parks from now on, so an idle channel does not burn a CPU for ever. The clock is read only
     * every 256 rounds, once the wait is timed at all.
     *
     * @return the round from which to park
     */
    private static int busyLimit(int round, int parkFrom, long start) {
        if (parkFrom == Integer.MAX_VALUE && (round & 255) == 255 && round > UNTIMED_ROUNDS
                && System.nanoTime() - start > MAX_BUSY_NANOS) {
            return round + 1;
        }
        return parkFrom;
    }

    /**
     * Waits a moment for the other side to finish a claim it has made (publishing an item or
     * freeing a slot): it is running and needs a few instructions more, unless it was descheduled.
     * Nobody will wake us for it, so spin (platform threads only, unless the strategy is
     * {@link WaitStrategy#BLOCKING}), yield, then park with a growing timeout.
     *
     * @param stalls how many pauses in a row this wait has made for an in-flight claim
     */
    private void pauseForInFlight(int stalls, boolean isVirtual, long remaining) {
        if (!isVirtual) {
            if (spinsInFlight && stalls < IN_FLIGHT_SPINS) {
                Thread.onSpinWait();
                return;
            }
            if (stalls < IN_FLIGHT_PARK_FROM) {
                Thread.yield();
                return;
            }
        }
        int doublings = Math.min(10, Math.max(0, stalls - IN_FLIGHT_PARK_FROM));
        long backoff = Math.min(MAX_BACKOFF_NANOS, 1_000L << doublings);
        LockSupport.parkNanos(this, remaining == FOREVER ? backoff : Math.min(backoff, remaining));
    }

    private void park(long remaining) {
        if (remaining == FOREVER) {
            LockSupport.park(this);
        } else {
            LockSupport.parkNanos(this, remaining);
        }
    }

    /** @return {@link #FOREVER}, the nanoseconds left (at least 1), or 0 once the time is up */
    private static long remaining(long start, long nanos) {
        if (nanos == FOREVER) {
            return FOREVER;
        }
        long left = nanos - (System.nanoTime() - start);
        return left > 0 ? left : 0;
    }

    // ---------------------------------------------------------------- closing

    @Override
    protected void closeWith(Throwable cause) {
        if (!STATE.compareAndSet(this, OPEN, CLOSED)) {
            return;
        }
        closeCause = cause;
        getAndOrProducerIndex(CLOSED_FLAG); // from here on no send can claim an index
        wakeEveryone();
    }

    @Override
    public List<T> cancel() {
        state = CANCELLED;
        long end = getAndOrProducerIndex(CLOSED_FLAG) & INDEX_BITS; // no send claims past this
        long c;
        do {
            c = lvConsumerIndex();
            if ((c & CLOSED_FLAG) != 0) { // cancelled before: that cancel returned the items
                wakeEveryone();
                return new ArrayList<>(0);
            }
        } while (!casConsumerIndex(c, (c & (INDEX_BITS | SELECTED_FLAG)) | CLOSED_FLAG)); // no receive claims past this
        wakeEveryone();
        long first = c & INDEX_BITS;
        List<T> removed = new ArrayList<>((int) (end - first));
        boolean isVirtual = Thread.currentThread().isVirtual();
        for (long index = first; index < end; index++) {
            int slot = slot(index);
            for (int stalls = 0; !isPublished(index, slot); stalls++) {
                pauseForInFlight(stalls, isVirtual, FOREVER); // a send claimed before the close is publishing
            }
            removed.add(lpItem(slot));
            spItem(slot, null);
        }
        discarded(removed);
        return removed;
    }

    /**
     * Makes the claims' skipped {@link #fireReady()} safe for a select that just added its listener.
     * Claims fire only when their CAS saw {@link #SELECTED_FLAG}, so this sets it in both index
     * words (one atomic or each: every later claim sees it, and sees the listener added before),
     * then waits for the claims made before it to finish publishing or freeing their slots: those
     * will not fire, so the select's poll, which comes next, must see their effect instead. The
     * wait is for running claims a few instructions from done, and happens once per channel: once
     * {@link #claimsFireReady} is set, every claim fires.
     */
    @Override
    protected void readinessListenerAdded() {
        if (claimsFireReady) {
            return;
        }
        long p = getAndOrProducerIndex(SELECTED_FLAG) & INDEX_BITS;
        long c = getAndOrConsumerIndex(SELECTED_FLAG) & INDEX_BITS;
        boolean isVirtual = Thread.currentThread().isVirtual();
        // Every index below p is claimed by a send; wait for those not yet published.
        for (long i = Math.max(0, p - capacity); i < p; i++) {
            for (int stalls = 0; sendInFlight(i); stalls++) {
                pauseForInFlight(stalls, isVirtual, FOREVER);
            }
        }
        // Every index below c is claimed by a receive; wait for those whose slot is not yet freed.
        // (Items cancel returned sit at or above the consumer index, outside this range.)
        for (long i = Math.max(0, c - capacity); i < c; i++) {
            for (int stalls = 0; receiveInFlight(i); stalls++) {
                pauseForInFlight(stalls, isVirtual, FOREVER);
            }
        }
        claimsFireReady = true;
    }

    /** Whether the send that claimed index {@code i} has yet to publish it. */
    private boolean sendInFlight(long i) {
        if (!itemFlags) {
            return lvSequence(slot(i)) == free(i);
        }
        // Empty and not yet received (nor returned by a cancel, after which nobody waits for it).
        long c = lvConsumerIndex();
        return lvItem(slot(i)) == null && i >= (c & INDEX_BITS) && (c & CLOSED_FLAG) == 0;
    }

    /** Whether the receive that claimed index {@code i} has yet to free its slot. */
    private boolean receiveInFlight(long i) {
        if (!itemFlags) {
            return lvSequence(slot(i)) == published(i);
        }
        // Still full, and with item i itself: item i + capacity cannot be claimed before the slot is
        // freed. (Read the slot first: if it holds item i + capacity, its claim is visible after.)
        return lvItem(slot(i)) != null && (lvProducerIndex() & INDEX_BITS) <= i + capacity;
    }

    /**
     * Runs the readiness listeners after a change whose last write was a release store (a published
     * or freed slot sequence). AbstractChannel's contract wants the change ordered before the read
     * of the listener array as a store-load pair: a select registers its listener, then polls; with
     * only release order the read could see no listener while the select's poll sees the slot
     * unpublished, and the select would sleep through the item. The fence is that store-load
     * order; the claim CAS before the change does not provide it, since the change comes after.
     */
    private void fireReadyAfterRelease() {
        VarHandle.fullFence();
        fireReady();
    }

    private void wakeEveryone() {
        parkedReceivers.unparkAll();
        parkedSenders.unparkAll();
        fireReady();
    }

    @Override
    public boolean isClosedForSend() {
        return (lvProducerIndex() & CLOSED_FLAG) != 0;
    }

    @Override
    public boolean isClosedForReceive() {
        long c = lvConsumerIndex();
        long p = lvProducerIndex();
        return (p & CLOSED_FLAG) != 0 && ((c & CLOSED_FLAG) != 0 || (c & INDEX_BITS) == (p & INDEX_BITS));
    }

    // ---------------------------------------------------------------- state

    @Override
    public int size() {
        long c = lvConsumerIndex();
        if ((c & CLOSED_FLAG) != 0) {
            return 0;
        }
        long n = (lvProducerIndex() & INDEX_BITS) - (c & INDEX_BITS);
        return (int) Math.max(0, Math.min(capacity, n));
    }

    @Override
    public boolean isEmpty() {
        return size() == 0;
    }

    @Override
    public boolean isFull() {
        return size() >= capacity;
    }

    @Override
    protected long acceptedCount() {
        return lvProducerIndex() & INDEX_BITS;
    }

    @Override
    protected long deliveredCount() {
        return lvConsumerIndex() & INDEX_BITS;
    }

    @Override
    public ChannelStats stats() {
        return new ChannelStats(name(), capacity, size(), (int) lvPeakSize(), acceptedCount(), deliveredCount(),
                discardedCount(), putBlockedNanos.sum(), takeStarvedNanos.sum());
    }

    @Override
    protected String stateText() {
        return stateName(state);
    }
}
