package dev.conduit.pipeline;

import dev.conduit.workqueue.DeadLetter;
import dev.conduit.workqueue.Delivery;
import dev.conduit.workqueue.InMemoryWorkQueue;
import dev.conduit.workqueue.ItemCodec;
import dev.conduit.workqueue.WorkQueue;
import dev.conduit.workqueue.WorkQueueOptions;
import dev.conduit.workqueue.WorkQueueStats;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Pipelines that read from and write to work queues: an item taken from a queue is settled only when
 * its last local stage is done with it, and never before.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PipelineWorkQueueTest {
    private static WorkQueue<String> queue(String name, Duration lease, int items) throws InterruptedException {
        WorkQueue<String> q = new InMemoryWorkQueue<>(name, ItemCodec.utf8(),
                WorkQueueOptions.defaults().lease(lease).maxDeliveries(3));
        for (int i = 0; i < items; i++) {
            q.put("item-" + i);
        }
        return q;
    }

    @Test
    void anItemIsDoneOnlyAfterItsLastStage() throws Exception {
        WorkQueue<String> q = queue("last-stage", Duration.ofSeconds(30), 200);
        q.close();
        AtomicInteger settledTooEarly = new AtomicInteger();
        AtomicInteger completed = new AtomicInteger();
        Map<String, Integer> sunk = new ConcurrentHashMap<>();
        PipelineResult<Void> result = Pipeline.from(q)
                .map("upper", 4, String::toUpperCase)
                .filter("all", 2, s -> true)
                .to("sink", 3, s -> {
                    // this item is still in flight: nothing reached done before every sink call returned
                    WorkQueueStats now = q.stats();
                    if (now.done() > completed.get() || now.inFlight() < 1) {
                        settledTooEarly.incrementAndGet();
                    }
                    sunk.merge(s, 1, Integer::sum);
                    completed.incrementAndGet();
                })
                .run();
        assertThat(result.status()).isEqualTo(PipelineStatus.COMPLETED);
        assertThat(settledTooEarly).hasValue(0);
        assertThat(sunk).hasSize(200);
        assertThat(q.stats()).isEqualTo(new WorkQueueStats(0, 0, 200, 0));
    }

    @Test
    void flatMapFilterAndBatchSettleEveryItemOnce() throws Exception {
        WorkQueue<String> q = queue("shapes", Duration.ofSeconds(30), 25);
        q.close();
        List<List<String>> batches = new ArrayList<>();
        PipelineResult<Void> result = Pipeline.from(q)
                .flatMap("three", 2, s -> List.of(s + "/a", s + "/b", s + "/c"))
                .filter("drop-b", 1, s -> !s.endsWith("/b"))
                .batch(7)
                .to("collect", 1, batches::add)
                .run();
        assertThat(result.status()).isEqualTo(PipelineStatus.COMPLETED);
        assertThat(batches.stream().mapToInt(List::size).sum()).isEqualTo(50);
        assertThat(q.stats()).isEqualTo(new WorkQueueStats(0, 0, 25, 0));
    }

    @Test
    void aSkippedFailureIsDeadWithItsReason() throws Exception {
        WorkQueue<String> q = queue("skip", Duration.ofSeconds(30), 10);
        q.close();
        PipelineResult<Void> result = Pipeline.from(q)
                .map("picky", 2, s -> {
                    if (s.equals("item-3")) {
                        throw new IllegalArgumentException("no threes");
                    }
                    return s;
                }).onError(ErrorPolicy.skip())
                .to("sink", 1, s -> { })
                .run();
        assertThat(result.failures()).hasSize(1);
        List<DeadLetter<String>> dead = new ArrayList<>();
        q.forEachDeadLetter(dead::add);
        assertThat(dead).singleElement().satisfies(d -> {
            assertThat(d.item()).isEqualTo("item-3");
            assertThat(d.reason()).isEqualTo("no threes");
        });
        assertThat(q.stats()).isEqualTo(new WorkQueueStats(0, 0, 9, 1));
    }

    @Test
    void aCancelledRunReleasesWhatItHeldAndAnotherRunFinishesIt() throws Exception {
        WorkQueue<String> q = queue("cancel", Duration.ofSeconds(30), 100);
        q.close();
        CountDownLatch tenDone = new CountDownLatch(10);
        Map<String, Integer> sunk = new ConcurrentHashMap<>();
        RunningPipeline<Void> first = Pipeline.from(q)
                .map("slow", 2, s -> s)
                .to("sink", 1, s -> {
                    sunk.merge(s, 1, Integer::sum);
                    tenDone.countDown();
                    if (tenDone.getCount() == 0) {
                        Thread.sleep(Long.MAX_VALUE);   // hangs until the cancel interrupts it
                    }
                })
                .start();
        tenDone.await();
        first.cancel();
        PipelineResult<Void> cancelled = first.await();
        assertThat(cancelled.status()).isEqualTo(PipelineStatus.CANCELLED);
        WorkQueueStats afterCancel = q.stats();
        assertThat(afterCancel.done()).as("only what the sink finished").isLessThanOrEqualTo(10);
        assertThat(afterCancel.done() + afterCancel.unfinished()).isEqualTo(100);
        Pipeline.from(q).to("sink", 2, s -> sunk.merge(s, 1, Integer::sum)).run();
        assertThat(sunk).hasSize(100);
        assertThat(q.stats()).isEqualTo(new WorkQueueStats(0, 0, 100, 0));
        // Only an item in the sink at the cancel can have been handled twice.
        assertThat(sunk.values().stream().filter(n -> n > 1).count()).isLessThanOrEqualTo(1);
    }

    @Test
    void aLongItemKeepsItsLeaseWhileThePipelineWorksOnIt() throws Exception {
        WorkQueue<String> q = queue("long", Duration.ofMillis(100), 3);
        q.close();
        AtomicInteger redeliveries = new AtomicInteger();
        Pipeline.from(q)
                .map("slow", 1, s -> {
                    Thread.sleep(400);   // four leases of work
                    return s;
                })
                .to("sink", 1, s -> { })
                .run();
        q.forEachDeadLetter(d -> redeliveries.incrementAndGet());
        assertThat(redeliveries).hasValue(0);
        assertThat(q.stats()).isEqualTo(new WorkQueueStats(0, 0, 3, 0));
    }

    @Test
    void fromOneQueueIntoAnotherSettlesTheFirstOnlyOnceTheSecondHasTheResult() throws Exception {
        WorkQueue<String> in = queue("in", Duration.ofSeconds(30), 50);
        in.close();
        WorkQueue<String> out = new InMemoryWorkQueue<>("out", ItemCodec.utf8(), WorkQueueOptions.defaults().capacity(5));
        RunningPipeline<Void> run = Pipeline.from(in).map("tag", 2, s -> s + "!").into(out).start();

        // Nobody reads yet: out fills up and each worker's next result waits in put. Those items
        // must still be in flight in the first queue, not settled before their results are stored.
        await().atMost(Duration.ofSeconds(20))
                .until(() -> out.stats().queued() == 5 && in.stats().inFlight() >= 2);
        assertThat(in.stats().done()).as("settled items, with 5 results stored").isLessThanOrEqualTo(5);

        int violations = 0;
        for (int i = 0; i < 50; i++) {
            Delivery<String> d = out.take();
            long settled = in.stats().done();      // read first: out's total only grows afterwards
            WorkQueueStats o = out.stats();
            if (settled > o.queued() + o.inFlight() + o.done() + o.dead()) {
                violations++;
            }
            d.done();
        }
        PipelineResult<Void> result = run.await(Duration.ofSeconds(30));
        assertThat(violations).as("times the first queue had settled more items than the second had received").isZero();
        assertThat(result.status()).isEqualTo(PipelineStatus.COMPLETED);
        assertThat(in.stats()).isEqualTo(new WorkQueueStats(0, 0, 50, 0));
        assertThat(out.stats()).isEqualTo(new WorkQueueStats(0, 0, 50, 0));
        assertThat(out.isClosedForSend()).as("not closed by the run").isFalse();
    }

    @Test
    void theInputWaitsForAnItemInFlightElsewhere() throws Exception {
        WorkQueue<String> q = queue("elsewhere", Duration.ofMillis(300), 2);
        Delivery<String> abandoned = q.take();   // another worker took it and died
        q.close();
        Map<String, Integer> sunk = new ConcurrentHashMap<>();
        Pipeline.from(q).to("sink", 1, s -> sunk.merge(s, 1, Integer::sum)).run();
        assertThat(sunk).containsOnlyKeys("item-0", "item-1");
        assertThat(abandoned.isSettled()).isFalse();
        await().atMost(Duration.ofSeconds(5)).until(() -> q.unfinishedTasks() == 0);
    }
}
