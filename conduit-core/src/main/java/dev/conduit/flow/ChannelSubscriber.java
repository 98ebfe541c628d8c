package dev.conduit.flow;

import dev.conduit.channel.Channel;
import dev.conduit.channel.ChannelClosedException;
import dev.conduit.channel.SendChannel;

import java.util.Objects;
import java.util.concurrent.Flow;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A {@link Flow.Subscriber} that sends what it receives into a channel, and asks its publisher for
 * more only as the items find room there: the channel's bound becomes the publisher's backpressure.
 *
 * <pre>{@code
 * Channel<Event> events = Channel.bounded(1000);
 * submissionPublisher.subscribe(ChannelSubscriber.of(events));  // any Flow.Publisher
 * for (Event e : events) { ... }                                // ends when the publisher completes
 * }</pre>
 *
 * <h2>Demand</h2>
 * On {@code onSubscribe} it requests {@code prefetch} items (by default the channel's capacity,
 * between 1 and {@link Flow#defaultBufferSize()}). Each item it receives goes into the channel at
 * once if there is room; once half the prefetch has gone in, it requests that many more. An item
 * that finds the channel full waits, with the ones after it, in a small backlog until a
 * receiver makes room; meanwhile nothing more is requested. So at most {@code prefetch} items are
 * ever outside the channel (requested, or received and waiting for room), and {@code onNext} never
 * blocks the publisher's thread: the waiting is done by a thread of this subscriber's own (virtual
 * unless another factory is given), started the first time the channel is found full.
 *
 * <h2>The end of the stream</h2>
 * {@code onComplete()} closes the channel with {@link SendChannel#close() close()} and
 * {@code onError(cause)} with {@link SendChannel#close(Throwable) close(cause)}, after every item
 * received before them is in the channel, so receivers get every item and then the end, or the
 * failure as the cause of their {@link ChannelClosedException}.
 *
 * <p>If the channel is closed or cancelled by someone else, the subscriber cancels its
 * subscription when it next has an item to send; that item and any it receives afterwards (rule
 * 2.8 allows a few) are dropped, and counted by {@link #droppedItems()}. A channel already closed
 * when {@code onSubscribe} comes makes it cancel at once, requesting nothing.
 *
 * <h2>One subscription</h2>
 * A subscriber serves one subscription (rule 2.5): a second {@code onSubscribe} is cancelled at
 * once. Make a new subscriber for each publisher; several may feed one channel.
 *
 * <h2>Memory consistency effects</h2>
 * The actions of the publisher before an {@code onNext} happen-before a receiver's actions after
 * it takes that item from the channel; those before {@code onComplete} or {@code onError}
 * happen-before a receiver sees the channel closed.
 *
 * <h2>Verified by the Reactive Streams TCK</h2>
 * {@code ChannelSubscriberTckTest} runs the TCK's {@code FlowSubscriberBlackboxVerification} on
 * this class in every build; every required rule passes. The TCK leaves the rules it cannot test
 * from outside ({@code untested_...}: 2.2, 2.4, 2.6, 2.7, 2.8, 2.11, 2.12, 2.13's failing signals,
 * 3.1, 3.8, 3.10, 3.11, 3.14 to 3.16) skipped. The white-box verification is not used: its
 * puppet requests and cancels on the subscriber's behalf, while this subscriber decides its demand
 * by itself, from the room in its channel.
 *
 * @param <T> the type of items
 */
public final class ChannelSubscriber<T> implements Flow.Subscriber<T> {
    /** Stands in the backlog, after the last item, for {@code onComplete} or {@code onError}. */
    private static final Object END = new Object();

    private final SendChannel<? super T> channel;
    private final int prefetch;
    private final int replenishAt;
    private final ThreadFactory threads;

    private final AtomicReference<Flow.Subscription> upstream = new AtomicReference<>();
    /** Serialises the calls on the subscription, which come from two threads (rule 2.7). */
    private final ReentrantLock upstreamCalls = new ReentrantLock();
    /** Items received that found the channel full, in order, then {@link #END}; held at most prefetch + 1. */
    private final Channel<Object> backlog;
    /** Items in the backlog or being put by the pump; while non-zero, new items queue behind them. */
    private final AtomicInteger backlogged = new AtomicInteger();
    /** Items sent into the channel since the last request. */
    private final AtomicInteger sinceRequest = new AtomicInteger();
    private final AtomicBoolean pumpStarted = new AtomicBoolean();
    private final AtomicBoolean cancelledUpstream = new AtomicBoolean();
    private final AtomicLong dropped = new AtomicLong();
    /** What {@link #END} stands for: {@code null} for onComplete. */
    private volatile Throwable endCause;
    /** Set once the subscriber will send nothing more: cancelled, or the channel closed under it. */
    private volatile boolean stopped;

    private ChannelSubscriber(SendChannel<? super T> channel, int prefetch, ThreadFactory threads) {
        this.channel = channel;
        this.prefetch = prefetch;
        this.replenishAt = Math.max(1, prefetch / 2);
        this.threads = threads;
        this.backlog = Channel.builder().name(channel.name() + "-backlog").capacity(prefetch + 1).build();
    }

    /**
     * Makes a subscriber feeding {@code channel}, with the default prefetch (the channel's capacity,
     * between 1 and {@link Flow#defaultBufferSize()}) and a virtual thread for waiting on a full
     * channel.
     *
     * @param channel where the items go; closed when the publisher ends
     * @param <T>     the type of items
     * @return a new subscriber, for one subscription
     * @throws NullPointerException if {@code channel} is null
     */
    public static <T> ChannelSubscriber<T> of(SendChannel<? super T> channel) {
        Objects.requireNonNull(channel, "channel");
        return of(channel, Math.max(1, Math.min(channel.capacity(), Flow.defaultBufferSize())));
    }

    /**
     * Makes a subscriber feeding {@code channel} that keeps at most {@code prefetch} items requested
     * or waiting for room.
     *
     * @param channel  where the items go; closed when the publisher ends
     * @param prefetch the most items outside the channel at once, at least 1
     * @param <T>      the type of items
     * @return a new subscriber, for one subscription
     * @throws NullPointerException     if {@code channel} is null
     * @throws IllegalArgumentException if {@code prefetch} is less than 1
     */
    public static <T> ChannelSubscriber<T> of(SendChannel<? super T> channel, int prefetch) {
        Objects.requireNonNull(channel, "channel");
        return of(channel, prefetch, Thread.ofVirtual().name("flow-subscriber-" + channel.name() + "-", 1).factory());
    }

    /**
     * Makes a subscriber feeding {@code channel}, as {@link #of(SendChannel, int)}, whose thread for
     * waiting on a full channel comes from {@code threads}.
     *
     * @param channel  where the items go; closed when the publisher ends
     * @param prefetch the most items outside the channel at once, at least 1
     * @param threads  makes the one thread that waits for room, if the channel is ever found full
     * @param <T>      the type of items
     * @return a new subscriber, for one subscription
     * @throws NullPointerException     if {@code channel} or {@code threads} is null
     * @throws IllegalArgumentException if {@code prefetch} is less than 1 or {@code Integer.MAX_VALUE}
     */
    public static <T> ChannelSubscriber<T> of(SendChannel<? super T> channel, int prefetch, ThreadFactory threads) {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(threads, "thread factory");
        if (prefetch < 1 || prefetch == Integer.MAX_VALUE) {
            throw new IllegalArgumentException("prefetch of the subscriber of channel '" + channel.name()
                    + "' must be between 1 and " + (Integer.MAX_VALUE - 1) + ", was " + prefetch);
        }
        return new ChannelSubscriber<>(channel, prefetch, threads);
    }

    // ---------------------------------------------------------------- the publisher's signals

    /**
     * Takes the subscription and requests the first {@code prefetch} items; cancels it instead if
     * this subscriber already has one (rule 2.5) or the channel is closed for sending.
     *
     * @param subscription the publisher's subscription
     * @throws NullPointerException if {@code subscription} is null (rule 2.13)
     */
    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        Objects.requireNonNull(subscription, "subscription (rule 2.13)");
        if (!upstream.compareAndSet(null, subscription)) {
            subscription.cancel(); // rule 2.5: this one is not ours
            return;
        }
        if (stopped || channel.isClosedForSend()) { // cancelled before the subscription came
            stop();
            return;
        }
        request(prefetch);
    }

    /**
     * Sends the item into the channel, or queues it behind the items waiting for room. Never blocks.
     *
     * @param item the item
     * @throws NullPointerException if {@code item} is null (rule 2.13)
     */
    @Override
    public void onNext(T item) {
        Objects.requireNonNull(item, "item (rule 2.13)");
        if (stopped) {
            dropped.incrementAndGet(); // sent after our cancel, as rule 2.8 allows
            return;
        }
        if (backlogged.get() == 0) {
            boolean sent;
            try {
                sent = channel.offer(item);
            } catch (ChannelClosedException closedUnderUs) {
                dropped.incrementAndGet();
                stop();
                return;
            }
            if (sent) {
                sentOne();
                return;
            }
        }
        if (backlogged.incrementAndGet() > prefetch) {
            // Requested items are either on their way or in the backlog: at most prefetch of them.
            backlogged.decrementAndGet();
            dropped.incrementAndGet();
            IllegalStateException overflow = new IllegalStateException("the publisher sent the subscriber of channel '"
                    + channel.name() + "' more items than it requested (rule 1.1)");
            stop();
            channel.close(overflow);
            return;
        }
        boolean queued;
        try {
            queued = backlog.offer(item);
        } catch (ChannelClosedException stoppedMeanwhile) {
            dropped.incrementAndGet(); // the pump found the channel closed under us just now
            return;
        }
        if (!queued) {
            backlogged.decrementAndGet();
            dropped.incrementAndGet();
            IllegalStateException overflow = new IllegalStateException("the publisher sent the subscriber of channel '"
                    + channel.name() + "' more items than it requested (rule 1.1)");
            stop();
            channel.close(overflow);
            return;
        }
        startPump();
    }

    /**
     * Closes the channel with {@code cause}, once the items received before are in it.
     *
     * @param cause the publisher's failure
     * @throws NullPointerException if {@code cause} is null (rule 2.13)
     */
    @Override
    public void onError(Throwable cause) {
        Objects.requireNonNull(cause, "cause (rule 2.13)");
        end(cause);
    }

    /** Closes the channel, once the items received before are in it. */
    @Override
    public void onComplete() {
        end(null);
    }

    // ---------------------------------------------------------------- the owner's calls

    /**
     * Cancels the subscription (now, or as soon as it comes): the publisher is told to send no
     * more, and items it still sends, or that wait for room, are dropped and counted by
     * {@link #droppedItems()}. The channel is left as it is: not closed, and the items already in
     * it stay there. Idempotent; never blocks.
     */
    public void cancel() {
        stop();
    }

    // ---------------------------------------------------------------- state

    /**
     * Counts the items received but never sent into the channel, because it was closed or
     * cancelled under this subscriber (or the publisher sent more than requested).
     *
     * @return how many items were dropped so far
     */
    public long droppedItems() {
        return dropped.get();
    }

    @Override
    public String toString() {
        return "ChannelSubscriber[" + channel.name() + ", prefetch " + prefetch + ", waiting for room "
                + backlogged.get() + (stopped ? ", stopped" : "") + "]";
    }

    // ---------------------------------------------------------------- inside

    private void end(Throwable cause) {
        if (stopped) {
            return;
        }
        endCause = cause;
        if (backlogged.get() == 0) {
            closeChannel(cause);
            return;
        }
        // The pump is putting earlier items: the end goes behind them. The backlog has room for it:
        // it holds at most the prefetch items, and its capacity is one more.
        try {
            backlog.offer(END);
        } catch (ChannelClosedException stoppedMeanwhile) {
            // the pump found the channel closed under us just now: there is nothing to end
        }
    }

    private void closeChannel(Throwable cause) {
        if (cause == null) {
            channel.close();
        } else {
            channel.close(cause);
        }
    }

    /** One item went into the channel: ask for more once half the prefetch has. */
    private void sentOne() {
        if (sinceRequest.incrementAndGet() >= replenishAt) {
            int n = sinceRequest.getAndSet(0);
            if (n > 0 && !stopped) {
                request(n);
            }
        }
    }

    private void request(long n) {
        RuntimeException broken = null;
        upstreamCalls.lock();
        try {
            if (!cancelledUpstream.get() && !stopped) {
                upstream.get().request(n);
            }
        } catch (RuntimeException e) {
            broken = e; // rule 3.16: request must not throw; the receivers learn it as the cause
        } finally {
            upstreamCalls.unlock();
        }
        if (broken != null) {
            stop();
            channel.close(broken);
        }
    }

    /** Sends nothing more: cancels the subscription once and drops what waits for room. */
    private void stop() {
        stopped = true;
        upstreamCalls.lock();
        try {
            // Written before read, as onSubscribe writes the subscription before it reads stopped:
            // one of the two sees the other, so a subscription that comes meanwhile is cancelled.
            Flow.Subscription s = upstream.get();
            if (s != null && cancelledUpstream.compareAndSet(false, true)) {
                try {
                    s.cancel();
                } catch (RuntimeException ignored) {
                    // rule 3.15: cancel must not throw; there is nothing more to ask of it anyway
                }
            }
        } finally {
            upstreamCalls.unlock();
        }
        backlog.close(); // the pump drains what is left, counting it dropped, and ends
    }

    private void startPump() {
        if (pumpStarted.get() || !pumpStarted.compareAndSet(false, true)) {
            return;
        }
        try {
            Thread pump = threads.newThread(this::pump);
            if (pump == null) {
                throw new IllegalStateException("the thread factory of the subscriber of channel '" + channel.name()
                        + "' made no thread");
            }
            pump.start();
        } catch (RuntimeException | Error cannotStart) {
            stop();
            dropped.addAndGet(backlog.cancel().stream().filter(o -> o != END).count());
            channel.close(cannotStart);
        }
    }

    /** The waiting thread: puts the backlog into the channel in order, then the end. */
    @SuppressWarnings("unchecked")
    private void pump() {
        try {
            for (;;) {
                Object next = backlog.take();
                if (next == END) {
                    closeChannel(endCause);
                    return;
                }
                if (stopped) {
                    dropped.incrementAndGet();
                    continue;
                }
                try {
                    channel.put((T) next);
                } catch (ChannelClosedException closedUnderUs) {
                    dropped.incrementAndGet();
                    stop();
                    continue;
                }
                backlogged.decrementAndGet(); // only now may new items pass the backlog
                sentOne();
            }
        } catch (ChannelClosedException backlogClosed) {
            // stop() closed the backlog and it is drained: nothing is left to put
        } catch (InterruptedException interrupted) {
            // Only this subscriber knows the thread; an interrupt means its owner is shutting down.
            stop();
            dropped.addAndGet(backlog.cancel().stream().filter(o -> o != END).count());
        }
    }
}
