package dev.conduit.micrometer;

import dev.conduit.pipeline.ErrorPolicy;
import dev.conduit.pipeline.Pipeline;
import dev.conduit.pipeline.PipelineResult;
import dev.conduit.pipeline.RunningPipeline;
import dev.conduit.pipeline.StageStats;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

/** A pipeline's meters against a real registry: live while it runs, its final statistics once it ended. */
class PipelineMetricsTest {
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    private double items(String which, String stage) {
        return registry.get("conduit.pipeline.stage.items." + which).tags("pipeline", "metered", "stage", stage)
                .functionCounter().count();
    }

    private double seconds(String which, String stage) {
        return registry.get("conduit.pipeline.stage." + which).tags("pipeline", "metered", "stage", stage)
                .timeGauge().value(TimeUnit.SECONDS);
    }

    private double running() {
        return registry.get("conduit.pipeline.running").tag("pipeline", "metered").gauge().value();
    }

    @Test
    void theMetersAreLiveWhileItRunsAndTheFinalStatisticsOnceItEnded() throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        RunningPipeline<Void> run = Pipeline.from(IntStream.range(0, 2_000).boxed().toList())
                .name("metered")
                .map("parse", 2, x -> {
                    if (x == 1_000) {
                        release.await(); // holds the run half-way, so the live values can be read
                    }
                    if (x % 100 == 7) {
                        throw new IllegalArgumentException("bad item " + x);
                    }
                    return x;
                }).onError(ErrorPolicy.skip())
                .filter("even", 1, x -> x % 2 == 0)
                .to("save", 1, x -> { })
                .start();
        new PipelineMetrics(run, Tags.of("app", "test")).bindTo(registry);

        // live: the run is held; the items counted so far are there, and it says it runs
        await().atMost(PATIENCE).until(() -> items("in", "parse") >= 1_000);
        assertThat(running()).isEqualTo(1);
        assertThat(items("in", "source")).isGreaterThanOrEqualTo(1_000);
        assertThat(items("in", "save")).isLessThanOrEqualTo(items("out", "even"));

        release.countDown();
        PipelineResult<Void> result = run.await();

        assertThat(running()).isZero();
        assertThat(items("in", "parse")).isEqualTo(2_000);
        assertThat(items("failed", "parse")).isEqualTo(20);
        assertThat(items("out", "parse")).isEqualTo(1_980);
        assertThat(items("in", "even")).isEqualTo(1_980);
        assertThat(items("out", "even")).isEqualTo(1_000); // the failed ones (x % 100 == 7) were all odd
        assertThat(items("in", "save")).isEqualTo(1_000);
        assertThat(items("out", "save")).isEqualTo(1_000);
        for (StageStats s : result.stats().stages()) {
            assertThat(items("in", s.name())).as(s.name()).isEqualTo(s.in());
            assertThat(items("out", s.name())).as(s.name()).isEqualTo(s.out());
            assertThat(items("failed", s.name())).as(s.name()).isEqualTo(s.failed());
            assertThat(seconds("busy", s.name())).as(s.name()).isCloseTo(s.busyNanos() / 1e9, within(1e-9));
            assertThat(seconds("starved", s.name())).as(s.name()).isCloseTo(s.starvedNanos() / 1e9, within(1e-9));
            assertThat(seconds("blocked", s.name())).as(s.name()).isCloseTo(s.blockedNanos() / 1e9, within(1e-9));
            assertThat(registry.get("conduit.pipeline.stage.workers").tags("pipeline", "metered", "stage", s.name())
                    .gauge().value()).isEqualTo(s.workers());
        }
        // the held stage's workers spent most of their life somewhere: the three times are not all zero
        assertThat(seconds("busy", "parse") + seconds("starved", "parse") + seconds("blocked", "parse")).isPositive();
        assertThat(registry.getMeters()).filteredOn(m -> m.getId().getName().startsWith("conduit.pipeline."))
                .hasSize(1 + 4 * 7)
                .allSatisfy(m -> assertThat(m.getId().getTag("app")).isEqualTo("test"));
    }

    @Test
    void theStagesAreThePipelinesInFlowOrder() throws InterruptedException {
        RunningPipeline<Integer> run = Pipeline.from(List.of(1, 2, 3)).name("metered").map("double", 1, x -> 2 * x)
                .start();
        new PipelineMetrics(run).bindTo(registry);
        run.await();
        assertThat(registry.find("conduit.pipeline.stage.items.in").tag("pipeline", "metered").functionCounters())
                .extracting(c -> c.getId().getTag("stage")).containsExactlyInAnyOrder("source", "double");
        assertThat(items("out", "double")).isEqualTo(3);
    }
}
