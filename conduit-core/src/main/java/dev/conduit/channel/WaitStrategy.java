package dev.conduit.channel;

/**
 * How a thread waits when a channel is full (for a sender) or empty (for a receiver): the
 * trade-off between the latency of noticing that it may proceed and the CPU it burns meanwhile.
 * Choose one with {@link ChannelBuilder#waitStrategy(WaitStrategy)}.
 *
 * <p>Every kind of channel, and a select, honours the strategy for the moment between queueing as
 * a waiter and parking, when a platform thread may spin or yield in case it is served at once. The
 * lock-free bounded FIFO channel (capacity at least 1, {@link Overflow#BLOCK}, FIFO order) also
 * uses it for its lock-free retries before it queues.
 *
 * <p>Whatever the strategy:
 * <ul>
 *   <li>A <b>virtual thread never yields or busy-waits</b> (that would hold its carrier thread
 *       from the other virtual threads). Under {@link #SPIN_THEN_PARK} it takes only the short
 *       learnt spin of a queued waiter (a few microseconds of {@link Thread#onSpinWait()}, in case
 *       a partner running on another carrier serves it at once), which the channel turns off
 *       for a growing number of waits as soon as one misses; the lock-free bounded FIFO channel
 *       queues it without spinning. Under every other strategy it parks at once, as with
 *       {@link #BLOCKING}.</li>
 *   <li>Waiting stays interruptible, observes timeouts, and ends when the channel is closed or
 *       cancelled, exactly as {@link Channel} specifies; the strategy changes only how the wait is
 *       spent, never the outcome or the memory-consistency guarantees of {@link Channel}.</li>
 *   <li>A thread that does not have to wait pays nothing for the strategy: a parked party is woken
 *       only when one is actually parked, with no lock on the fast path.</li>
 *   <li>A thread that loses the race for a slot to another thread on its own side (two senders,
 *       or two receivers) yields the CPU once before trying again, in every operation including
 *       the non-waiting {@code offer()} and {@code poll()}; {@link #BUSY_SPIN} spins once
 *       instead. With more threads than CPUs this makes a sender and a receiver, rather than two
 *       threads fighting over one slot, the likelier pair to run at once: measured on 2 CPUs with
 *       2 senders and 2 receivers, about three times the throughput.</li>
 * </ul>
 */
public enum WaitStrategy {
    /**
     * Park at once, like {@link java.util.concurrent.ArrayBlockingQueue}: no CPU is burnt while
     * waiting, at the price of a wake-up (a few microseconds) for every hand-off to a waiting party.
     * Best when many more threads than CPUs wait on channels.
     */
    BLOCKING,

    /**
     * The default: retry briefly, yielding the CPU between attempts (up to 50 yields, tens of
     * microseconds), then park. Hand-offs between busy threads never pay for a wake-up, while a
     * party that waits longer costs no CPU. It spins with {@link Thread#onSpinWait()} (a few
     * microseconds, before the yields) only where that pays, and learns where per channel: a
     * receiver of a stream does not spin, because measured on a 2-CPU machine a spinning receiver
     * kept the sender in lock step (one cache-line transfer per item) and cut throughput by 2-4x,
     * while a yield lets the sender fill a run of slots meanwhile and, when the CPUs are shared,
     * lets it run at all; a receiver waiting for replies (one item in flight: after a yield it
     * finds just that item) spins, which halved the round trip there. A spin that misses, as it
     * always does when both threads share one CPU, turns spinning off for a growing number of
     * waits. Senders waiting for room always yield.
     */
    SPIN_THEN_PARK,

    /**
     * Yield the CPU in a loop for up to about a millisecond, then park. Lower latency than
     * {@link #SPIN_THEN_PARK} for a party that waits a little longer, but a waiting thread stays
     * runnable, using CPU whenever nothing else wants it, until it parks.
     */
    YIELDING,

    /**
     * Spin on the CPU (with {@link Thread#onSpinWait()}) for up to about a millisecond, then park;
     * never yield. The lowest latency when each waiting thread has a CPU of its own (for example
     * pinned), and the worst choice when threads share CPUs: a spinner can hold the CPU that the
     * party it waits for needs. Parking after a millisecond keeps an idle channel from burning a
     * CPU for ever.
     */
    BUSY_SPIN
}
