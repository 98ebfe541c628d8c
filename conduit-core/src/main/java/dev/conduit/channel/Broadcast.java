package dev.conduit.channel;

import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * Sends every item to every subscriber: each subscriber gets, in order, every item sent after it
 * subscribed, through a buffer of its own. Kotlin's {@code BroadcastChannel}, and a fan-out that a
 * plain channel (where each item goes to one receiver) cannot do.
 *
 * <pre>{@code
 * Broadcast<Price> prices = Broadcast.create("prices");
 * Channel<Price> chart = prices.subscribe(64);                        // the sender waits for it
 * Channel<Price> log = prices.subscribe(16, Overflow.DROP_OLDEST, p -> missed.increment());
 * prices.put(price);                                                  // to both
 * for (Price p : chart) { ... }                                       // a subscription is a channel
 * chart.close();                                                      // leave
 * prices.close();                                                     // the subscribers drain, then end
 * }</pre>
 *
 * <h2>Subscriptions</h2>
 * {@link #subscribe(int, Overflow, Consumer)} returns a new {@link Channel}, the subscriber's own
 * buffer: receive from it with {@code take}, iteration, a {@link Select} ({@code onTake}), or its
 * {@link Channel#asBlockingQueue() queue view}. Its overflow policy says what a send does when that
 * buffer is full: {@link Overflow#BLOCK} makes the sender wait for this subscriber (the slowest
 * blocking subscriber sets the pace), {@link Overflow#DROP_OLDEST} and {@link Overflow#DROP_NEWEST}
 * drop, for this subscriber only, and hand the dropped item to its {@code onUndelivered} (also
 * counted in its {@link Channel#stats() stats}). Subscribers join and leave at any time: a
 * subscriber leaves by closing or cancelling its channel (what is buffered stays receivable after
 * {@code close()}); sends then pass it by. Only the broadcast should send into a subscription.
 *
 * <h2>Order</h2>
 * Sends are serialized: one {@link #put} at a time delivers its item to every current subscriber,
 * in the order they subscribed, so all subscribers see the items in one and the same order. A
 * subscriber is current for a send if it subscribed before that send began and has not left: it
 * gets every item whose send began after {@code subscribe} returned, and none whose send ended
 * before {@code subscribe} was called.
 *
 * <h2>Select</h2>
 * Subscriptions are channels, so a select can take from them. To send into a broadcast from a
 * select, use {@link #inlet()}: a channel whose items a forwarder thread puts into the broadcast,
 * so {@code onPut(broadcast.inlet(), item, ...)} fires when the broadcast can take the item.
 *
 * <h2>Closing</h2>
 * {@link #close()} and {@link #close(Throwable)} close every subscription the same way (the
 * subscribers receive what is buffered, then the end, with the cause if any), and every later
 * {@code put} throws {@link ChannelClosedException}; {@link #cancel()} cancels every subscription,
 * handing its buffered items to its {@code onUndelivered}. A subscription made after the broadcast
 * closed is closed (or cancelled) already. Closing is idempotent: the first close decides.
 *
 * <h2>Blocking and interruption</h2>
 * {@link #put} waits while another send is under way and, for each blocking subscriber whose
 * buffer is full, until it has room or leaves. It is interruptible: an interrupt before it
 * delivered anything throws {@link InterruptedException} with the item sent to nobody; an
 * interrupt while it waits for a full subscriber throws it too, and then the subscribers before
 * that one (in subscription order) have the item and the others do not. Nothing here holds a
 * monitor while waiting, so virtual threads do not pin their carrier.
 *
 * <h2>Memory consistency effects</h2>
 * Actions in a thread before it sends an item happen-before the actions after each subscriber
 * receives it; actions before {@code close} happen-before a subscriber sees its subscription
 * closed.
 *
 * @param <T> the type of items
 */
public final class Broadcast<T> implements AutoCloseable {
    private static final int OPEN = 0, CLOSED = 1, CANCELLED = 2;

    private final String name;
    /** Serializes sends, so that every subscriber sees one order. */
    private final ReentrantLock sendLock = new ReentrantLock();
    /** Guards {@link #subscribers} updates and the closing state, so no subscription misses a close. */
    private final Object membership = new Object();
    /** The current subscriptions in the order they joined; copied on write, read by sends without a lock. */
    private volatile Channel<T>[] subscribers;
    private volatile int state = OPEN;
    /** The first close's cause; written before {@link #state}. */
    private Throwable closeCause;
    /** The select-able input, made on first use; under {@link #membership}. */
    private Channel<T> inlet;
    /** Numbers the subscriptions' names. */
    private final java.util.concurrent.atomic.AtomicLong subscriptions = new java.util.concurrent.atomic.AtomicLong();

    private Broadcast(String name) {
        this.name = name;
        @SuppressWarnings("unchecked") Channel<T>[] none = (Channel<T>[]) new Channel<?>[0];
        this.subscribers = none;
    }

    /**
     * Creates an open broadcast with no subscribers and a generated name.
     *
     * @param <T> the item type
     * @return a new broadcast
     */
    public static <T> Broadcast<T> create() {
        return new Broadcast<>(null);
    }

    /**
     * Creates an open broadcast with no subscribers.
     *
     * @param name the name, used in errors, in the subscriptions' names and in {@code toString()}
     * @param <T>  the item type
     * @return a new broadcast
     * @throws NullPointerException     if {@code name} is {@code null}
     * @throws IllegalArgumentException if {@code name} is blank
     */
    public static <T> Broadcast<T> create(String name) {
        Objects.requireNonNull(name, "broadcast name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("broadcast name must not be blank");
        }
        return new Broadcast<>(name);
    }

    /**
     * Returns the broadcast's name.
     *
     * @return the name given to {@link #create(String)}, or a generated one
     */
    public String name() {
        return name != null ? name : "broadcast-" + Integer.toHexString(System.identityHashCode(this));
    }

    // ---------------------------------------------------------------- subscribing

    /**
     * Subscribes with a buffer of {@code capacity} items that makes the sender wait when full
     * ({@link Overflow#BLOCK}).
     *
     * @param capacity the subscriber's buffer, at least 1
     * @return the subscriber's channel, which gets every item sent from now on
     * @throws IllegalArgumentException if {@code capacity} is less than 1
     */
    public Channel<T> subscribe(int capacity) {
        return subscribe(capacity, Overflow.BLOCK, item -> { });
    }

    /**
     * Subscribes with a buffer of {@code capacity} items and the given overflow policy.
     *
     * @param capacity the subscriber's buffer, at least 1
     * @param overflow what a send does when this subscriber's buffer is full
     * @return the subscriber's channel, which gets every item sent from now on
     * @throws IllegalArgumentException if {@code capacity} is less than 1
     * @throws NullPointerException     if {@code overflow} is {@code null}
     */
    public Channel<T> subscribe(int capacity, Overflow overflow) {
        return subscribe(capacity, overflow, item -> { });
    }

    /**
     * Subscribes with a buffer of {@code capacity} items, the given overflow policy, and a callback
     * for the items a drop policy drops for this subscriber (and for the buffered items a cancel
     * removes).
     *
     * @param capacity      the subscriber's buffer, at least 1
     * @param overflow      what a send does when this subscriber's buffer is full
     * @param onUndelivered receives each item this subscriber will never get; called by the sender
     *                      (or the canceller), outside any lock
     * @return the subscriber's channel, which gets every item sent from now on
     * @throws IllegalArgumentException if {@code capacity} is less than 1
     * @throws NullPointerException     if {@code overflow} or {@code onUndelivered} is {@code null}
     */
    public Channel<T> subscribe(int capacity, Overflow overflow, Consumer<? super T> onUndelivered) {
        if (capacity < 1) {
            throw new IllegalArgumentException("a subscription to broadcast '" + name() + "' needs a buffer of at least 1 item, was "
                    + capacity);
        }
        Objects.requireNonNull(overflow, "overflow");
        Objects.requireNonNull(onUndelivered, "onUndelivered");
        return subscribe(Channel.<T>builder().capacity(capacity).onFull(overflow).onUndelivered(onUndelivered)
                .name(name() + "-subscriber-" + subscriptions.incrementAndGet()));
    }

    /**
     * Subscribes with a buffer built from {@code buffer}: any ordering, overflow policy, capacity
     * (bounded or {@linkplain ChannelBuilder#unbounded() unbounded}, but not 0), name and
     * {@code onUndelivered}.
     *
     * @param buffer the settings of the subscriber's channel
     * @return the subscriber's channel, which gets every item sent from now on
     * @throws IllegalArgumentException if the builder makes a rendezvous channel, which holds no
     *                                  item and so would make every send wait for a receiver
     * @throws NullPointerException     if {@code buffer} is {@code null}
     */
    public Channel<T> subscribe(ChannelBuilder<T> buffer) {
        Objects.requireNonNull(buffer, "buffer");
        Channel<T> sub = buffer.build();
        if (sub.capacity() == 0) {
            throw new IllegalArgumentException("a subscription to broadcast '" + name()
                    + "' needs a buffer: capacity 0 (rendezvous) is not allowed");
        }
        int closedAs;
        Throwable cause;
        synchronized (membership) {
            closedAs = state;
            cause = closeCause;
            if (closedAs == OPEN) {
                Channel<T>[] now = subscribers;
                Channel<T>[] more = Arrays.copyOf(now, now.length + 1);
                more[now.length] = sub;
                subscribers = more;
            }
        }
        if (closedAs == OPEN) {
            sub.invokeOnClose(why -> leave(sub)); // leaving = closing or cancelling the subscription
        } else {
            closeSubscription(sub, closedAs, cause);
        }
        return sub;
    }

    /** Removes a subscription that was closed or cancelled. */
    private void leave(Channel<T> sub) {
        synchronized (membership) {
            Channel<T>[] now = subscribers;
            for (int i = 0; i < now.length; i++) {
                if (now[i] == sub) {
                    Channel<T>[] fewer = Arrays.copyOf(now, now.length - 1);
                    System.arraycopy(now, i + 1, fewer, i, now.length - i - 1);
                    subscribers = fewer;
                    return;
                }
            }
        }
    }

    /**
     * Counts the current subscribers: those that joined and have not left (closed or cancelled
     * their subscription); a snapshot that may change at once.
     *
     * @return how many subscriptions are open now
     */
    public int subscriberCount() {
        return subscribers.length;
    }

    // ---------------------------------------------------------------- sending

    /**
     * Sends {@code item} to every current subscriber, waiting for room in each blocking subscriber
     * whose buffer is full (see the class comment for order and interruption). A subscriber that
     * leaves while the send waits for it is passed by.
     *
     * @param item the item, not {@code null}
     * @throws InterruptedException   if interrupted while waiting (see the class comment for which
     *                                subscribers then have the item)
     * @throws ChannelClosedException if the broadcast was closed before this send began
     * @throws NullPointerException   if {@code item} is {@code null}
     */
    public void put(T item) throws InterruptedException {
        Objects.requireNonNull(item, () -> "broadcast '" + name() + "' does not accept null items");
        sendLock.lockInterruptibly();
        try {
            int s = state;
            if (s != OPEN) {
                throw new ChannelClosedException(name(), s == CANCELLED,
                        "broadcast '" + name() + "' is " + (s == CANCELLED ? "cancelled" : "closed") + ": cannot send", null);
            }
            for (Channel<T> sub : subscribers) {
                try {
                    sub.put(item);
                } catch (ChannelClosedException left) {
                    // the subscriber left (or the broadcast is closing): pass it by
                }
            }
        } finally {
            sendLock.unlock();
        }
    }

    /**
     * Returns the broadcast's inlet: a rendezvous channel whose items a forwarder (a virtual
     * thread started on the first call) {@linkplain #put puts} into the broadcast, one at a time.
     * Send into it where a {@link Channel} is needed, in particular in a {@link Select}'s
     * {@code onPut}: a send into the inlet completes when the forwarder takes the item, that is
     * when the broadcast has finished the previous one, and the item is then sent to the
     * subscribers current at that moment. Closing the inlet closes the broadcast the same way
     * (close, close with its cause, or cancel) once the forwarder has sent everything it took;
     * closing the broadcast closes the inlet, but an item the forwarder has just taken and not yet
     * sent is then lost, so a broadcast fed through its inlet is best ended by closing the inlet.
     * Sending directly with {@link #put} and through the inlet may be mixed.
     *
     * @return the inlet, the same channel on every call
     */
    public Channel<T> inlet() {
        Channel<T> in;
        boolean made = false;
        synchronized (membership) {
            in = inlet;
            if (in == null) {
                in = Channel.<T>builder().capacity(0).name(name() + "-inlet").build();
                inlet = in;
                made = true;
                if (state != OPEN) {
                    in.close();
                }
            }
        }
        if (made && !in.isClosedForSend()) {
            Channel<T> source = in;
            Thread.ofVirtual().name(name() + "-forwarder").start(() -> forward(source));
        }
        return in;
    }

    /**
     * The inlet's forwarder: puts every item into the broadcast until the inlet ends, then ends the
     * broadcast the same way (closed, closed with a cause, or cancelled).
     */
    private void forward(Channel<T> source) {
        Throwable cause = null;
        boolean cancelled = false;
        try {
            for (T item : source) {
                put(item);
            }
        } catch (ChannelClosedException e) {
            cancelled = e.wasCancelled();
            cause = e.getCause();
        } catch (InterruptedException | RuntimeException | Error e) {
            cause = e;
        }
        if (cancelled) {
            cancel();
        } else if (cause != null) {
            close(cause);
        } else {
            close();
        }
        source.cancel();
    }

    // ---------------------------------------------------------------- closing

    /**
     * Closes the broadcast: later sends fail, and every subscription is closed, so its subscriber
     * receives what is buffered and then the end. Idempotent.
     */
    @Override
    public void close() {
        closeWith(CLOSED, null);
    }

    /**
     * Closes the broadcast like {@link #close()}, and every subscription with {@code cause}, so each
     * subscriber fails, once drained, with a {@link ChannelClosedException} whose cause it is.
     *
     * @param cause why, not {@code null}
     * @throws NullPointerException if {@code cause} is {@code null}
     */
    public void close(Throwable cause) {
        closeWith(CLOSED, Objects.requireNonNull(cause, () -> "close cause for broadcast '" + name() + "'"));
    }

    /**
     * Closes the broadcast and cancels every subscription: buffered items are handed to each
     * subscription's {@code onUndelivered}, and subscribers see the end at once.
     */
    public void cancel() {
        closeWith(CANCELLED, null);
    }

    private void closeWith(int how, Throwable cause) {
        Channel<T>[] subs;
        Channel<T> in;
        synchronized (membership) {
            if (state != OPEN) {
                return;
            }
            closeCause = cause;
            state = how;
            subs = subscribers;
            in = inlet;
        }
        RuntimeException failure = null;
        for (Channel<T> sub : subs) {
            try {
                closeSubscription(sub, how, cause);
            } catch (RuntimeException e) { // a subscriber's onUndelivered failed: close the others all the same
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (in != null) {
            in.close();
        }
        if (failure != null) {
            throw failure;
        }
    }

    private static <T> void closeSubscription(Channel<T> sub, int how, Throwable cause) {
        if (how == CANCELLED) {
            sub.cancel();
        } else if (cause != null) {
            sub.close(cause);
        } else {
            sub.close();
        }
    }

    /**
     * Tells whether the broadcast is closed for sending.
     *
     * @return {@code true} once {@link #close()}, {@link #close(Throwable)} or {@link #cancel()} was called
     */
    public boolean isClosed() {
        return state != OPEN;
    }

    @Override
    public String toString() {
        return "Broadcast[" + name() + ", " + subscriberCount() + " subscribers, "
                + (state == OPEN ? "open" : state == CLOSED ? "closed" : "cancelled") + "]";
    }
}
