package dev.conduit.pipeline;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class PipelineReportTest {

    /** A synthetic run with one deliberately slow stage: the report must name it, with the evidence. */
    @Test
    void reportNamesTheSlowedStageAndSharesAddUp() throws InterruptedException {
        PipelineResult<Integer> result = Pipeline.from(IntStream.range(0, 300).boxed().toList())
                .name("synthetic")
                .map("parse", 1, x -> x).buffer(8)
                .map("save", 1, x -> {
                    Thread.sleep(1);   // the deliberately slow stage: ~1 ms per item
                    return x;
                }).buffer(8)
                .map("index", 1, x -> x)
                .run();
        System.out.println(result.report());

        PipelineStats stats = result.stats();
        assertThat(stats.bottleneck().stage()).isEqualTo("save");
        assertThat(stats.bottleneck().explanation())
                .startsWith("save: busy ")
                .contains("upstream 'parse' blocked", "putting into 'parse->save'")
                .contains("downstream 'index' starved")
                .endsWith("add workers to save");
        StageStats save = stats.stage("save");
        // (typically 95%+, 80%+, 95%+; the bounds leave room for a machine too loaded to run every thread)
        assertThat(save.busyShare()).as(result.report()).isGreaterThan(0.5);
        assertThat(stats.stage("parse").blockedShare()).as(result.report()).isGreaterThan(0.3);
        assertThat(stats.stage("index").starvedShare()).as(result.report()).isGreaterThan(0.3);

        long elapsed = stats.elapsed().toNanos();
        for (StageStats s : stats.stages()) {
            assertThat(s.busyShare() + s.starvedShare() + s.blockedShare()).as(s.name()).isCloseTo(1.0, within(1e-9));
            // the three parts are the workers' real lifetimes: no more than workers x the run's time
            assertThat(s.workerNanos()).as(s.name()).isLessThanOrEqualTo(s.workers() * elapsed);
        }
        // the channel in front of the slow stage is the full one
        LinkStats before = stats.links().get(1);
        assertThat(before.channel()).isEqualTo("parse->save");
        assertThat(before.peakFill()).isEqualTo(8);
        assertThat(before.averageFill()).isGreaterThan(4);
        assertThat(stats.links().get(2).averageFill()).isLessThan(2);

        String text = result.report();
        assertThat(text).contains("Pipeline 'synthetic' COMPLETED", "stage", "busy", "starved", "blocked",
                "parse->save", "save->index", "Bottleneck: save: busy");
    }

    @Test
    void aSlowSourceIsNamedAsTheLimit() throws InterruptedException {
        // The source takes 2 ms per item (reading a slow input): everyone downstream is starved.
        int[] n = {0};
        PipelineResult<Integer> result = Pipeline.<Integer>generate(() -> {
                    if (n[0] == 100) {
                        return null;
                    }
                    Thread.sleep(2);
                    return n[0]++;
                })
                .map("a", 2, x -> x)
                .run();
        assertThat(result.stats().bottleneck().stage()).as(result.report()).isEqualTo("source");
        assertThat(result.stats().bottleneck().explanation()).contains("the source limits the run");
        assertThat(result.stats().stage("a").starvedShare()).isGreaterThan(0.8);
    }

    /** The watchdog explains a stuck pipeline: which worker is busy on what, who waits on which channel. */
    @Test
    void stallWatchdogReportsWhoWaitsOnWhat() throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch reported = new CountDownLatch(1);
        List<StallReport> reports = new CopyOnWriteArrayList<>();

        RunningPipeline<Integer> running = Pipeline.from(IntStream.range(0, 50).boxed().toList()).buffer(4)
                .name("stuck")
                .map("stuck-on-7", 1, x -> {
                    if (x == 7) {
                        release.await();
                    }
                    return x;
                }).buffer(4)
                .map("after", 2, x -> x)
                .stallTimeout(Duration.ofMillis(200), r -> {
                    reports.add(r);
                    reported.countDown();
                })
                .start();

        assertThat(reported.await(30, TimeUnit.SECONDS)).isTrue();
        StallReport report = reports.get(0);
        assertThat(report.stalledFor()).isGreaterThanOrEqualTo(Duration.ofMillis(200));
        assertThat(report.workers()).filteredOn(w -> w.stage().equals("stuck-on-7")).singleElement()
                .satisfies(w -> {
                    assertThat(w.state()).isEqualTo(WorkerSnapshot.State.BUSY);
                    assertThat(w.item()).isEqualTo(7);
                    assertThat(w.stack()).isNotEmpty();
                });
        assertThat(report.workers()).filteredOn(w -> w.stage().equals("after")).hasSize(2)
                .allSatisfy(w -> {
                    assertThat(w.state()).isEqualTo(WorkerSnapshot.State.WAITING_FOR_INPUT);
                    assertThat(w.channel()).isEqualTo("stuck-on-7->after");
                });
        assertThat(report.workers()).filteredOn(w -> w.stage().equals("source")).singleElement()
                .satisfies(w -> assertThat(w.state()).isEqualTo(WorkerSnapshot.State.WAITING_FOR_ROOM));
        assertThat(report.render()).contains("stage stuck-on-7:", "busy in the function on 7",
                "waits for input on channel 'stuck-on-7->after'");

        release.countDown();
        PipelineResult<Integer> result = running.await();
        assertThat(result.outputs()).hasSize(50);
        assertThat(result.stalls()).hasSize(1);
    }

    /** The watchdog's handler runs on the monitor, whose thread is of the stages' kind. */
    @ParameterizedTest(name = "virtual stage: {0}")
    @ValueSource(booleans = {false, true})
    void theMonitorRunsOnThreadsOfTheStagesKind(boolean virtualStage) throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        List<Boolean> handlerOnVirtual = new CopyOnWriteArrayList<>();
        Pipeline<Integer> pipeline = Pipeline.from(List.of(1, 2, 3))
                .map("held", 1, x -> {
                    release.await(30, TimeUnit.SECONDS); // bounded, so a watchdog that never fires fails the test
                    return x;
                });
        if (virtualStage) {
            pipeline = pipeline.virtualThreads();
        }

        PipelineResult<Integer> result = pipeline
                .stallTimeout(Duration.ofMillis(50), r -> {
                    handlerOnVirtual.add(Thread.currentThread().isVirtual());
                    release.countDown();
                })
                .run();

        assertThat(result.outputs()).containsExactly(1, 2, 3);
        assertThat(handlerOnVirtual).containsOnly(virtualStage).isNotEmpty();
    }
}
