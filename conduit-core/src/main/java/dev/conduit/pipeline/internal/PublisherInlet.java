package dev.conduit.pipeline.internal;

import dev.conduit.channel.Channel;
import dev.conduit.channel.ChannelClosedException;
import dev.conduit.flow.ChannelSubscriber;

import java.util.List;
import java.util.concurrent.Flow;

/**
 * The source inlet over a {@link Flow.Publisher} ({@code Pipeline.from(Flow.Publisher)}): on the
 * source worker's first read it subscribes a {@link ChannelSubscriber} feeding a channel of its
 * own, then reads that channel. The publisher's {@code onComplete} ends the input, its
 * {@code onError(cause)} fails the run with that very cause. When the run stops early the subscription is
 * cancelled and what the channel holds is reported as not processed ({@link #held()}). One worker only.
 */
final class PublisherInlet implements Inlet {
    private final Flow.Publisher<Object> publisher;
    private final Channel<Object> channel;
    private ChannelSubscriber<Object> subscriber;

    @SuppressWarnings("unchecked")
    PublisherInlet(Flow.Publisher<?> publisher) {
        this.publisher = (Flow.Publisher<Object>) publisher;
        this.channel = Channel.builder().name("publisher->source").capacity(Flow.defaultBufferSize())
                .singleConsumer().build();
    }

    private void subscribeOnce() {
        if (subscriber == null) {
            subscriber = ChannelSubscriber.of(channel);
            publisher.subscribe(subscriber);
        }
    }

    @Override
    public Object poll() {
        subscribeOnce();
        return channel.poll();
    }

    @Override
    public Object take() throws Exception {
        subscribeOnce();
        try {
            return channel.take();
        } catch (ChannelClosedException closed) {
            if (closed.getCause() == null && !closed.wasCancelled()) {
                throw EndOfInput.INSTANCE;
            }
            // The publisher's onError: its own failure fails the run; the channel is only ours.
            if (closed.getCause() instanceof Exception failure) {
                throw failure;
            }
            if (closed.getCause() instanceof Error failure) {
                throw failure;
            }
            throw closed;
        } catch (Exception | Error e) {
            subscriber.cancel(); // interrupted: the run is stopping
            throw e;
        }
    }

    @Override
    public String channelName() {
        return channel.name();
    }

    /** The run stopped: the publisher sends no more, and what it sent and nobody took is reported. */
    @Override
    public List<Object> held() {
        if (subscriber != null) {
            subscriber.cancel();
        }
        return channel.cancel();
    }
}
