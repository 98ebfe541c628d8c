package dev.conduit.pipeline.internal;

import dev.conduit.channel.Channel;
import dev.conduit.channel.ChannelClosedException;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.Flow;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The source inlet over a {@link Flow.Publisher} ({@code Pipeline.from(Flow.Publisher)}), and the
 * subscriber it subscribes on the source worker's first read.
 *
 * <p>It buffers what the publisher sends in a channel of {@link Flow#defaultBufferSize()} items and
 * requests only room it has: {@code BUFFER} at first, then, each time the worker has taken half
 * of that, as many again. Demand never exceeds free room, so {@code onNext} never waits and no
 * item sits anywhere but in the buffer. The publisher's {@code onComplete} ends the input; its
 * {@code onError(cause)} fails the run with that very cause, after the items sent before it. When
 * the run stops early, {@link #held()} cancels the subscription and hands the buffered items back
 * to be reported as not processed; an {@code onNext} racing that cancel (rule 2.8) finds the
 * buffer cancelled and its item is dropped. One worker only.
 */
final class PublisherInlet implements Inlet, Flow.Subscriber<Object> {
    private static final int BUFFER = Flow.defaultBufferSize();
    private static final int REPLENISH = Math.max(1, BUFFER / 2);

    private final Flow.Publisher<Object> publisher;
    private final Channel<Object> buffer;
    /** Serialises request and cancel, which come from the worker and the publisher's thread (rule 2.7). */
    private final ReentrantLock calls = new ReentrantLock();
    private Flow.Subscription subscription;
    private boolean cancelled;
    private boolean subscribed;
    /** Items the worker took since the last request; the worker's own. */
    private int taken;

    @SuppressWarnings("unchecked")
    PublisherInlet(Flow.Publisher<?> publisher) {
        this.publisher = (Flow.Publisher<Object>) publisher;
        this.buffer = Channel.builder().name("publisher->source").capacity(BUFFER).singleConsumer().build();
    }

    // ---------------------------------------------------------------- the worker's side

    private void subscribeOnce() {
        if (!subscribed) {
            subscribed = true;
            publisher.subscribe(this);
        }
    }

    @Override
    public Object poll() {
        subscribeOnce();
        Object item = buffer.poll();
        if (item != null) {
            tookOne();
        }
        return item;
    }

    @Override
    public Object take() throws Exception {
        subscribeOnce();
        Object item;
        try {
            item = buffer.take();
        } catch (ChannelClosedException closed) {
            if (closed.getCause() == null && !closed.wasCancelled()) {
                throw EndOfInput.INSTANCE;
            }
            // The publisher's onError: its own failure fails the run; the buffer is only ours.
            if (closed.getCause() instanceof Exception failure) {
                throw failure;
            }
            if (closed.getCause() instanceof Error failure) {
                throw failure;
            }
            throw closed;
        } catch (Exception | Error e) {
            cancel(); // interrupted: the run is stopping
            throw e;
        }
        tookOne();
        return item;
    }

    /** Room freed up: ask for as much once half the buffer is free again. */
    private void tookOne() {
        if (++taken >= REPLENISH) {
            int n = taken;
            taken = 0;
            calls.lock();
            try {
                if (!cancelled && subscription != null) {
                    subscription.request(n);
                }
            } finally {
                calls.unlock();
            }
        }
    }

    @Override
    public String channelName() {
        return buffer.name();
    }

    /** The run stopped: the publisher sends no more, and what it sent and nobody took is reported. */
    @Override
    public List<Object> held() {
        cancel();
        return buffer.cancel();
    }

    private void cancel() {
        calls.lock();
        try {
            if (!cancelled) {
                cancelled = true;
                if (subscription != null) {
                    subscription.cancel();
                }
            }
        } finally {
            calls.unlock();
        }
    }

    // ---------------------------------------------------------------- the publisher's side

    @Override
    public void onSubscribe(Flow.Subscription s) {
        Objects.requireNonNull(s, "subscription (rule 2.13)");
        calls.lock();
        try {
            if (subscription != null || cancelled) {
                s.cancel(); // a second subscription (rule 2.5), or the run already stopped
                return;
            }
            subscription = s;
            s.request(BUFFER);
        } finally {
            calls.unlock();
        }
    }

    @Override
    public void onNext(Object item) {
        Objects.requireNonNull(item, "item (rule 2.13)");
        try {
            if (!buffer.offer(item)) {
                cancel();
                buffer.close(new IllegalStateException("the publisher of the pipeline's source sent more items than"
                        + " it was asked for (rule 1.1)"));
            }
        } catch (ChannelClosedException stopped) {
            // the run stopped and cancelled us; rule 2.8 lets the publisher send a few more
        }
    }

    @Override
    public void onError(Throwable cause) {
        Objects.requireNonNull(cause, "cause (rule 2.13)");
        buffer.close(cause);
    }

    @Override
    public void onComplete() {
        buffer.close();
    }
}
