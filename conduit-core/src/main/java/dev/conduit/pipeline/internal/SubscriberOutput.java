package dev.conduit.pipeline.internal;

import dev.conduit.flow.ChannelPublisher;

import java.util.concurrent.Flow;

/**
 * Connects the subscriber a pipeline ends in ({@code Pipeline.into(Flow.Subscriber)}) to the run's
 * own output channel, through a {@link ChannelPublisher}: the subscriber's demand paces the last
 * stage, the run's end closes the channel (so the subscriber gets {@code onComplete}, or
 * {@code onError} with the failure), and the subscriber's cancel cancels the run.
 */
final class SubscriberOutput {
    private SubscriberOutput() {
    }

    static void subscribe(PipelineEngine<?> run, Flow.Subscriber<Object> downstream) {
        ChannelPublisher.of(run.subscriberOutput()).subscribe(new Flow.Subscriber<Object>() {
            @Override
            public void onSubscribe(Flow.Subscription subscription) {
                downstream.onSubscribe(new Flow.Subscription() {
                    @Override
                    public void request(long n) {
                        subscription.request(n);
                    }

                    @Override
                    public void cancel() {
                        subscription.cancel();
                        run.subscriberCancelled();
                    }
                });
            }

            @Override
            public void onNext(Object item) {
                downstream.onNext(item);
            }

            @Override
            public void onError(Throwable failure) {
                downstream.onError(failure);
            }

            @Override
            public void onComplete() {
                downstream.onComplete();
            }
        });
    }
}
