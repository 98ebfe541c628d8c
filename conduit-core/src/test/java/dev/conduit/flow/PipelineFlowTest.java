package dev.conduit.flow;

import dev.conduit.channel.Channel;
import dev.conduit.channel.Threads;
import dev.conduit.pipeline.NotProcessed;
import dev.conduit.pipeline.Pipeline;
import dev.conduit.pipeline.PipelineFailedException;
import dev.conduit.pipeline.PipelineResult;
import dev.conduit.pipeline.PipelineStatus;
import dev.conduit.pipeline.RunningPipeline;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Flow;
import java.util.concurrent.Semaphore;
import java.util.concurrent.SubmissionPublisher;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

/** A pipeline that starts from a Flow.Publisher and ends in a Flow.Subscriber. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PipelineFlowTest {

    /**
     * Sends 0, 1, 2, ... as demand allows, from a platform thread of its own, until cancelled or
     * {@code limit} items, then completes. Waits for demand on a semaphore, never spinning.
     */
    private static final class Counter implements Flow.Publisher<Integer> {
        final AtomicInteger sent = new AtomicInteger();
        final AtomicBoolean cancelled = new AtomicBoolean();
        final AtomicInteger subscriptions = new AtomicInteger();
        private final int limit;

        Counter(int limit) {
            this.limit = limit;
        }

        @Override
        public void subscribe(Flow.Subscriber<? super Integer> s) {
            subscriptions.incrementAndGet();
            Semaphore demand = new Semaphore(0);
            Thread.ofPlatform().daemon().name("counter").start(() -> {
                s.onSubscribe(new Flow.Subscription() {
                    @Override
                    public void request(long n) {
                        demand.release((int) Math.min(n, 1 << 20));
                    }

                    @Override
                    public void cancel() {
                        cancelled.set(true);
                        demand.release();
                    }
                });
                try {
                    while (sent.get() < limit) {
                        demand.acquire();
                        if (cancelled.get()) {
                            return;
                        }
                        s.onNext(sent.getAndIncrement());
                    }
                    s.onComplete();
                } catch (InterruptedException e) {
                    s.onError(e);
                }
            });
        }
    }

    @Test
    void aColdChannelPublisherFeedsTheStagesInOrder() throws Exception {
        Channel<Integer> source = Channel.bounded(2000);
        for (int i = 0; i < 1000; i++) {
            source.put(i);
        }
        source.close();
        List<Integer> out = Pipeline.from(ChannelPublisher.of(source)).map("double", 1, x -> x * 2).toList();
        assertThat(out).containsExactlyElementsOf(IntStream.range(0, 1000).map(x -> x * 2).boxed().toList());
    }

    @Test
    void aSubmissionPublisherIsReadWithBackpressureUntilItCloses() throws Exception {
        ConcurrentLinkedQueue<Integer> sunk = new ConcurrentLinkedQueue<>();
        try (SubmissionPublisher<Integer> publisher = new SubmissionPublisher<>()) {
            RunningPipeline<Void> run = Pipeline.from(publisher)
                    .map("inc", 3, x -> x + 1).virtualThreads()
                    .to("sink", 2, sunk::add)
                    .start();
            await().atMost(Probe.PATIENCE).until(() -> publisher.getNumberOfSubscribers() == 1);
            for (int i = 0; i < 20_000; i++) {
                publisher.submit(i); // blocks while the source's buffer is full: the pipeline paces it
            }
            publisher.close();
            PipelineResult<Void> result = run.await();
            assertThat(result.status()).isEqualTo(PipelineStatus.COMPLETED);
        }
        assertThat(sunk).hasSize(20_000);
        assertThat(new HashSet<>(sunk)).hasSize(20_000);
        assertThat(sunk.stream().mapToLong(Integer::longValue).sum()).isEqualTo(20_000L * 20_001 / 2);
    }

    @Test
    void thePublishersFailureFailsTheRunWithThatVeryException() {
        IOException broken = new IOException("feed lost");
        SubmissionPublisher<Integer> publisher = new SubmissionPublisher<>();
        RunningPipeline<Integer> run = Pipeline.from(publisher).map(x -> x).start();
        await().atMost(Probe.PATIENCE).until(() -> publisher.getNumberOfSubscribers() == 1);
        publisher.submit(1);
        publisher.closeExceptionally(broken);
        PipelineFailedException failed = catchThrowableOfType(PipelineFailedException.class, run::await);
        assertThat(failed.getCause()).isSameAs(broken);
        assertThat(failed.result().status()).isEqualTo(PipelineStatus.FAILED);
    }

    @Test
    void cancellingTheRunCancelsTheSubscriptionAndEveryItemSentIsSunkOrReported() throws Exception {
        Counter counter = new Counter(Integer.MAX_VALUE);
        ConcurrentLinkedQueue<Integer> sunk = new ConcurrentLinkedQueue<>();
        RunningPipeline<Void> run = Pipeline.from(counter)
                .map("id", 2, x -> x)
                .to("sink", 1, sunk::add)
                .start();
        await().atMost(Probe.PATIENCE).until(() -> sunk.size() >= 2_000);
        run.cancel();
        PipelineResult<Void> result = run.await();
        assertThat(result.status()).isEqualTo(PipelineStatus.CANCELLED);
        await().atMost(Probe.PATIENCE).until(counter.cancelled::get);

        List<Integer> accounted = new ArrayList<>(sunk);
        for (NotProcessed np : result.notProcessed()) {
            accounted.add((Integer) np.item());
        }
        Set<Integer> once = new HashSet<>(accounted);
        assertThat(once).as("no item twice").hasSize(accounted.size());
        int sent = counter.sent.get();
        // Everything sent is sunk or reported, except perhaps the one onNext racing the cancel,
        // which the subscriber drops (rule 2.8) after the source's buffer was handed over.
        // HashSet lookups, not AssertJ's containsAll, which scans the set for each of the
        // (often 100,000s of) items: quadratic, it once took 37 s here.
        assertThat(IntStream.range(0, sent - 1).filter(i -> !once.contains(i)).boxed().toList())
                .as("items sent but neither sunk nor reported").isEmpty();
        assertThat(once).allMatch(i -> i < sent);
        assertThat(counter.subscriptions.get()).isOne();
    }

    @Test
    void eachRunSubscribesAfresh() throws Exception {
        Counter counter = new Counter(100);
        Pipeline<Integer> p = Pipeline.from(counter).map(x -> x);
        assertThat(p.toList()).hasSize(100);
        assertThat(counter.subscriptions.get()).isOne();
    }

    @Test
    void aSubscriberGetsEveryResultInOrderThenOnComplete() throws Exception {
        Probe<Integer> probe = new Probe<>(() -> 7);
        PipelineResult<Void> result = Pipeline.from(IntStream.range(0, 1000).boxed().toList())
                .map("inc", 1, x -> x + 1)
                .into(probe)
                .run();
        probe.awaitEnd();
        assertThat(result.status()).isEqualTo(PipelineStatus.COMPLETED);
        assertThat(probe.snapshot()).containsExactlyElementsOf(IntStream.rangeClosed(1, 1000).boxed().toList());
        assertThat(probe.completed).isTrue();
        assertThat(probe.violations).isEmpty();
    }

    @Test
    void theSubscribersDemandPacesTheLastStage() throws Exception {
        AtomicLong generated = new AtomicLong();
        Probe<Long> probe = new Probe<>();
        RunningPipeline<Void> run = Pipeline.generate(generated::incrementAndGet)
                .map("id", 1, x -> x).buffer(4)
                .defaultBuffer(8)
                .into(probe)
                .start();
        probe.request(10);
        probe.awaitItems(10);
        // Only the output channel (8), the buffers (4 and 8), hand-off batches and the workers'
        // hands hold items: the generator is held back, however long we wait.
        Threads.awaitBlocked(probe.signalThread);
        long before = generated.get();
        assertThat(before).isLessThan(200);
        probe.subscription.cancel();
        PipelineResult<Void> result = run.await();
        assertThat(result.status()).isEqualTo(PipelineStatus.CANCELLED);
        assertThat(probe.snapshot()).hasSize(10);
        Set<Object> reported = new HashSet<>();
        for (NotProcessed np : result.notProcessed()) {
            reported.add(np.item());
        }
        assertThat(reported).doesNotContainAnyElementsOf(probe.snapshot());
    }

    @Test
    void aFailedRunReachesTheSubscriberAsOnErrorWithTheFailure() throws Exception {
        Probe<Integer> probe = new Probe<>(() -> Long.MAX_VALUE);
        IllegalStateException boom = new IllegalStateException("item 5 is bad");
        RunningPipeline<Void> run = Pipeline.from(IntStream.range(0, 100).boxed().toList())
                .map("check", 1, x -> {
                    if (x == 5) {
                        throw boom;
                    }
                    return x;
                })
                .into(probe)
                .start();
        assertThatThrownBy(run::await).isInstanceOf(PipelineFailedException.class);
        probe.awaitEnd();
        assertThat(probe.error.get()).isSameAs(boom);
        assertThat(probe.snapshot()).isSubsetOf(0, 1, 2, 3, 4);
    }

    @Test
    void aRunCancelledByItsOwnerEndsTheSubscriberWithCancellation() throws Exception {
        Probe<Long> probe = new Probe<>(() -> 1);
        AtomicLong n = new AtomicLong();
        RunningPipeline<Void> run = Pipeline.generate(n::incrementAndGet).map(x -> x).into(probe).start();
        probe.awaitItems(5);
        run.cancel();
        probe.awaitEnd();
        assertThat(probe.error.get()).isInstanceOf(CancellationException.class);
        assertThat(run.await().status()).isEqualTo(PipelineStatus.CANCELLED);
    }

    @Test
    void aPublisherToASubscriberThroughStagesLosesNothing() throws Exception {
        int n = 30_000;
        Channel<Integer> in = Channel.bounded(64);
        Channel<Long> out = Channel.bounded(64);
        Thread producer = Thread.ofVirtual().start(() -> {
            try {
                for (int i = 0; i < n; i++) {
                    in.put(i);
                }
                in.close();
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        });
        RunningPipeline<Void> run = Pipeline.from(ChannelPublisher.of(in))
                .map("square", 4, x -> (long) x * x).virtualThreads()
                .into(ChannelSubscriber.of(out))
                .start();
        long sum = 0;
        int count = 0;
        for (Long x : out) {
            sum += x;
            count++;
        }
        producer.join();
        assertThat(run.await().status()).isEqualTo(PipelineStatus.COMPLETED);
        assertThat(count).isEqualTo(n);
        long expected = 0;
        for (long i = 0; i < n; i++) {
            expected += i * i;
        }
        assertThat(sum).isEqualTo(expected);
    }

    @Test
    void aPipelineEndsOnceOnly() {
        Pipeline<Void> sunk = Pipeline.from(List.of(1)).to(x -> { });
        assertThatThrownBy(() -> sunk.into(new Probe<>())).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already ends in sink");
        Pipeline<Void> subscribed = Pipeline.from(List.of(1)).into(new Probe<Integer>());
        assertThatThrownBy(() -> subscribed.into(Channel.bounded(1))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already ends in subscriber");
    }
}
