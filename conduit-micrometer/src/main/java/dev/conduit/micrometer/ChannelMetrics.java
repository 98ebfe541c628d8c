package dev.conduit.micrometer;

import dev.conduit.channel.Channel;
import dev.conduit.channel.ChannelStats;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;

import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * Meters for one channel, tagged {@code channel=<name>} plus the tags given:
 *
 * <table>
 *   <caption>Meters</caption>
 *   <tr><th>name</th><th>type</th><th>unit</th><th>what</th></tr>
 *   <tr><td>{@code conduit.channel.size}</td><td>gauge</td><td>items</td><td>items buffered now</td></tr>
 *   <tr><td>{@code conduit.channel.peak.size}</td><td>gauge</td><td>items</td><td>the most items ever buffered at once</td></tr>
 *   <tr><td>{@code conduit.channel.capacity}</td><td>gauge</td><td>items</td><td>the bound (bounded and rendezvous channels only)</td></tr>
 *   <tr><td>{@code conduit.channel.unfinished.tasks}</td><td>gauge</td><td>tasks</td><td>items sent and not yet marked done ({@link Channel#unfinishedTasks()})</td></tr>
 *   <tr><td>{@code conduit.channel.sent}</td><td>counter</td><td>items</td><td>items accepted by a send, including ones later dropped</td></tr>
 *   <tr><td>{@code conduit.channel.received}</td><td>counter</td><td>items</td><td>items handed to receivers</td></tr>
 *   <tr><td>{@code conduit.channel.dropped}</td><td>counter</td><td>items</td><td>items dropped by the overflow policy or removed by cancel</td></tr>
 *   <tr><td>{@code conduit.channel.put.blocked}</td><td>counter</td><td>seconds</td><td>time senders spent waiting for room, summed over senders</td></tr>
 *   <tr><td>{@code conduit.channel.take.starved}</td><td>counter</td><td>seconds</td><td>time receivers spent waiting for an item, summed over receivers</td></tr>
 * </table>
 *
 * <p>Each meter reads {@link Channel#stats()} (or {@link Channel#size()}) when the registry polls
 * it; nothing is added to the channel's sends and receives. A wait is added to the blocked or
 * starved counter when it ends (see {@link ChannelStats}), so a long wait shows up at once when
 * it is over. The meters hold the channel weakly.
 *
 * <p>Thread-safety: the binder may be bound from any thread, to any number of registries; the
 * meters may be read from any thread while the channel is in use.
 */
public final class ChannelMetrics implements MeterBinder {
    private final Channel<?> channel;
    private final Tags tags;

    /**
     * Meters for {@code channel}, tagged with its name only.
     *
     * @param channel the channel to measure
     * @throws NullPointerException if {@code channel} is {@code null}
     */
    public ChannelMetrics(Channel<?> channel) {
        this(channel, Tags.empty());
    }

    /**
     * Meters for {@code channel}, tagged with its name and {@code tags}.
     *
     * @param channel the channel to measure
     * @param tags    more tags for every meter (for example the application's component)
     * @throws NullPointerException if {@code channel} or {@code tags} is {@code null}
     */
    public ChannelMetrics(Channel<?> channel, Iterable<Tag> tags) {
        this.channel = Objects.requireNonNull(channel, "channel to measure must not be null");
        this.tags = Tags.concat(Objects.requireNonNull(tags, "tags must not be null (use Tags.empty())"),
                "channel", channel.name());
    }

    /**
     * Registers the channel's meters with {@code registry}. Binding the same channel twice to one
     * registry registers each meter once (Micrometer returns the existing meter).
     *
     * @param registry the registry to register with
     */
    @Override
    public void bindTo(MeterRegistry registry) {
        Objects.requireNonNull(registry, "registry must not be null");
        Gauge.builder("conduit.channel.size", channel, Channel::size).tags(tags)
                .description("Items buffered in the channel now").baseUnit("items").register(registry);
        gauge(registry, "conduit.channel.peak.size", "The most items the channel ever buffered at once", "items",
                c -> c.stats().peakSize());
        if (channel.capacity() != Integer.MAX_VALUE) {
            gauge(registry, "conduit.channel.capacity", "The channel's bound", "items", Channel::capacity);
        }
        gauge(registry, "conduit.channel.unfinished.tasks", "Items sent to the channel and not yet marked done",
                "tasks", Channel::unfinishedTasks);
        counter(registry, "conduit.channel.sent", "Items accepted by a send, including ones later dropped", "items",
                c -> c.stats().sent());
        counter(registry, "conduit.channel.received", "Items handed to receivers", "items",
                c -> c.stats().received());
        counter(registry, "conduit.channel.dropped", "Items dropped by the overflow policy or removed by cancel",
                "items", c -> c.stats().dropped());
        counter(registry, "conduit.channel.put.blocked", "Time senders spent waiting for room, summed over senders",
                "seconds", c -> seconds(c.stats().putBlockedNanos()));
        counter(registry, "conduit.channel.take.starved",
                "Time receivers spent waiting for an item, summed over receivers", "seconds",
                c -> seconds(c.stats().takeStarvedNanos()));
    }

    private void gauge(MeterRegistry registry, String name, String description, String unit,
                       ToDoubleFunction<Channel<?>> value) {
        Gauge.builder(name, channel, value).tags(tags).description(description).baseUnit(unit).register(registry);
    }

    private void counter(MeterRegistry registry, String name, String description, String unit,
                         ToDoubleFunction<Channel<?>> value) {
        FunctionCounter.builder(name, channel, value).tags(tags).description(description).baseUnit(unit)
                .register(registry);
    }

    static double seconds(long nanos) {
        return (double) nanos / TimeUnit.SECONDS.toNanos(1);
    }
}
