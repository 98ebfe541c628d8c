package dev.conduit.channel.internal;

import dev.conduit.channel.ChannelClosedException;
import dev.conduit.channel.ChannelStats;
import dev.conduit.channel.WaitStrategy;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
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
 * <h2>Two modes: lock-free while nobody waits, through the lock while somebody does</h2>
 * The top bits of each index word carry state, so that one compare-and-set both claims an index
 * and learns everything else; on the fast path senders and receivers need no other atomic
 * operation, and never the lock.
 * <ul>
 *   <li>{@link #CLOSED_FLAG} in the producer index: no index is claimed for a send any more (close or
 *       cancel). In the consumer index: cancelled; no index is claimed for a receive any more.</li>
 *   <li>{@link #SLOW_FLAG} in both: a waiter is queued (a parked receiver or sender, or a
 *       select), so every operation goes through the lock, where the waiter queue is (see
 *       {@link AbstractChannel}). A claim's CAS expects a word without flags, so it fails once the
 *       flag is set, and the claimant takes the slow path.</li>
 * </ul>
 * A party about to queue itself sets {@link #SLOW_FLAG} in both words under the lock
 * ({@link #prepareToWait()}) and then looks at the ring once more; from then on, until the last
 * waiter has left and the lock holder clears the flags ({@link #beforeUnlock()}), only the lock
 * holder moves items, so the queue and the ring change together: a send hands its item to the
 * first waiting receiver (the ring stays empty and keeps its room: a direct hand-off, counted in
 * {@link #handoffs} rather than in the indices), and a receive from a full ring moves the first
 * waiting sender's item into the slot it freed before it returns. Claims made just before the flag
 * may still be publishing or freeing their slots; the lock holder waits for the one slot it needs,
 * a few instructions away.
 *
 * <p>Hence, in slow mode: receivers are queued only while the ring is empty, senders only while it
 * is full, so the first queued waiter is always the one to serve, and no waiter is ever passed by
 * a newcomer (a newcomer takes the slow path and queues behind).
 *
 * <h2>Closing races with sends: the invariant</h2>
 * A send succeeds exactly when its compare-and-set claims an index (or, in slow mode, when the lock
 * holder accepts it), and the CAS fails once {@link #CLOSED_FLAG} is set, because the expected value has no flag bits. Between claim and publish
 * nothing can fail, so: <b>every claimed index is published, and every published item is either
 * received or returned by {@code cancel}, exactly once</b>. Hence, after close, the producer index
 * is final: receivers are "closed and drained" when the consumer index reaches it, and until then
 * they wait even for a slot that is claimed but not yet published (a send in flight). Cancel sets
 * {@link #CLOSED_FLAG} in the producer index (fixing the end), then in the consumer index with one CAS
 * (fixing the start, so no receiver claims anything after it), and takes every item in between,
 * waiting for in-flight sends to publish. Items claimed by receivers before that CAS are
 * delivered; the others are returned: nothing is both, nothing is neither.
 *
 * <h2>Waiting before queueing</h2>
 * A platform thread that finds the ring empty (full) first spins and yields as its
 * {@link WaitStrategy} says; a virtual thread queues at once. A party that finds the slot claimed
 * but not yet published (or not yet freed) by the other side, that party is running and will be
 * done in a few instructions, so it spins, yields, then parks for short, growing timeouts.
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
 *
 * <h2>Stepping aside after a lost race</h2>
 * A claim whose CAS loses to a party on the same side (two senders, or two receivers) yields once
 * before it tries again ({@link #afterLostRace()}). With more parties than CPUs, the parties that
 * run at once are then more often a sender and a receiver, each on its own index line, rather
 * than two parties bouncing one line between CPUs, and a CAS on a contended line was where the
 * time went: measured here (2 CPUs, 2 senders and 2 receivers, capacity 1024) from about 14 to
 * about 46 million items a second with the default strategy. With {@link WaitStrategy#BUSY_SPIN},
 * which never yields, it spins once instead.
 *
 * <h2>Task accounting</h2>
 * {@code accepted} is the producer index plus the direct hand-offs, and {@code delivered} the
 * consumer index plus the same hand-offs (cancel leaves the consumer index where it was), so
 * counting costs the fast path nothing.
 *
 * <h2>Made on first use</h2>
 * The padded index words and the arrays (a {@link RingIndices.Ring}: 3 x 128 bytes of padding,
 * and 12 bytes a slot) are made by the first send, receive or close, so an idle channel costs
 * about 200 bytes whatever its capacity, and a million idle channels fit in a default heap. A
 * missing ring reads as a fresh one (indices 0, no flags), which is what the first maker installs,
 * by one CAS; reads that only report (size, stats) never make it. The hot paths pay a load of
 * {@link #ring} and a null check.
 *
 * <p>Memory-access names follow {@link RingIndices}: lv load-acquire, lp/sp plain, so ordered
 * (release) store, cas compare-and-set.
 *
 * @param <T> the item type
 */
final class RingChannel<T> extends AbstractChannel<T> {
    /** Index bits of an index word; 2^60 items at 10^9 a second would take 36 years. */
    static final long INDEX_BITS = (1L << 60) - 1;
    /** Flag: a waiter is queued; every operation goes through the lock (see the class comment). */
    static final long SLOW_FLAG = 1L << 61;
    /** Flag: no more claims on this side (close or cancel; see the class comment). */
    static final long CLOSED_FLAG = 1L << 62;
    /** Both flags: a claim's CAS expects a word with neither. */
    private static final long FLAGS = SLOW_FLAG | CLOSED_FLAG;

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
     * Yields before {@link WaitStrategy#SPIN_THEN_PARK} queues and parks: tens of microseconds here.
     * It does not spin on the CPU first: measured here (SPSC, capacity 1024), even 2-4 rounds of
     * {@code Thread.onSpinWait()} before each yield cut throughput from ~55M to 14-35M items/s,
     * because a spinning party keeps the other in lock step, one cache-line transfer per item,
     * while a yield lets the other side fill or drain a run of slots meanwhile.
     */
    private static final int YIELDS = 50;
    /**
     * Rounds a {@link WaitStrategy#SPIN_THEN_PARK} receive spins before yielding, once it has
     * learnt that spinning pays: about 7 us here, at ~26 ns a {@code Thread.onSpinWait()} (see
     * "Spinning only while it pays").
     */
    private static final int ADAPTIVE_SPINS = 256;
    /** A spinning channel's receivers yield first on one wait in this many (a power of two). */
    private static final int SPIN_PROBE_EVERY = 32;
    /** Most waits a missed spin keeps the receivers from spinning again. */
    private static final int MAX_SPIN_COOLDOWN = 4096;
    /**
     * Rounds of an untimed wait before its duration is measured for {@link ChannelStats}: reading
     * the clock costs about as much as a short wait, so the briefest waits go uncounted.
     */
    private static final int UNTIMED_ROUNDS = 4;
    /** How long the busy strategies spin or yield before a wait queues and parks after all. */
    private static final long MAX_BUSY_NANOS = 1_000_000;
    /** Longest timed park while waiting for the other side's in-flight claim to complete. */
    private static final long MAX_BACKOFF_NANOS = 1_000_000;

    private static final VarHandle SEQUENCE = MethodHandles.arrayElementVarHandle(long[].class);
    private static final VarHandle ITEM = MethodHandles.arrayElementVarHandle(Object[].class);
    /** Verdicts of a send's look at its slot, and results of a lock-free send. */
    private static final int FREE = 0, FULL = 1, STALE = 2, SENT_FAST = 3, GO_SLOW = 4;
    /** What {@link #tryReceive()} returns in slow mode. */
    private static final Object SLOW_MODE = new Object();
    private static final VarHandle HANDOFFS, RING;

    static {
        try {
            HANDOFFS = MethodHandles.lookup().findVarHandle(RingChannel.class, "handoffs", long.class);
            RING = MethodHandles.lookup().findVarHandle(RingChannel.class, "ring", RingIndices.Ring.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final int capacity;
    /** {@code capacity - 1} when the capacity is a power of two (index by mask), else -1 (by modulo). */
    private final long mask;
    /** Slot states are told by the items themselves (see the class comment), not by sequences. */
    private final boolean itemFlags;
    /** The indices and the arrays, made on first use (see "Made on first use"); never replaced. */
    private volatile RingIndices.Ring ring;
    /** Whether a busy round spins ({@link WaitStrategy#BUSY_SPIN}) rather than yields; see {@link #idle}. */
    private final boolean spins;
    /** The round at which the busy rounds end and queueing begins. */
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
    /** Whether {@link #SLOW_FLAG} is set; under the lock. */
    private boolean slow;
    /** Items handed straight from a sender to a waiting receiver; written under the lock. */
    private volatile long handoffs;

    RingChannel(ChannelSpec<T> spec) {
        super(spec);
        this.capacity = spec.capacity();
        this.mask = Integer.bitCount(capacity) == 1 ? capacity - 1 : -1;
        this.itemFlags = spec.singleConsumer();
        WaitStrategy strategy = spec.waitStrategy();
        this.spins = strategy == WaitStrategy.BUSY_SPIN;
        this.spinsInFlight = strategy != WaitStrategy.BLOCKING;
        this.adaptiveSpin = strategy == WaitStrategy.SPIN_THEN_PARK;
        this.yieldUntil = switch (strategy) {
            case BLOCKING -> 0;
            case SPIN_THEN_PARK -> YIELDS;
            case YIELDING, BUSY_SPIN -> Integer.MAX_VALUE;
        };
    }

    // ---------------------------------------------------------------- the ring, made on first use

    /** @return the ring, made now if this is the channel's first send, receive or close */
    private RingIndices.Ring ring() {
        RingIndices.Ring r = ring;
        return r != null ? r : makeRing();
    }

    /**
     * Makes the ring; racing makers agree through one CAS, and the loser's ring is garbage. A fresh
     * ring (indices 0, every slot free) is exactly what a reader of a missing ring was told.
     */
    private RingIndices.Ring makeRing() {
        long[] sequences = null;
        if (!itemFlags) {
            sequences = new long[capacity + 2 * SEQ_PAD];
            for (int i = 0; i < capacity; i++) {
                sequences[SEQ_PAD + i] = free(i);
            }
        }
        RingIndices.Ring made = new RingIndices.Ring(sequences, new Object[capacity + 2 * ITEM_PAD]);
        RingIndices.Ring won = (RingIndices.Ring) RING.compareAndExchange(this, null, made);
        return won != null ? won : made;
    }

    // Reads that only report (sizes, counts, flags) do not make the ring: a missing one reads as
    // the zeros a fresh one holds. Everything that writes or claims goes through ring().

    private long lvProducerIndex() {
        RingIndices.Ring r = ring;
        return r == null ? 0 : r.lvProducerIndex();
    }

    private long lvConsumerIndex() {
        RingIndices.Ring r = ring;
        return r == null ? 0 : r.lvConsumerIndex();
    }

    private long lvCachedConsumerIndex() {
        RingIndices.Ring r = ring;
        return r == null ? 0 : r.lvCachedConsumerIndex();
    }

    private long lvCachedProducerIndex() {
        RingIndices.Ring r = ring;
        return r == null ? 0 : r.lvCachedProducerIndex();
    }

    private long lvPeakSize() {
        RingIndices.Ring r = ring;
        return r == null ? 0 : r.lvPeakSize();
    }

    private boolean casProducerIndex(long expect, long update) {
        return ring().casProducerIndex(expect, update);
    }

    private long getAndOrProducerIndex(long bits) {
        return ring().getAndOrProducerIndex(bits);
    }

    private long getAndAndProducerIndex(long bits) {
        return ring().getAndAndProducerIndex(bits);
    }

    private void soProducerIndex(long value) {
        ring().soProducerIndex(value);
    }

    private void soCachedConsumerIndex(long c) {
        ring().soCachedConsumerIndex(c);
    }

    private void raisePeakSize(long size) {
        ring().raisePeakSize(size);
    }

    private boolean casConsumerIndex(long expect, long update) {
        return ring().casConsumerIndex(expect, update);
    }

    private void soCachedProducerIndex(long p) {
        ring().soCachedProducerIndex(p);
    }

    private long getAndOrConsumerIndex(long bits) {
        return ring().getAndOrConsumerIndex(bits);
    }

    private long getAndAndConsumerIndex(long bits) {
        return ring().getAndAndConsumerIndex(bits);
    }

    private void soConsumerIndex(long value) {
        ring().soConsumerIndex(value);
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
        return (long) SEQUENCE.getAcquire(ring().sequences, SEQ_PAD + slot);
    }

    private void soSequence(int slot, long value) {
        SEQUENCE.setRelease(ring().sequences, SEQ_PAD + slot, value);
    }

    @SuppressWarnings("unchecked")
    private T lpItem(int slot) {
        return (T) ring().items[ITEM_PAD + slot];
    }

    private void spItem(int slot, Object item) {
        ring().items[ITEM_PAD + slot] = item;
    }

    private Object lvItem(int slot) {
        return ITEM.getAcquire(ring().items, ITEM_PAD + slot);
    }

    private void soItem(int slot, Object item) {
        ITEM.setRelease(ring().items, ITEM_PAD + slot, item);
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
        int r = trySend(item);
        if (r != SENT_FAST) {
            awaitRoomAndSend(item, FOREVER, r == GO_SLOW);
        }
    }

    @Override
    public boolean offer(T item) {
        requireItem(item);
        int r = trySend(item);
        if (r == FULL) {
            r = sendAfterFull(item);
        }
        if (r == GO_SLOW) {
            try {
                return sendLocked(item, 0);
            } catch (InterruptedException cannotHappen) {
                throw new AssertionError("a send that does not wait was interrupted", cannotHappen);
            }
        }
        return r == SENT_FAST;
    }

    @Override
    public boolean offer(T item, Duration timeout) throws InterruptedException {
        requireItem(item);
        long nanos = Math.max(0, toNanos(timeout));
        if (nanos > 0 && Thread.interrupted()) {
            throw new InterruptedException();
        }
        int r = trySend(item);
        if (r == SENT_FAST) {
            return true;
        }
        if (nanos == 0) {
            if (r == FULL) {
                r = sendAfterFull(item);
            }
            return r == SENT_FAST || r == GO_SLOW && sendLocked(item, 0);
        }
        return awaitRoomAndSend(item, nanos, r == GO_SLOW);
    }

    /**
     * The one lock-free send attempt: claims the next index if its slot is free and publishes the
     * item.
     *
     * @return {@link #SENT_FAST}, {@link #FULL}, or {@link #GO_SLOW} if a waiter is queued
     * @throws dev.conduit.channel.ChannelClosedException if closed for sending
     */
    private int trySend(T item) {
        long p = lvProducerIndex();
        for (;;) {
            if ((p & FLAGS) != 0) {
                if ((p & CLOSED_FLAG) != 0) {
                    throw closedForSendOnceInEffect();
                }
                return GO_SLOW;
            }
            int slot = slot(p);
            int look = lookBeforeSend(p, p, slot);
            if (look == FREE) {
                if (casProducerIndex(p, p + 1)) {
                    publish(p, slot, item);
                    long peak = lvPeakSize();
                    if (peak < capacity && p + 1 - lvCachedConsumerIndex() > peak) {
                        notePeakSize(p + 1);
                    }
                    return SENT_FAST;
                }
                afterLostRace();
            } else if (look == FULL) {
                return FULL;
            }
            p = lvProducerIndex(); // lost the race for this index, or p was stale
        }
    }

    /**
     * The final answer of a send that does not wait, after {@link #trySend} found no room: "full"
     * only if the ring is full by its indices. The slot may instead still hold an item a receiver
     * has claimed but not yet cleared; that receive has already taken effect, so answering "full"
     * would contradict it (and a poll that found the ring empty since), so this waits the few
     * instructions until the slot is freed and sends. The waiting loops do not come here: they
     * look again anyway, and reading the consumer index every round would pull the receivers' line.
     *
     * <p>Full is decided by reading the producer index and then the consumer index: if
     * {@code p - c >= capacity} with {@code p} read first, the ring held {@code capacity} items at
     * the moment {@code c} was read, which is where the answer takes effect.
     *
     * @return {@link #SENT_FAST}, {@link #FULL} or {@link #GO_SLOW}
     * @throws dev.conduit.channel.ChannelClosedException if closed for sending
     */
    private int sendAfterFull(T item) {
        for (int stalls = 0; ; stalls++) {
            long p = lvProducerIndex();
            if ((p & FLAGS) != 0) {
                return trySend(item); // closed (throws) or slow mode (GO_SLOW)
            }
            long c = lvConsumerIndex() & INDEX_BITS;
            soCachedConsumerIndex(c);
            if ((p & INDEX_BITS) - c >= capacity) {
                return FULL;
            }
            int r = trySend(item);
            if (r != FULL) {
                return r;
            }
            pauseForInFlight(stalls, Thread.currentThread().isVirtual(), FOREVER);
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

    /**
     * Waits for room: spins and yields as the wait strategy says (platform threads, fast mode
     * only), then sends through the lock, queueing if the ring is still full.
     */
    private boolean awaitRoomAndSend(T item, long nanos, boolean goSlow) throws InterruptedException {
        if (!goSlow && !Thread.currentThread().isVirtual()) {
            long start = System.nanoTime(); // only here: a virtual thread goes straight to the lock
            boolean timed = nanos != FOREVER;
            for (int round = 0, parkFrom = yieldUntil; round < parkFrom; round++) {
                if (!timed && round == UNTIMED_ROUNDS) {
                    timed = true;
                    start = System.nanoTime();
                }
                parkFrom = busyLimit(round, parkFrom, start);
                idle(round, parkFrom); // poll only our own index and the slot: the consumer index line stays theirs
                int r = trySend(item);
                if (r == SENT_FAST) {
                    if (timed) {
                        addPutBlocked(System.nanoTime() - start);
                    }
                    return true;
                }
                if (r == GO_SLOW) {
                    break;
                }
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
                if (timed && nanos != FOREVER && System.nanoTime() - start >= nanos) {
                    addPutBlocked(System.nanoTime() - start);
                    return false;
                }
            }
            if (timed) {
                long spent = System.nanoTime() - start;
                addPutBlocked(spent);
                if (nanos != FOREVER) {
                    nanos = Math.max(1, nanos - spent);
                }
            }
        }
        return sendLocked(item, nanos);
    }

    // ---------------------------------------------------------------- receiving

    @Override
    public T take() throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        Object r = tryReceive();
        if (r != null && r != SLOW_MODE) {
            @SuppressWarnings("unchecked") T item = (T) r;
            return item;
        }
        Object got = awaitItem(FOREVER, r == SLOW_MODE);
        if (got == END) {
            throw closedForReceive();
        }
        @SuppressWarnings("unchecked") T item = (T) got;
        return item;
    }

    @Override
    public T poll() {
        Object r = tryReceive();
        if (r == null) {
            r = receiveAfterMiss();
        }
        if (r == SLOW_MODE) {
            try {
                r = receiveLocked(0);
            } catch (InterruptedException cannotHappen) {
                throw new AssertionError("a receive that does not wait was interrupted", cannotHappen);
            }
            if (r == END) {
                return null;
            }
        }
        @SuppressWarnings("unchecked") T item = (T) r;
        return item;
    }

    @Override
    public T poll(Duration timeout) throws InterruptedException {
        long nanos = Math.max(0, toNanos(timeout));
        if (nanos > 0 && Thread.interrupted()) {
            throw new InterruptedException();
        }
        Object r = tryReceive();
        if (r == null && nanos == 0) {
            r = receiveAfterMiss();
        }
        if (r == null || r == SLOW_MODE) {
            r = nanos == 0 && r == null ? null : awaitItem(nanos == 0 ? 0 : nanos, r == SLOW_MODE);
            if (r == END) {
                return null;
            }
        }
        @SuppressWarnings("unchecked") T item = (T) r;
        return item;
    }

    /**
     * The one lock-free receive attempt: claims the next index if its item is published and takes
     * it.
     *
     * @return the item; {@code null} if none is published (empty, send in flight, or cancelled);
     *         {@link #SLOW_MODE} if a waiter is queued
     */
    private Object tryReceive() {
        long c = lvConsumerIndex();
        for (;;) {
            if ((c & FLAGS) != 0) {
                return (c & CLOSED_FLAG) != 0 ? null : SLOW_MODE;
            }
            int slot = slot(c);
            boolean ready;
            if (itemFlags) {
                ready = itemReady(c, slot);
            } else {
                long seq = lvSequence(slot);
                if (seq < published(c)) {
                    return null; // nothing published at this index yet
                }
                ready = seq == published(c);
            }
            if (ready) {
                if (casConsumerIndex(c, c + 1)) {
                    Object item = lpItem(slot);
                    release(c, slot);
                    return item;
                }
                afterLostRace();
            } else if (itemFlags) {
                long now = lvConsumerIndex();
                if (now == c) {
                    return null; // nothing published at this index yet
                }
                c = now; // another receiver took it: look at the next one
                continue;
            }
            c = lvConsumerIndex(); // lost the race for this index, or c was stale
        }
    }

    /**
     * The final answer of a receive that does not wait, after {@link #tryReceive} found nothing
     * published: "empty" only if the ring is empty by its indices. A send may instead have claimed
     * the index and not yet stored its item; that send has already taken effect (a later send may
     * even have returned), so answering "empty" would contradict it, and this waits the few
     * instructions until the item is published. The waiting loops do not come here: they look
     * again anyway, and reading the producer index every round would pull the senders' line.
     *
     * <p>Empty is decided by reading the consumer index and then the producer index: if
     * {@code c >= p} with {@code c} read first, the ring was empty at the moment {@code p} was read
     * (no receive claims past the producer index), which is where the answer takes effect.
     *
     * @return the item, {@code null} if empty (or cancelled), or {@link #SLOW_MODE}
     */
    private Object receiveAfterMiss() {
        for (int stalls = 0; ; stalls++) {
            long c = lvConsumerIndex();
            if ((c & FLAGS) != 0) {
                return (c & CLOSED_FLAG) != 0 ? null : SLOW_MODE;
            }
            long p = lvProducerIndex() & INDEX_BITS;
            if (c >= p) {
                return null;
            }
            soCachedProducerIndex(p);
            Object r = tryReceive();
            if (r != null) {
                return r;
            }
            pauseForInFlight(stalls, Thread.currentThread().isVirtual(), FOREVER);
        }
    }

    /**
     * Waits for an item: spins and yields as the wait strategy says (platform threads, fast mode,
     * open channel only), then receives through the lock, queueing if the ring is still empty.
     *
     * @return the item, {@link #END} once closed and drained, or {@code null} on timeout
     */
    private Object awaitItem(long nanos, boolean goSlow) throws InterruptedException {
        if (!goSlow && nanos != 0 && !Thread.currentThread().isVirtual() && state == OPEN) {
            long start = System.nanoTime(); // only here: a virtual thread goes straight to the lock
            boolean timed = nanos != FOREVER;
            int spinFor = adaptiveSpin ? receiverSpinRounds() : 0;
            for (int round = 0, parkFrom = yieldUntil + spinFor; round < parkFrom; round++) {
                if (round < spinFor) { // short and bounded: interrupt and timeout are checked after it
                    Thread.onSpinWait();
                } else {
                    if (!timed && round == spinFor + UNTIMED_ROUNDS) {
                        timed = true;
                        start = System.nanoTime();
                    }
                    if (Thread.interrupted()) {
                        throw new InterruptedException();
                    }
                    if (nanos != FOREVER && System.nanoTime() - start >= nanos) {
                        addTakeStarved(System.nanoTime() - start);
                        return null;
                    }
                    parkFrom = busyLimit(round, parkFrom, start);
                    idle(round, parkFrom); // poll only our own index, the slot and the state
                }
                Object r = tryReceive();
                if (r == SLOW_MODE) {
                    break;
                }
                if (r != null) {
                    if (adaptiveSpin) {
                        learnFromWait(spinFor, round + 1);
                    }
                    if (timed) {
                        addTakeStarved(System.nanoTime() - start);
                    }
                    return r;
                }
                if (state != OPEN) {
                    break; // closed: the slow path tells the end from a send still in flight
                }
            }
            if (timed) {
                long spent = System.nanoTime() - start;
                addTakeStarved(spent);
                if (nanos != FOREVER) {
                    nanos = Math.max(1, nanos - spent);
                }
            }
        }
        return receiveLocked(nanos);
    }

    @Override
    public int drainTo(Collection<? super T> sink, int max) {
        Objects.requireNonNull(sink, "sink");
        if (max <= 0) {
            return 0;
        }
        // One claim, one moment. The run is [c, p) as read, c first (bounded by max and the
        // capacity): what the ring held when p was read, sends still in flight included, which
        // the drain waits for (a few instructions each: see receiveAfterMiss). A single CAS then
        // takes the run, and succeeds only if no receive has moved c since, so the drain takes
        // effect at the read of p. Looping on to a later run would take items sent after a
        // concurrent receive saw the ring empty, and no single moment would explain the drain.
        long c = lvConsumerIndex();
        int stalls = 0;
        retry:
        while ((c & FLAGS) == 0) {
            int run = (int) Math.min(Math.min(max, capacity), (lvProducerIndex() & INDEX_BITS) - c);
            if (run <= 0) {
                return 0;
            }
            for (int k = 0; k < run; ) {
                if (isPublished(c + k, slot(c + k))) {
                    k++;
                    continue;
                }
                long now = lvConsumerIndex();
                if (now != c) { // another receive moved on: start again from where it stopped
                    c = now;
                    continue retry;
                }
                pauseForInFlight(stalls++, Thread.currentThread().isVirtual(), FOREVER);
            }
            if (!casConsumerIndex(c, c + run)) { // claims the whole run at once
                afterLostRace();
                c = lvConsumerIndex();
                continue;
            }
            // Free every claimed slot before handing items to the sink, which may throw.
            Object[] taken = new Object[run];
            for (int k = 0; k < run; k++) {
                int slot = slot(c + k);
                taken[k] = lpItem(slot);
                release(c + k, slot);
            }
            for (Object item : taken) {
                @SuppressWarnings("unchecked") T t = (T) item;
                sink.add(t);
            }
            return run;
        }
        return (c & SLOW_FLAG) != 0 ? drainLocked(sink, max) : 0;
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

    // ---------------------------------------------------------------- under the lock (AbstractChannel's core methods)

    @Override
    Object sendNow(T item) {
        if (!slow) {
            int r = trySend(item);
            return r == SENT_FAST || r == FULL && sendAfterFull(item) == SENT_FAST ? SENT : NO_ROOM;
        }
        if (serveReceiver(item)) {
            HANDOFFS.setRelease(this, handoffs + 1);
            return SENT;
        }
        return !mayHaveWaiter(Waiter.SEND) && putOwned(item) ? SENT : NO_ROOM;
    }

    @Override
    T receiveNow() {
        if (!slow) {
            Object r = tryReceive();
            if (r == null) {
                r = receiveAfterMiss();
            }
            @SuppressWarnings("unchecked") T item = (T) r; // never SLOW_MODE: only the lock holder sets the flag
            return item;
        }
        T item = takeOwned();
        if (item != null) {
            Object waiting = serveSender();
            if (waiting != null) {
                @SuppressWarnings("unchecked") T t = (T) waiting;
                putOwned(t); // the slot just freed is room for it, in the order the sender waited
            }
        }
        return item;
    }

    /**
     * Slow mode, under the lock: puts an item into the ring without a CAS (no lock-free claim can
     * succeed now), waiting for a receive claimed before the flag to free the slot.
     *
     * @return {@code false} if the ring is full
     */
    private boolean putOwned(T item) {
        long p = lvProducerIndex();
        long index = p & INDEX_BITS;
        if (index - (lvConsumerIndex() & INDEX_BITS) >= capacity) {
            return false;
        }
        int slot = slot(index);
        boolean isVirtual = Thread.currentThread().isVirtual();
        for (int stalls = 0; !slotFreeFor(index, slot); stalls++) {
            pauseForInFlight(stalls, isVirtual, FOREVER);
        }
        publish(index, slot, item);
        soProducerIndex(p + 1);
        long c = lvConsumerIndex() & INDEX_BITS;
        if (index + 1 - c > lvPeakSize()) {
            raisePeakSize(Math.min(capacity, index + 1 - c));
        }
        return true;
    }

    /**
     * Slow mode, under the lock: takes the next item without a CAS, waiting for a send claimed
     * before the flag to publish it.
     *
     * @return the item, or {@code null} if the ring is empty or cancelled
     */
    private T takeOwned() {
        long c = lvConsumerIndex();
        long index = c & INDEX_BITS;
        if ((c & CLOSED_FLAG) != 0 || index >= (lvProducerIndex() & INDEX_BITS)) {
            return null;
        }
        int slot = slot(index);
        boolean isVirtual = Thread.currentThread().isVirtual();
        for (int stalls = 0; !isPublished(index, slot); stalls++) {
            pauseForInFlight(stalls, isVirtual, FOREVER);
        }
        T item = lpItem(slot);
        release(index, slot);
        soConsumerIndex(c + 1);
        return item;
    }

    /** Whether the slot of {@code index} has been freed by the receive of {@code index - capacity}. */
    private boolean slotFreeFor(long index, int slot) {
        return itemFlags ? lvItem(slot) == null : lvSequence(slot) == free(index);
    }

    @Override
    boolean drainedNow() {
        long c = lvConsumerIndex();
        if ((c & CLOSED_FLAG) != 0) {
            return true;
        }
        long p = lvProducerIndex();
        return (p & CLOSED_FLAG) != 0 && (p & INDEX_BITS) == (c & INDEX_BITS);
    }

    @Override
    void closedNow() {
        getAndOrProducerIndex(CLOSED_FLAG); // from here on no send can claim an index
    }

    @Override
    List<T> removeAllNow() {
        long end = getAndOrProducerIndex(CLOSED_FLAG) & INDEX_BITS; // no send claims past this
        long c;
        do {
            c = lvConsumerIndex();
            if ((c & CLOSED_FLAG) != 0) { // cancelled before: that cancel returned the items
                return new ArrayList<>(0);
            }
        } while (!casConsumerIndex(c, c | CLOSED_FLAG)); // no receive claims past this
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
        return removed;
    }

    /** Sets {@link #SLOW_FLAG} in both words: from here on only the lock holder moves items. */
    @Override
    boolean prepareToWait() {
        if (slow) {
            return false;
        }
        getAndOrProducerIndex(SLOW_FLAG);
        getAndOrConsumerIndex(SLOW_FLAG);
        slow = true;
        return true;
    }

    /** Clears {@link #SLOW_FLAG} once no waiter is queued: lock-free claims resume. */
    @Override
    void beforeUnlock() {
        if (slow && !hasWaiters()) {
            slow = false;
            getAndAndConsumerIndex(~SLOW_FLAG);
            getAndAndProducerIndex(~SLOW_FLAG);
        }
    }

    @Override
    int waiterSpins() {
        return 0; // a platform thread spun and yielded before it queued
    }

    // ---------------------------------------------------------------- the queue view (issue 16), under the lock

    /*
     * Looking at and removing items in the middle of the ring, for Channel.asBlockingQueue().
     * Both run under the lock after prepareToWait(), i.e. in slow mode: no lock-free claim can
     * succeed, so once the sends claimed before the flag have published (we wait for each slot, as
     * takeOwned does), the lock holder owns every item in [consumerIndex, producerIndex).
     *
     * Removal keeps the invariant of the class comment (every claimed index is published, and every
     * published item is received, returned by cancel, or now removed, exactly once) and the rule
     * that both indices only grow: it never moves the producer index back. Instead the survivors
     * below a removed item slide one slot towards the producer end, and the consumer index moves
     * past the slots so vacated, which are freed exactly as a receive frees them. So:
     *  - an index word never returns to a value it had (no ABA): a receiver that read the consumer
     *    index before the flag fails its CAS, as on every slow-mode change, and a sender's stale CAS
     *    on the unchanged producer index still finds its slot free for it (only indices in
     *    [c, p) are touched, and the slot of p belongs to index p - capacity < c);
     *  - receives claimed before the flag are for indices below c: their slots are not in [c, p)
     *    (index i + capacity cannot be claimed before the receive of i frees its slot);
     *  - counts stay exact: delivered = consumer index + hand-offs grows by the removed items (a
     *    removal is a receive whose task is finished at once: AbstractChannel.removingAsDone),
     *    accepted does not change, and the ring holds p - c items as always.
     */

    @Override
    Object[] snapshotNow(int max) {
        long c = lvConsumerIndex();
        if ((c & CLOSED_FLAG) != 0) {
            return new Object[0]; // cancelled: cancel returned the items
        }
        long first = c & INDEX_BITS;
        int n = (int) Math.min(max, (lvProducerIndex() & INDEX_BITS) - first);
        Object[] out = new Object[Math.max(0, n)];
        boolean isVirtual = Thread.currentThread().isVirtual();
        for (int k = 0; k < out.length; k++) {
            long index = first + k;
            int slot = slot(index);
            for (int stalls = 0; !isPublished(index, slot); stalls++) {
                pauseForInFlight(stalls, isVirtual, FOREVER); // a send claimed before the flag is publishing
            }
            out[k] = lpItem(slot);
        }
        return out;
    }

    @Override
    int removeNow(boolean[] marks) {
        long cw = lvConsumerIndex();
        if ((cw & CLOSED_FLAG) != 0) {
            return 0;
        }
        long c = cw & INDEX_BITS;
        long p = lvProducerIndex() & INDEX_BITS;
        if (marks.length != p - c) {
            throw new IllegalStateException("marks for " + marks.length + " items, ring holds " + (p - c));
        }
        // From the newest down: each survivor moves up past the removed items below it. Slot w is
        // written only once index w's own item has been read (w >= j), and every index >= j has
        // been seen published, so no send in flight writes a slot we touch.
        boolean isVirtual = Thread.currentThread().isVirtual();
        long w = p;
        for (long j = p - 1; j >= c; j--) {
            int slot = slot(j);
            for (int stalls = 0; !isPublished(j, slot); stalls++) {
                pauseForInFlight(stalls, isVirtual, FOREVER);
            }
            if (!marks[(int) (j - c)]) {
                w--;
                if (w != j) {
                    spItem(slot(w), lpItem(slot)); // plain: published by the index word's release below
                }
            }
        }
        int removed = (int) (w - c);
        if (removed == 0) {
            return 0;
        }
        for (long j = c; j < w; j++) {
            release(j, slot(j)); // vacated: free for the send one lap on, as a receive leaves it
        }
        soConsumerIndex(cw + removed); // keeps the flags; releases the moves above
        for (int i = 0; i < removed; i++) { // the room made goes to the senders that waited, in order
            Object waiting = serveSender();
            if (waiting == null) {
                break;
            }
            @SuppressWarnings("unchecked") T t = (T) waiting;
            putOwned(t);
        }
        return removed;
    }

    // ---------------------------------------------------------------- state

    /**
     * Read from the producer word's flag, not from {@code state}: a close sets {@code state} first
     * and the flag a moment later, and {@link #isClosedForReceive()} reads the flag, so reading
     * both from the flag never says "closed for send" and then "open for receive" of an empty
     * cancelled channel.
     */
    @Override
    public boolean isClosedForSend() {
        if ((lvProducerIndex() & CLOSED_FLAG) == 0) {
            return false;
        }
        awaitCancelInEffect();
        return true;
    }

    @Override
    public boolean isClosedForReceive() {
        long p = lvProducerIndex(); // final once flagged, so the consumer index is compared with the end
        if ((p & CLOSED_FLAG) == 0) {
            return false;
        }
        awaitCancelInEffect();
        long c = lvConsumerIndex();
        return (c & CLOSED_FLAG) != 0 || (c & INDEX_BITS) == (p & INDEX_BITS);
    }

    @Override
    public int size() {
        long c = lvConsumerIndex();
        if ((c & CLOSED_FLAG) != 0) {
            return 0;
        }
        long p = lvProducerIndex();
        if ((p & CLOSED_FLAG) != 0 && state == CANCELLED) {
            awaitCancelInEffect();
            return 0;
        }
        long n = (p & INDEX_BITS) - (c & INDEX_BITS);
        return (int) Math.max(0, Math.min(capacity, n));
    }

    /** The error of a send that met the closed flag, once a cancel behind it has taken effect (off the hot path). */
    private ChannelClosedException closedForSendOnceInEffect() {
        awaitCancelInEffect();
        return closedForSend(state);
    }

    /**
     * For an observer outside the lock that has seen {@link #CLOSED_FLAG} in the producer index:
     * if that is a cancel's, waits until the cancel has flagged the consumer index too. A cancel
     * flags the producer index first (fixing the end) and then the consumer index (fixing the
     * start, hence which items it returns): it takes effect at the second, so answering "closed"
     * in between would describe a cancel that has not happened yet while a receive can still take
     * an item (Lincheck: "selectOffer(3): closed, then size(): 1" beside "cancel(): [2]"). The
     * canceller holds the lock and is a few instructions from the second flag. A graceful close
     * has only the first, and takes effect there.
     */
    private void awaitCancelInEffect() {
        if (state != CANCELLED) {
            return; // state is written before the flag, so a cancel's flag is seen with it
        }
        boolean isVirtual = Thread.currentThread().isVirtual();
        for (int stalls = 0; (lvConsumerIndex() & CLOSED_FLAG) == 0; stalls++) {
            pauseForInFlight(stalls, isVirtual, FOREVER);
        }
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
        long p = lvProducerIndex() & INDEX_BITS;
        return p + handoffs;
    }

    @Override
    protected long deliveredCount() {
        long c = lvConsumerIndex() & INDEX_BITS;
        return c + handoffs;
    }

    @Override
    public ChannelStats stats() {
        return new ChannelStats(name(), capacity, size(), (int) lvPeakSize(), acceptedCount(), deliveredCount(),
                discardedCount(), putBlockedNanos(), takeStarvedNanos());
    }
}
