package dev.conduit.bench;

import dev.conduit.channel.Channel;
import dev.conduit.channel.WaitStrategy;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.text.ParseException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * What Conduit's Flight Recorder events cost on the path that reaches them, with and without a
 * recording started in {@code @Setup}. Only a wait reaches the {@code dev.conduit.ChannelWait}
 * hook: a send or receive that finds room or an item never does.
 *
 * <ul>
 *   <li>{@link #timedOutPoll}: one thread, a {@code poll(1 ns)} on an empty lock-based channel
 *       with {@link WaitStrategy#BLOCKING}: it queues a waiter, passes the hook, gives up at once
 *       and unlinks, with no park and no other thread, so the hook's cost is not hidden in the
 *       noise of a wake-up.</li>
 *   <li>{@link #roundTrip}: {@link PingPong}'s ping-pong, one item in flight;
 *       {@code conduit-blocking} parks on every receive (the hook twice per round trip),
 *       {@code conduit-spin-then-park} mostly catches the reply while spinning.</li>
 * </ul>
 *
 * The recording ({@code jfr}):
 * <ul>
 *   <li>{@code off}: none; the hook is a constant flag and one volatile read.</li>
 *   <li>{@code jdk-default}: the JDK's {@code default} settings, which leave Conduit's events at
 *       their own defaults: enabled, {@code ChannelWait} with its 10 ms threshold (no wait here is
 *       that long, so none is written; the clock is read at both ends of each wait).</li>
 *   <li>{@code conduit-disabled}: the same with Conduit's events disabled: the hook allocates the
 *       event and asks {@code isEnabled()}.</li>
 *   <li>{@code every-wait}: {@code ChannelWait} with threshold 0: every wait is written with its
 *       stack trace (the worst case, not a setting to run with).</li>
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-XX:+UseParallelGC", "-Xms512m", "-Xmx512m"})
public class FlightRecorderCost {
    private static final String[] CONDUIT_EVENTS = {
            "dev.conduit.ChannelWait", "dev.conduit.PipelineStall", "dev.conduit.PipelineStage"};
    private static final Duration ONE_NANO = Duration.ofNanos(1);

    /** The recording, started before and closed after each trial. */
    @State(Scope.Benchmark)
    public static class Jfr {
        @Param({"off", "jdk-default", "conduit-disabled", "every-wait"})
        public String jfr;

        private Recording recording;

        @Setup(Level.Trial)
        public void start() throws IOException, ParseException {
            recording = switch (jfr) {
                case "off" -> null;
                case "jdk-default" -> new Recording(Configuration.getConfiguration("default"));
                case "conduit-disabled" -> {
                    Recording r = new Recording(Configuration.getConfiguration("default"));
                    for (String event : CONDUIT_EVENTS) {
                        r.disable(event);
                    }
                    yield r;
                }
                case "every-wait" -> {
                    Recording r = new Recording(Configuration.getConfiguration("default"));
                    r.enable("dev.conduit.ChannelWait").withThreshold(Duration.ZERO).withStackTrace();
                    yield r;
                }
                default -> throw new IllegalArgumentException("unknown jfr setting '" + jfr
                        + "'; known: off, jdk-default, conduit-disabled, every-wait");
            };
            if (recording != null) {
                recording.setMaxSize(64L << 20); // keeps the on-disk repository small during every-wait
                recording.start();
            }
        }

        @TearDown(Level.Trial)
        public void stop() {
            if (recording != null) {
                recording.close();
            }
        }
    }

    /** An empty channel whose timed polls queue, pass the hook and give up without parking. */
    @State(Scope.Thread)
    public static class Empty {
        final Channel<Long> channel = Channel.<Long>builder().name("bench-empty").unbounded()
                .waitStrategy(WaitStrategy.BLOCKING).build();
    }

    /** Two threads passing one item back and forth over two channels. */
    @State(Scope.Benchmark)
    public static class Rally {
        @Param({"conduit-blocking", "conduit-spin-then-park"})
        public String transport;

        private Transport ping;
        private Transport pong;
        private Crew crew;
        private long expectedSum;

        @Setup(Level.Trial)
        public void setUp() {
            int rounds = PingPong.ROUNDS;
            Long[] items = new Long[rounds];
            for (int i = 0; i < rounds; i++) {
                items[i] = (long) i;
                expectedSum += i;
            }
            ping = Transport.create(transport, 1, 1, rounds);
            pong = Transport.create(transport, 1, 1, rounds);
            Crew.Task pinger = () -> {
                long sum = 0;
                for (int r = 0; r < rounds; r++) {
                    ping.send(items[r]);
                    sum += pong.take();
                }
                return sum;
            };
            Crew.Task ponger = () -> {
                for (int r = 0; r < rounds; r++) {
                    pong.send(ping.take());
                }
                return 0;
            };
            crew = new Crew(transport, new Crew.Task[] {pinger, ponger}, new int[] {0, 1});
        }

        @TearDown(Level.Trial)
        public void tearDown() throws InterruptedException {
            crew.stop();
            ping.stop();
            pong.stop();
        }
    }

    @Benchmark
    public Long timedOutPoll(Jfr jfr, Empty empty) throws InterruptedException {
        return empty.channel.poll(ONE_NANO);
    }

    @Benchmark
    @OperationsPerInvocation(PingPong.ROUNDS)
    public long roundTrip(Jfr jfr, Rally rally) throws InterruptedException {
        return rally.crew.runCheckedBatch(rally.expectedSum, PingPong.BATCH_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }
}
