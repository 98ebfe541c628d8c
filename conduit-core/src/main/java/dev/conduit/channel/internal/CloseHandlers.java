package dev.conduit.channel.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.function.Consumer;

/**
 * The callbacks of {@link dev.conduit.channel.Channel#invokeOnClose}: each runs exactly once, with
 * the cause of the first close, cancel or close with a cause.
 *
 * <h2>Algorithm</h2>
 * One field of the channel ({@link AbstractChannel#closeHandlers}) holds either a stack of
 * registered callbacks ({@link Node}, newest first; {@code null} for none), or, once the first
 * close has run them, a {@link Fired} carrying the cause. Registering pushes by CAS unless the field
 * holds {@code Fired}, in which case the caller runs its callback at once. The first close swaps
 * {@code Fired} in with one {@code getAndSet} and runs the stack it took, oldest first. So every
 * callback is either taken by that swap (and run by the closing thread) or registered after it
 * (and run by its registering thread), never both and never neither. A channel that nobody
 * watches pays one field and, when closed, one small object.
 *
 * <p>Memory visibility: the swap and the CAS are volatile, so what the closing thread did before
 * closing happens-before each callback, whichever thread runs it.
 */
final class CloseHandlers {
    private static final VarHandle HANDLERS;

    static {
        try {
            HANDLERS = MethodHandles.lookup().findVarHandle(AbstractChannel.class, "closeHandlers", Object.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** What the field holds once the callbacks ran: the cause the later ones get. */
    private record Fired(Throwable cause) { }

    /** One registered callback; {@code next} is the one registered before it. */
    private record Node(Consumer<? super Throwable> callback, Node next) { }

    private CloseHandlers() {
    }

    /**
     * Registers {@code callback}, or runs it now if the channel's close has already run its
     * callbacks.
     *
     * @param channel  the channel
     * @param callback what to run
     */
    static void register(AbstractChannel<?> channel, Consumer<? super Throwable> callback) {
        Objects.requireNonNull(callback, () -> "invokeOnClose callback for channel '" + channel.name() + "'");
        for (;;) {
            Object h = HANDLERS.getVolatile(channel);
            if (h instanceof Fired fired) {
                callback.accept(fired.cause());
                return;
            }
            if (HANDLERS.compareAndSet(channel, h, new Node(callback, (Node) h))) {
                return;
            }
        }
    }

    /**
     * Runs every registered callback, oldest first, with {@code cause}; called by the first close
     * of the channel, after its lock is released. Every callback runs even if one throws; the first
     * failure is then thrown with the others suppressed.
     *
     * @param channel the channel that was just closed
     * @param cause   the cause to pass: {@code null}, the close's cause, or a cancellation
     */
    static void fire(AbstractChannel<?> channel, Throwable cause) {
        Object h = HANDLERS.getAndSet(channel, new Fired(cause));
        if (!(h instanceof Node newest)) {
            return; // nobody registered (or, which cannot happen, the callbacks already ran)
        }
        Node oldestFirst = null;
        for (Node n = newest; n != null; n = n.next()) {
            oldestFirst = new Node(n.callback(), oldestFirst);
        }
        RuntimeException failure = null;
        for (Node n = oldestFirst; n != null; n = n.next()) {
            try {
                n.callback().accept(cause);
            } catch (RuntimeException | Error e) {
                if (failure == null) {
                    failure = e instanceof RuntimeException re ? re
                            : new IllegalStateException("an invokeOnClose callback of channel '" + channel.name()
                                    + "' failed", e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /**
     * @param channel the channel being cancelled
     * @return the cause the callbacks get when a {@code cancel()} closed the channel
     */
    static CancellationException cancellation(AbstractChannel<?> channel) {
        return new CancellationException("channel '" + channel.name() + "' was cancelled");
    }
}
