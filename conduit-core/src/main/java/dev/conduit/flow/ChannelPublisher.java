package dev.conduit.flow;

import dev.conduit.channel.Channel;
import dev.conduit.channel.ChannelClosedException;
import dev.conduit.channel.ReceiveChannel;
import dev.conduit.channel.Select;

import java.util.Objects;
import java.util.concurrent.Flow;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A channel seen as a {@link Flow.Publisher}: each subscriber takes items from the channel as it
 * requests them, and learns of the channel's close through {@code onComplete} or {@code onError}.
 *
 * <pre>{@code
 * Channel<Order> orders = Channel.bounded(100);
 * Flow.Publisher<Order> publisher = ChannelPublisher.of(orders);
 * reactiveLibrary.from(publisher)...;          // anything that speaks java.util.concurrent.Flow
 * }</pre>
 *
 * <h2>One stream, shared: subscribers compete</h2>
 * A subscription is one more receiver of the channel. Several subscribers may subscribe at once;
 * <b>each item goes to exactly one of them</b>, as each item of a channel goes to exactly one of its
 * receivers, and they share the channel with its other receivers too. This publisher does not
 * fan out (broadcast): to give every subscriber every item, give each its own channel.
 *
 * <h2>Demand is backpressure</h2>
 * A subscription takes an item from the channel only when its subscriber has requested one and not
 * yet received it: the items a slow subscriber has not asked for stay in the channel, whose bound
 * then makes its senders wait. Nothing is read ahead, so a cancelled subscription leaves every item
 * it did not deliver in the channel for other receivers. {@code request(Long.MAX_VALUE)} (or
 * requests adding up to it) means "unbounded", as rule 3.17 says.
 *
 * <h2>The end of the stream</h2>
 * Once the channel is closed and drained, each subscription signals, with or without demand:
 * <ul>
 *   <li>{@code onComplete()} after a plain {@link Channel#close() close()};</li>
 *   <li>{@code onError(cause)} after {@link Channel#close(Throwable) close(cause)};</li>
 *   <li>{@code onError(ChannelClosedException)} after a {@link Channel#cancel() cancel()}
 *       (its {@link ChannelClosedException#wasCancelled() wasCancelled()} is {@code true}).</li>
 * </ul>
 * A subscription that is cancelled, or has signalled its end, never changes the channel: cancelling
 * a subscription does not close or cancel the channel.
 *
 * <h2>Threads</h2>
 * Each subscription has a thread of its own, made by the publisher's {@link ThreadFactory}
 * (virtual threads unless another factory is given), which calls {@code onSubscribe}, then waits
 * for demand and items and calls {@code onNext}, {@code onError} and {@code onComplete}; so the
 * signals to one subscriber never overlap (rule 1.3), and {@code request} and {@code cancel} only
 * record what they are told and wake that thread, never calling the subscriber themselves (no
 * recursion, rule 3.3). The thread ends when the subscription does. {@code subscribe} never blocks;
 * if no thread can be made, the subscriber gets {@code onSubscribe} and then {@code onError} with
 * the reason, on the calling thread. A subscriber method that throws breaks rule 2.13: the
 * subscription is then cancelled, and the exception goes to its thread's uncaught-exception
 * handler. An interrupt of a subscription's thread ends the subscription with
 * {@code onError(InterruptedException)}; no item is lost to it.
 *
 * <h2>Memory consistency effects</h2>
 * Actions of a thread before it sends an item into the channel happen-before the {@code onNext}
 * of that item. Actions before a {@code request} happen-before the {@code onNext} calls it allows,
 * and actions before the channel's close happen-before the terminal signal.
 *
 * <h2>Task accounting</h2>
 * The publisher takes items from the channel but does not call {@link Channel#taskDone()}: only
 * the subscriber knows when an item is finished. If the channel's owner waits with
 * {@link Channel#awaitTasks()}, the subscriber must mark the items done.
 *
 * <h2>Verified by the Reactive Streams TCK</h2>
 * {@code ChannelPublisherTckTest} runs the TCK's {@code FlowPublisherVerification} on this class
 * in every build. Every required rule passes. The TCK skips (does not fail) the rules it cannot
 * test or that are optional, and this class leaves these optional ones undone on purpose:
 * <ul>
 *   <li>the three {@code optional_spec111_multicast_...} tests, which expect every subscriber to
 *       get the same items: subscribers here compete for items instead (see above);</li>
 *   <li>the {@code untested_...} rules (1.6, 1.7 for errors, 1.8, 1.9's "must not throw", 1.10,
 *       3.4, 3.5, 3.6's first part), which the TCK does not check at all. This class keeps them:
 *       a terminal signal ends the subscription; {@code subscribe} throws only for a
 *       {@code null} subscriber; {@code request} and {@code cancel} do constant work.</li>
 * </ul>
 *
 * @param <T> the type of items
 */
public final class ChannelPublisher<T> implements Flow.Publisher<T> {
    private final ReceiveChannel<? extends T> channel;
    private final ThreadFactory threads;

    private ChannelPublisher(ReceiveChannel<? extends T> channel, ThreadFactory threads) {
        this.channel = channel;
        this.threads = threads;
    }

    /**
     * Makes a publisher of {@code channel} whose subscriptions each run on a new virtual thread.
     *
     * @param channel a Conduit channel, or its {@linkplain Channel#receiveOnly() receive-only view}
     * @param <T>     the type of items
     * @return the publisher
     * @throws NullPointerException     if {@code channel} is null
     * @throws IllegalArgumentException if {@code channel} is neither a Conduit channel nor a view of one
     */
    public static <T> ChannelPublisher<T> of(ReceiveChannel<? extends T> channel) {
        Objects.requireNonNull(channel, "channel");
        return of(channel, Thread.ofVirtual().name("flow-publisher-" + channel.name() + "-", 1).factory());
    }

    /**
     * Makes a publisher of {@code channel} whose subscriptions each run on a thread from
     * {@code threads}. Each thread is kept for the whole life of its subscription.
     *
     * @param channel a Conduit channel, or its {@linkplain Channel#receiveOnly() receive-only view}
     * @param threads makes one unstarted thread per subscription
     * @param <T>     the type of items
     * @return the publisher
     * @throws NullPointerException     if an argument is null
     * @throws IllegalArgumentException if {@code channel} is neither a Conduit channel nor a view of one
     */
    public static <T> ChannelPublisher<T> of(ReceiveChannel<? extends T> channel, ThreadFactory threads) {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(threads, "thread factory");
        // Fail now, not in a subscriber's onError: the subscriptions wait with a Select on it.
        Select.create().onClosed(channel, () -> null);
        return new ChannelPublisher<>(channel, threads);
    }

    /**
     * Subscribes {@code subscriber}: it gets {@code onSubscribe} on a thread of its own, then items
     * as it requests them. Never blocks.
     *
     * @param subscriber the subscriber
     * @throws NullPointerException if {@code subscriber} is null (rule 1.9)
     */
    @Override
    public void subscribe(Flow.Subscriber<? super T> subscriber) {
        Objects.requireNonNull(subscriber, "subscriber (rule 1.9)");
        Subscription<T> subscription = new Subscription<>(channel, subscriber);
        Thread thread;
        try {
            thread = threads.newThread(subscription);
            if (thread == null) {
                throw new IllegalStateException("the thread factory of the publisher of channel '" + channel.name()
                        + "' made no thread");
            }
            thread.start();
        } catch (RuntimeException | Error cannotStart) {
            // Rule 1.9: subscribe must not throw; the subscriber hears it as onError after onSubscribe.
            subscriber.onSubscribe(Subscription.NONE);
            subscriber.onError(cannotStart);
        }
    }

    @Override
    public String toString() {
        return "ChannelPublisher[" + channel.name() + "]";
    }

    /** One subscriber's subscription and the loop, on its own thread, that serves it. */
    private static final class Subscription<T> implements Flow.Subscription, Runnable {
        /** Handed to a subscriber whose subscription could not start. */
        static final Flow.Subscription NONE = new Flow.Subscription() {
            @Override
            public void request(long n) {
            }

            @Override
            public void cancel() {
            }
        };
        private static final Object WOKEN = new Object();
        private static final Object ENDED = new Object();

        private final ReceiveChannel<? extends T> source;
        /** Dropped when the subscription ends, so a cancelled subscriber can be collected (rule 3.13). */
        private volatile Flow.Subscriber<? super T> subscriber;
        /** Items requested and not yet delivered; {@link Long#MAX_VALUE} means unbounded. */
        private final AtomicLong demand = new AtomicLong();
        private volatile boolean cancelled;
        /** The first request of a non-positive count, which ends the subscription (rule 3.9). */
        private volatile long badRequest;
        private volatile boolean hasBadRequest;
        /**
         * Set by the serving thread before it waits, so that {@code request} and {@code cancel} wake
         * it only then. Both sides write their own volatile, then read the other's: either the
         * thread sees the new demand before it waits, or the caller sees it waiting and wakes it.
         */
        private volatile boolean waiting;
        /** Holds one token while the serving thread has a reason to look again. */
        private final Channel<Boolean> wake;
        private final Select<Object> itemOrWake;
        private final Select<Object> endOrWake;

        Subscription(ReceiveChannel<? extends T> source, Flow.Subscriber<? super T> subscriber) {
            this.source = source;
            this.subscriber = subscriber;
            this.wake = Channel.<Boolean>builder().name(source.name() + "-subscription").capacity(1).build();
            this.itemOrWake = Select.create().onTake(source, item -> item).onTake(wake, token -> WOKEN);
            this.endOrWake = Select.create().onClosed(source, () -> ENDED).onTake(wake, token -> WOKEN);
        }

        // ------------------------------------------------------------ the subscriber's calls

        @Override
        public void request(long n) {
            if (cancelled) {
                return; // rule 3.6
            }
            if (n <= 0) {
                if (!hasBadRequest) {
                    badRequest = n;
                    hasBadRequest = true;
                }
            } else {
                for (;;) {
                    long d = demand.get();
                    long sum = d + n;
                    if (demand.compareAndSet(d, sum < 0 ? Long.MAX_VALUE : sum)) {
                        break;
                    }
                }
            }
            wakeIfWaiting();
        }

        @Override
        public void cancel() {
            cancelled = true;
            wakeIfWaiting();
        }

        private void wakeIfWaiting() {
            if (waiting) {
                wake.offer(Boolean.TRUE); // false if a token is there already: one is enough
            }
        }

        // ------------------------------------------------------------ the serving thread

        @Override
        public void run() {
            Flow.Subscriber<? super T> s = subscriber;
            try {
                s.onSubscribe(this);
                serve(s);
            } catch (RuntimeException | Error broken) {
                cancelled = true; // rule 2.13: the subscriber broke the contract; stop serving it
                throw broken;
            } finally {
                subscriber = null;
            }
        }

        private void serve(Flow.Subscriber<? super T> s) {
            try {
                for (;;) {
                    if (cancelled) {
                        return;
                    }
                    if (hasBadRequest) {
                        cancelled = true;
                        s.onError(new IllegalArgumentException("rule 3.9: non-positive subscription request "
                                + badRequest + " on channel '" + source.name() + "'; request a count of at least 1"));
                        return;
                    }
                    if (demand.get() == 0) {
                        if (source.isClosedForReceive()) {
                            end(s);
                            return;
                        }
                        waitFor(endOrWake);
                        continue;
                    }
                    Object item = source.poll();
                    if (item == null) {
                        try {
                            item = waitFor(itemOrWake);
                        } catch (ChannelClosedException closed) {
                            end(s, closed);
                            return;
                        }
                        if (item == WOKEN) {
                            continue;
                        }
                    }
                    if (demand.get() != Long.MAX_VALUE) {
                        demand.decrementAndGet();
                    }
                    @SuppressWarnings("unchecked")
                    T t = (T) item;
                    s.onNext(t);
                }
            } catch (InterruptedException interrupted) {
                if (!cancelled) {
                    cancelled = true;
                    Thread.currentThread().interrupt();
                    s.onError(interrupted);
                }
            }
        }

        /** Waits with {@code select}, unless a request or cancel came in meanwhile. */
        private Object waitFor(Select<Object> select) throws InterruptedException {
            waiting = true;
            try {
                if (cancelled || hasBadRequest || (select == endOrWake && demand.get() != 0)) {
                    return WOKEN;
                }
                return select.await();
            } finally {
                waiting = false;
            }
        }

        /** The channel is closed and drained: a take fails at once, with the reason. */
        private void end(Flow.Subscriber<? super T> s) throws InterruptedException {
            try {
                source.take();
            } catch (ChannelClosedException closed) {
                end(s, closed);
                return;
            }
            throw new IllegalStateException("channel '" + source.name() + "' gave an item after it was closed and drained");
        }

        private void end(Flow.Subscriber<? super T> s, ChannelClosedException closed) {
            if (cancelled) {
                return;
            }
            cancelled = true;
            if (closed.getCause() != null) {
                s.onError(closed.getCause());
            } else if (closed.wasCancelled()) {
                s.onError(closed);
            } else {
                s.onComplete();
            }
        }

        @Override
        public String toString() {
            return "subscription to channel '" + source.name() + "'" + (cancelled ? " (ended)" : "");
        }
    }
}
