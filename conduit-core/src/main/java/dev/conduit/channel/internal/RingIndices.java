package dev.conduit.channel.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The two hot words of RingChannel, each on cache lines of its own, so that senders (who write
 * the producer index) and receivers (who write the consumer index) do not invalidate each other's
 * lines on every operation (false sharing), and the ring's arrays: together a {@link Ring}, which
 * a RingChannel makes on first use, so that an idle channel does not carry them.
 *
 * <p>Padding policy: HotSpot lays out a superclass's fields before its subclass's, so a chain of
 * classes pins the order: [object header][128 bytes][producer side][128 bytes][consumer
 * side][128 bytes][the arrays' references]. 128 bytes, not 64, because x86 CPUs prefetch
 * cache lines in adjacent pairs. The hot fields are longs, so the layout engine cannot move them
 * into the 4-byte gaps it fills with smaller fields.
 *
 * <p>Memory-access names, here and in RingChannel: lv = load with acquire semantics (JCTools' "load
 * volatile"; acquire is all a reader needs), lp = plain load, so = ordered store (release), sp =
 * plain store, cas = compare-and-set (volatile), getAndOr = atomic bitwise or (volatile).
 */
final class RingIndices {
    private RingIndices() {
    }

    /** Padding between the object header (and whatever precedes it in the heap) and the producer index. */
    abstract static class PadBeforeProducer {
        long p00, p01, p02, p03, p04, p05, p06, p07, p08, p09, p10, p11, p12, p13, p14, p15;
    }

    /** The producer index and what only senders write. */
    abstract static class ProducerIndex extends PadBeforeProducer {
        private static final VarHandle PRODUCER_INDEX;
        private static final VarHandle PEAK_SIZE;
        private static final VarHandle CACHED_CONSUMER_INDEX;

        static {
            try {
                MethodHandles.Lookup l = MethodHandles.lookup();
                PRODUCER_INDEX = l.findVarHandle(ProducerIndex.class, "producerIndex", long.class);
                PEAK_SIZE = l.findVarHandle(ProducerIndex.class, "peakSize", long.class);
                CACHED_CONSUMER_INDEX = l.findVarHandle(ProducerIndex.class, "cachedConsumerIndex", long.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        /** Next index to claim for a send, plus the flag bits of {@link RingChannel}. */
        private volatile long producerIndex;
        /**
         * A consumer index some sender read lately: a lower bound of the true one, so
         * {@code claimed - cachedConsumerIndex} bounds the buffered items from above. Racy on purpose.
         */
        long cachedConsumerIndex;
        /** The most items ever buffered at once; raised by senders only. */
        private volatile long peakSize;


        final long lvProducerIndex() {
            return (long) PRODUCER_INDEX.getAcquire(this);
        }

        final boolean casProducerIndex(long expect, long update) {
            return PRODUCER_INDEX.compareAndSet(this, expect, update);
        }

        final long getAndOrProducerIndex(long bits) {
            return (long) PRODUCER_INDEX.getAndBitwiseOr(this, bits);
        }

        final long getAndAndProducerIndex(long bits) {
            return (long) PRODUCER_INDEX.getAndBitwiseAnd(this, bits);
        }

        /** For the lock holder of the ring's slow mode, the only writer then. */
        final void soProducerIndex(long value) {
            PRODUCER_INDEX.setRelease(this, value);
        }

        /**
         * Acquire/release, like the index it copies: item-flag senders rely on everything the
         * consumer did before that index was read (see RingChannel), and a long is never torn.
         */
        final long lvCachedConsumerIndex() {
            return (long) CACHED_CONSUMER_INDEX.getAcquire(this);
        }

        final void soCachedConsumerIndex(long c) {
            CACHED_CONSUMER_INDEX.setRelease(this, c);
        }

        final long lvPeakSize() {
            return peakSize;
        }

        /** Raises the peak to at least {@code size}; only called when the cheap bound says it may grow. */
        final void raisePeakSize(long size) {
            long peak;
            while ((peak = peakSize) < size && !PEAK_SIZE.compareAndSet(this, peak, size)) {
                Thread.onSpinWait();
            }
        }
    }

    /** Padding between the producer and the consumer index. */
    abstract static class PadBetween extends ProducerIndex {
        long p00, p01, p02, p03, p04, p05, p06, p07, p08, p09, p10, p11, p12, p13, p14, p15;

    }

    /** The consumer index. */
    abstract static class ConsumerIndex extends PadBetween {
        private static final VarHandle CONSUMER_INDEX;
        private static final VarHandle CACHED_PRODUCER_INDEX;

        static {
            try {
                MethodHandles.Lookup l = MethodHandles.lookup();
                CONSUMER_INDEX = l.findVarHandle(ConsumerIndex.class, "consumerIndex", long.class);
                CACHED_PRODUCER_INDEX = l.findVarHandle(ConsumerIndex.class, "cachedProducerIndex", long.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        /** Next index to claim for a receive, plus the flag bits of {@link RingChannel}. */
        private volatile long consumerIndex;
        /**
         * A producer index some receiver read lately (index bits only): a lower bound of the true
         * one, so every index below it is claimed by a send. Racy on purpose.
         */
        private long cachedProducerIndex;


        final long lvConsumerIndex() {
            return (long) CONSUMER_INDEX.getAcquire(this);
        }

        final boolean casConsumerIndex(long expect, long update) {
            return CONSUMER_INDEX.compareAndSet(this, expect, update);
        }

        /** Acquire/release, for the same reason as the cached consumer index. */
        final long lvCachedProducerIndex() {
            return (long) CACHED_PRODUCER_INDEX.getAcquire(this);
        }

        final void soCachedProducerIndex(long p) {
            CACHED_PRODUCER_INDEX.setRelease(this, p);
        }

        final long getAndOrConsumerIndex(long bits) {
            return (long) CONSUMER_INDEX.getAndBitwiseOr(this, bits);
        }

        final long getAndAndConsumerIndex(long bits) {
            return (long) CONSUMER_INDEX.getAndBitwiseAnd(this, bits);
        }

        /** For the lock holder of the ring's slow mode, the only writer then. */
        final void soConsumerIndex(long value) {
            CONSUMER_INDEX.setRelease(this, value);
        }
    }

    /** Padding between the consumer index and the ring's read-only fields. */
    abstract static class PadAfterConsumer extends ConsumerIndex {
        long p00, p01, p02, p03, p04, p05, p06, p07, p08, p09, p10, p11, p12, p13, p14, p15;

    }

    /**
     * The padded indices and the ring's arrays, made by the channel on first use. The arrays hang
     * off final fields, so whoever sees a Ring sees their initial contents (final-field semantics).
     */
    static final class Ring extends PadAfterConsumer {
        /** Per-slot sequences, or {@code null} when the slots' items tell their states. */
        final long[] sequences;
        /** The slots, with padding at both ends. */
        final Object[] items;

        Ring(long[] sequences, Object[] items) {
            this.sequences = sequences;
            this.items = items;
        }
    }
}
