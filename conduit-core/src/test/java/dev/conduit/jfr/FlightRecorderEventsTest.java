package dev.conduit.jfr;

import dev.conduit.channel.Channel;
import dev.conduit.pipeline.ErrorPolicy;
import dev.conduit.pipeline.Pipeline;
import dev.conduit.pipeline.PipelineResult;
import dev.conduit.pipeline.PipelineStatus;
import dev.conduit.pipeline.RunningPipeline;
import dev.conduit.pipeline.StageStats;
import jdk.jfr.EventType;
import jdk.jfr.Recording;
import jdk.jfr.SettingDescriptor;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;
import jdk.jfr.consumer.RecordingStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The Flight Recorder events, recorded for real: a recording is started, real waits and real
 * pipeline runs happen, and the events read back from the recording carry the right fields.
 */
class FlightRecorderEventsTest {
    private static final String WAIT = "dev.conduit.ChannelWait";
    private static final String STALL = "dev.conduit.PipelineStall";
    private static final String STAGE = "dev.conduit.PipelineStage";
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    interface Action {
        void run() throws Exception;
    }

    /** Runs {@code action} inside a recording set up by {@code settings}; returns Conduit's events of it. */
    private static List<RecordedEvent> record(java.util.function.Consumer<Recording> settings, Action action)
            throws Exception {
        Path file = Files.createTempFile("conduit-test", ".jfr");
        try (Recording recording = new Recording()) {
            settings.accept(recording);
            recording.start();
            action.run();
            recording.stop();
            recording.dump(file);
            return RecordingFile.readAllEvents(file).stream()
                    .filter(e -> e.getEventType().getName().startsWith("dev.conduit.")).toList();
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static List<RecordedEvent> named(List<RecordedEvent> events, String name) {
        return events.stream().filter(e -> e.getEventType().getName().equals(name)).toList();
    }

    private static Thread waitingThread(boolean virtual, String name, Action body) {
        Runnable r = () -> {
            try {
                body.run();
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        };
        Thread t = virtual ? Thread.ofVirtual().name(name).start(r) : Thread.ofPlatform().name(name).start(r);
        await().atMost(PATIENCE).until(() -> t.getState() == Thread.State.WAITING);
        return t;
    }

    @ParameterizedTest(name = "virtual taker: {0}")
    @ValueSource(booleans = {false, true})
    void aBlockedTakeIsRecordedWithItsChannelSideAndThread(boolean virtual) throws Exception {
        Channel<String> channel = Channel.<String>builder().name("jfr-take").capacity(4).build(); // the ring
        AtomicReference<String> got = new AtomicReference<>();
        List<RecordedEvent> events = record(r -> r.enable(WAIT).withThreshold(Duration.ZERO).withStackTrace(), () -> {
            Thread taker = waitingThread(virtual, "jfr-taker", () -> got.set(channel.take()));
            channel.put("hello");
            taker.join();
        });

        assertThat(got).hasValue("hello");
        RecordedEvent e = named(events, WAIT).stream().filter(x -> "jfr-take".equals(x.getString("channel")))
                .collect(singleOrFail(events));
        assertThat(e.getString("side")).isEqualTo("take");
        assertThat(e.getString("outcome")).isEqualTo("served");
        assertThat(e.getInt("capacity")).isEqualTo(4);
        assertThat(e.getThread().getJavaName()).isEqualTo("jfr-taker");
        assertThat(e.getThread().isVirtual()).isEqualTo(virtual);
        assertThat(e.getDuration()).isPositive();
        assertThat(e.getStackTrace().getFrames()).extracting(RecordedFrame::getMethod)
                .anySatisfy(m -> assertThat(m.getName()).isEqualTo("take"));
    }

    @ParameterizedTest(name = "capacity {0}")
    @ValueSource(ints = {0, 1})
    void aBlockedPutIsRecordedAsThePutSide(int capacity) throws Exception {
        Channel<Integer> channel = Channel.<Integer>builder().name("jfr-put").capacity(capacity).build();
        List<RecordedEvent> events = record(r -> r.enable(WAIT).withThreshold(Duration.ZERO), () -> {
            if (capacity > 0) {
                channel.put(0); // now full
            }
            Thread putter = waitingThread(false, "jfr-putter", () -> channel.put(1));
            assertThat(channel.take()).isEqualTo(capacity > 0 ? 0 : 1);
            putter.join();
        });

        RecordedEvent e = named(events, WAIT).stream().filter(x -> "jfr-put".equals(x.getString("channel")))
                .collect(singleOrFail(events));
        assertThat(e.getString("side")).isEqualTo("put");
        assertThat(e.getString("outcome")).isEqualTo("served");
        assertThat(e.getInt("capacity")).isEqualTo(capacity);
        assertThat(e.getThread().getJavaName()).isEqualTo("jfr-putter");
    }

    /** With no settings but "enabled", the annotation's 10 ms threshold applies: a 40 ms wait is in, with its length. */
    @Test
    void theDefaultThresholdKeepsALongTimedWait() throws Exception {
        Channel<String> channel = Channel.<String>builder().name("jfr-poll").unbounded().build(); // lock-based: no spin before it queues
        List<RecordedEvent> events = record(r -> r.enable(WAIT), () ->
                assertThat(channel.poll(Duration.ofMillis(40))).isNull());

        RecordedEvent e = named(events, WAIT).stream().filter(x -> "jfr-poll".equals(x.getString("channel")))
                .collect(singleOrFail(events));
        assertThat(e.getString("outcome")).isEqualTo("timed out");
        assertThat(e.getString("side")).isEqualTo("take");
        assertThat(e.getInt("capacity")).isEqualTo(Integer.MAX_VALUE);
        assertThat(e.getDuration()).isGreaterThanOrEqualTo(Duration.ofMillis(39));
    }

    @Test
    void aWaitShorterThanTheThresholdIsNotRecorded() throws Exception {
        Channel<String> channel = Channel.<String>builder().name("jfr-short").unbounded().build();
        List<RecordedEvent> events = record(r -> r.enable(WAIT).withThreshold(Duration.ofHours(1)), () ->
                assertThat(channel.poll(Duration.ofMillis(20))).isNull());
        assertThat(named(events, WAIT)).noneMatch(e -> "jfr-short".equals(e.getString("channel")));
    }

    @Test
    void aDisabledEventIsNotRecorded() throws Exception {
        Channel<String> channel = Channel.<String>builder().name("jfr-off").unbounded().build();
        List<RecordedEvent> events = record(r -> r.disable(WAIT), () ->
                assertThat(channel.poll(Duration.ofMillis(20))).isNull());
        assertThat(named(events, WAIT)).noneMatch(e -> "jfr-off".equals(e.getString("channel")));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"closed", "interrupted"})
    void aWaitEndedByCloseOrInterruptSaysSo(String how) throws Exception {
        Channel<String> channel = Channel.<String>builder().name("jfr-end").capacity(2).build();
        List<RecordedEvent> events = record(r -> r.enable(WAIT).withThreshold(Duration.ZERO), () -> {
            Thread taker = waitingThread(false, "jfr-ender", () -> {
                try {
                    channel.take();
                } catch (RuntimeException | InterruptedException expected) {
                    // the wait's end is what is recorded
                }
            });
            if (how.equals("closed")) {
                channel.close();
            } else {
                taker.interrupt();
            }
            taker.join();
        });
        RecordedEvent e = named(events, WAIT).stream().filter(x -> "jfr-end".equals(x.getString("channel")))
                .collect(singleOrFail(events));
        assertThat(e.getString("outcome")).isEqualTo(how);
    }

    @Test
    void theThresholdIsTheStandardSettingWithA10msDefault() {
        EventType type = EventType.getEventType(ChannelWaitEvent.class);
        assertThat(type.getName()).isEqualTo(WAIT);
        Map<String, String> defaults = type.getSettingDescriptors().stream()
                .collect(Collectors.toMap(SettingDescriptor::getName, SettingDescriptor::getDefaultValue));
        assertThat(defaults).containsEntry("threshold", "10 ms").containsEntry("enabled", "true");
        assertThat(type.getCategoryNames()).containsExactly("Conduit", "Channel");
    }

    /** A live stream sees the event as it happens, as JMC's live view or a monitoring agent would. */
    @Test
    void aRecordingStreamSeesABlockedTake() throws Exception {
        Channel<String> channel = Channel.<String>builder().name("jfr-stream").capacity(2).build();
        BlockingQueue<RecordedEvent> seen = new ArrayBlockingQueue<>(16);
        CountDownLatch streaming = new CountDownLatch(1);
        try (RecordingStream rs = new RecordingStream()) {
            rs.enable(WAIT).withThreshold(Duration.ZERO);
            rs.onEvent(WAIT, e -> {
                if ("jfr-stream".equals(e.getString("channel"))) {
                    seen.offer(e);
                }
            });
            rs.onFlush(streaming::countDown);
            rs.startAsync();
            assertThat(streaming.await(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();

            Thread taker = waitingThread(false, "jfr-stream-taker", channel::take);
            channel.put("x");
            taker.join();

            RecordedEvent e = seen.poll(PATIENCE.toSeconds(), TimeUnit.SECONDS);
            assertThat(e).as("the stream delivered the event").isNotNull();
            assertThat(e.getString("side")).isEqualTo("take");
            assertThat(e.getThread().getJavaName()).isEqualTo("jfr-stream-taker");
        }
    }

    /** The watchdog's stall: one event per worker, saying what each one does or waits on. */
    @Test
    void aPipelineStallIsRecordedPerWorkerWithWhatItWaitsOn() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch reported = new CountDownLatch(1);
        AtomicReference<PipelineResult<Integer>> result = new AtomicReference<>();
        List<RecordedEvent> events = record(r -> r.enable(STALL), () -> {
            RunningPipeline<Integer> running = Pipeline.from(IntStream.range(0, 50).boxed().toList()).buffer(4)
                    .name("jfr-stuck")
                    .map("stuck-on-7", 1, x -> {
                        if (x == 7) {
                            release.await();
                        }
                        return x;
                    }).buffer(4)
                    .map("after", 2, x -> x)
                    .stallTimeout(Duration.ofMillis(100), report -> reported.countDown())
                    .start();
            assertThat(reported.await(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();
            release.countDown();
            result.set(running.await());
        });

        assertThat(result.get().outputs()).hasSize(50);
        List<RecordedEvent> stalls = named(events, STALL);
        assertThat(stalls).as("one event per worker: source, stuck-on-7, 2 x after").hasSize(4)
                .allSatisfy(e -> {
                    assertThat(e.getString("pipeline")).isEqualTo("jfr-stuck");
                    assertThat(e.getDuration("stalledFor")).isGreaterThanOrEqualTo(Duration.ofMillis(100));
                });
        Map<String, List<RecordedEvent>> byStage = stalls.stream().collect(Collectors.groupingBy(e -> e.getString("stage")));
        assertThat(byStage.get("stuck-on-7")).singleElement().satisfies(e -> {
            assertThat(e.getString("state")).isEqualTo("BUSY");
            assertThat(e.getString("item")).isEqualTo("7");
            assertThat(e.getString("worker")).contains("stuck-on-7");
            assertThat(e.getString("channel")).isNull();
        });
        assertThat(byStage.get("after")).hasSize(2).allSatisfy(e -> {
            assertThat(e.getString("state")).isEqualTo("WAITING_FOR_INPUT");
            assertThat(e.getString("channel")).isEqualTo("stuck-on-7->after");
        });
        assertThat(byStage.get("source")).singleElement().satisfies(e -> {
            assertThat(e.getString("state")).isEqualTo("WAITING_FOR_ROOM");
            assertThat(e.getString("channel")).isEqualTo("source->stuck-on-7");
        });
    }

    /** At the end of a run, each stage's row of the statistics, with the same numbers. */
    @Test
    void eachStagesSummaryIsRecordedWhenARunEnds() throws Exception {
        AtomicReference<PipelineResult<Integer>> result = new AtomicReference<>();
        List<RecordedEvent> events = record(r -> r.enable(STAGE), () -> result.set(
                Pipeline.from(IntStream.range(0, 1_000).boxed().toList())
                        .name("jfr-summary")
                        .map("square", 2, x -> {
                            if (x % 100 == 0) {
                                throw new IllegalArgumentException("no multiples of 100: " + x);
                            }
                            return x * x;
                        }).onError(ErrorPolicy.skip())
                        .filter("odd", 1, x -> x % 2 == 1)
                        .run()));

        PipelineResult<Integer> run = result.get();
        assertThat(run.status()).isEqualTo(PipelineStatus.COMPLETED);
        assertThat(run.outputs()).hasSize(500);
        List<RecordedEvent> stages = named(events, STAGE).stream()
                .filter(e -> "jfr-summary".equals(e.getString("pipeline"))).toList();
        assertThat(stages).extracting(e -> e.getString("stage")).containsExactlyInAnyOrder("source", "square", "odd");
        Map<String, RecordedEvent> byStage = stages.stream().collect(Collectors.toMap(e -> e.getString("stage"),
                Function.identity()));
        for (StageStats s : run.stats().stages()) {
            RecordedEvent e = byStage.get(s.name());
            assertThat(e.getString("status")).isEqualTo("COMPLETED");
            assertThat(e.getInt("workers")).as(s.name()).isEqualTo(s.workers());
            assertThat(e.getLong("itemsIn")).as(s.name()).isEqualTo(s.in());
            assertThat(e.getLong("itemsOut")).as(s.name()).isEqualTo(s.out());
            assertThat(e.getLong("failed")).as(s.name()).isEqualTo(s.failed());
            assertThat(e.getDuration("busy")).as(s.name()).isEqualTo(Duration.ofNanos(s.busyNanos()));
            assertThat(e.getDuration("starved")).as(s.name()).isEqualTo(Duration.ofNanos(s.starvedNanos()));
            assertThat(e.getDuration("blocked")).as(s.name()).isEqualTo(Duration.ofNanos(s.blockedNanos()));
            assertThat(e.getDuration("elapsed")).isEqualTo(run.stats().elapsed());
        }
        // the numbers themselves: 1,000 in, 10 failed, 990 squared, half of them odd
        assertThat(byStage.get("square").getLong("itemsIn")).isEqualTo(1_000);
        assertThat(byStage.get("square").getLong("failed")).isEqualTo(10);
        assertThat(byStage.get("square").getLong("itemsOut")).isEqualTo(990);
        assertThat(byStage.get("odd").getLong("itemsIn")).isEqualTo(990);
        assertThat(byStage.get("odd").getLong("itemsOut")).isEqualTo(500);
        assertThat(stages).filteredOn(e -> e.getBoolean("bottleneck")).extracting(e -> e.getString("stage"))
                .containsExactlyElementsOf(run.stats().bottleneck().stage() == null ? List.of()
                        : List.of(run.stats().bottleneck().stage()));
    }

    @Test
    void longItemsAreCutInStallEvents() {
        assertThat(JfrEvents.truncate("x".repeat(500))).hasSize(JfrEvents.MAX_ITEM_TEXT).endsWith("...");
        assertThat(JfrEvents.truncate("short")).isEqualTo("short");
    }

    @Test
    void onTheClassPathJfrIsReadable() {
        assertThat(ConduitEvents.available()).isTrue();
        assertThat(ConduitEvents.channelWaitBegins()).as("no recording wants the event now").isNull();
    }

    private static <T> java.util.stream.Collector<T, ?, T> singleOrFail(List<RecordedEvent> all) {
        return Collectors.collectingAndThen(Collectors.toList(), list -> {
            assertThat(list).as("exactly one matching event among %s", all).hasSize(1);
            return list.get(0);
        });
    }
}
