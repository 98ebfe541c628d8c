package dev.conduit.micrometer;

import dev.conduit.channel.Channel;
import dev.conduit.channel.ChannelStats;
import dev.conduit.channel.Overflow;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

/** The channel's meters against a real registry, after real traffic: they read what the channel counted. */
class ChannelMetricsTest {
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    private double counter(String name, String channel) {
        FunctionCounter c = registry.get(name).tag("channel", channel).functionCounter();
        return c.count();
    }

    private double gauge(String name, String channel) {
        Gauge g = registry.get(name).tag("channel", channel).gauge();
        return g.value();
    }

    @Test
    void afterManyProducersAndConsumersTheCountersAreTheChannelsCounts() throws InterruptedException {
        Channel<Integer> jobs = Channel.<Integer>builder().name("jobs").capacity(16).build();
        new ChannelMetrics(jobs, Tags.of("app", "test")).bindTo(registry);

        int producers = 4, perProducer = 2_500, consumers = 2, total = producers * perProducer;
        AtomicLong sum = new AtomicLong();
        AtomicLong taken = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            int base = p * perProducer;
            threads.add(Thread.ofPlatform().start(() -> {
                try {
                    for (int i = 0; i < perProducer; i++) {
                        jobs.put(base + i);
                    }
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
            }));
        }
        for (int c = 0; c < consumers; c++) {
            threads.add(Thread.ofPlatform().start(() -> {
                try {
                    while (taken.incrementAndGet() <= total) {
                        sum.addAndGet(jobs.take());
                        jobs.taskDone();
                    }
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        assertThat(sum.get()).isEqualTo((long) total * (total - 1) / 2); // every item exactly once

        ChannelStats stats = jobs.stats();
        assertThat(counter("conduit.channel.sent", "jobs")).isEqualTo(total).isEqualTo(stats.sent());
        assertThat(counter("conduit.channel.received", "jobs")).isEqualTo(total).isEqualTo(stats.received());
        assertThat(counter("conduit.channel.dropped", "jobs")).isZero();
        assertThat(gauge("conduit.channel.size", "jobs")).isZero();
        assertThat(gauge("conduit.channel.capacity", "jobs")).isEqualTo(16);
        assertThat(gauge("conduit.channel.peak.size", "jobs")).isEqualTo(stats.peakSize()).isBetween(1.0, 16.0);
        assertThat(gauge("conduit.channel.unfinished.tasks", "jobs")).isZero();
        assertThat(counter("conduit.channel.put.blocked", "jobs"))
                .isCloseTo(stats.putBlockedNanos() / 1e9, within(1e-12));
        assertThat(counter("conduit.channel.take.starved", "jobs"))
                .isCloseTo(stats.takeStarvedNanos() / 1e9, within(1e-12));
        // every meter carries both tags
        assertThat(registry.getMeters()).filteredOn(m -> m.getId().getName().startsWith("conduit.channel."))
                .hasSize(9)
                .allSatisfy(m -> assertThat(m.getId().getTags()).extracting(t -> t.getKey() + "=" + t.getValue())
                        .contains("channel=jobs", "app=test"));

        // the gauges follow the channel as it changes
        for (int i = 0; i < 5; i++) {
            jobs.put(i);
        }
        assertThat(gauge("conduit.channel.size", "jobs")).isEqualTo(5);
        assertThat(gauge("conduit.channel.unfinished.tasks", "jobs")).isEqualTo(5);
        assertThat(counter("conduit.channel.sent", "jobs")).isEqualTo(total + 5);
    }

    @Test
    void aDroppingChannelCountsItsDrops() {
        Channel<Integer> latest = Channel.<Integer>builder().name("latest").capacity(4).onFull(Overflow.DROP_OLDEST)
                .build();
        new ChannelMetrics(latest).bindTo(registry);
        for (int i = 0; i < 10; i++) {
            assertThat(latest.offer(i)).isTrue();
        }
        assertThat(counter("conduit.channel.sent", "latest")).isEqualTo(10);
        assertThat(counter("conduit.channel.dropped", "latest")).isEqualTo(6);
        assertThat(gauge("conduit.channel.size", "latest")).isEqualTo(4);
        assertThat(latest.cancel()).containsExactly(6, 7, 8, 9);
        assertThat(counter("conduit.channel.dropped", "latest")).isEqualTo(10);
        assertThat(gauge("conduit.channel.size", "latest")).isZero();
    }

    @Test
    void aBlockedPutAndAStarvedTakeShowUpAsSeconds() throws InterruptedException {
        Channel<String> handoff = Channel.<String>builder().name("handoff").capacity(1).build();
        new ChannelMetrics(handoff).bindTo(registry);

        AtomicReference<String> got = new AtomicReference<>();
        Thread taker = Thread.ofPlatform().start(() -> {
            try {
                got.set(handoff.take());
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        });
        await().atMost(PATIENCE).until(() -> taker.getState() == Thread.State.WAITING);
        handoff.put("first");
        taker.join();
        assertThat(got).hasValue("first");
        assertThat(counter("conduit.channel.take.starved", "handoff")).isPositive()
                .isCloseTo(handoff.stats().takeStarvedNanos() / 1e9, within(1e-12));

        handoff.put("fills it");
        Thread putter = Thread.ofPlatform().start(() -> {
            try {
                handoff.put("waits");
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        });
        await().atMost(PATIENCE).until(() -> putter.getState() == Thread.State.WAITING);
        assertThat(handoff.take()).isEqualTo("fills it");
        putter.join();
        assertThat(counter("conduit.channel.put.blocked", "handoff")).isPositive()
                .isCloseTo(handoff.stats().putBlockedNanos() / 1e9, within(1e-12));
        assertThat(counter("conduit.channel.received", "handoff")).isEqualTo(2);
    }

    @Test
    void anUnboundedChannelHasNoCapacityGaugeARendezvousHasZero() {
        new ChannelMetrics(Channel.<String>builder().name("open-ended").unbounded().build()).bindTo(registry);
        new ChannelMetrics(Channel.<String>builder().name("meet").capacity(0).build()).bindTo(registry);
        assertThat(registry.find("conduit.channel.capacity").tag("channel", "open-ended").meters()).isEmpty();
        assertThat(registry.find("conduit.channel.size").tag("channel", "open-ended").meters()).hasSize(1);
        assertThat(gauge("conduit.channel.capacity", "meet")).isZero();
    }

    @Test
    void bindingTwiceRegistersEachMeterOnce() {
        Channel<String> ch = Channel.<String>builder().name("twice").build();
        new ChannelMetrics(ch).bindTo(registry);
        new ChannelMetrics(ch).bindTo(registry);
        assertThat(registry.getMeters()).extracting(Meter::getId).doesNotHaveDuplicates().hasSize(9);
    }

    @Test
    void nullsAreRefusedWithTheirName() {
        assertThatThrownBy(() -> new ChannelMetrics(null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("channel to measure");
        Channel<String> ch = Channel.bounded(2);
        assertThatThrownBy(() -> new ChannelMetrics(ch, null)).hasMessageContaining("tags");
        assertThatThrownBy(() -> new ChannelMetrics(ch).bindTo(null)).hasMessageContaining("registry");
    }
}
