package dev.conduit.pipeline.internal;

import dev.conduit.channel.Channel;
import dev.conduit.pipeline.ErrorPolicy;
import dev.conduit.pipeline.ItemConsumer;
import dev.conduit.pipeline.ItemFunction;
import dev.conduit.pipeline.ItemGenerator;
import dev.conduit.pipeline.ItemPredicate;

import java.util.Iterator;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * One stage as the builder describes it: what it does and its options. Mutable while the builder
 * runs; the engine reads it once, at start.
 */
public final class StagePlan {
    /** Where a stage sits: it reads the source, transforms, or consumes. */
    public enum Kind { SOURCE, TRANSFORM, SINK }

    final String name;
    final Kind kind;
    final Supplier<StageLogic> logic;
    final Supplier<Inlet> source;
    final boolean singleWorker;
    int workers;
    boolean virtualThreads;
    boolean ordered;
    int buffer;
    ErrorPolicy policy;

    private StagePlan(String name, Kind kind, int workers, Supplier<StageLogic> logic, Supplier<Inlet> source,
                      boolean singleWorker) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("stage name must not be null or blank");
        }
        if (workers < 1) {
            throw new IllegalArgumentException("stage '" + name + "' needs at least 1 worker, was " + workers);
        }
        this.name = name;
        this.kind = kind;
        this.workers = workers;
        this.logic = logic;
        this.source = source;
        this.singleWorker = singleWorker;
    }

    // ---------------------------------------------------------------- sources

    public static StagePlan fromIterable(String name, Iterable<?> items) {
        return new StagePlan(name, Kind.SOURCE, 1, StageLogics.identity(),
                () -> new IteratorInlet(items.iterator()), true);
    }

    public static StagePlan fromStream(String name, Stream<?> items) {
        Iterator<?> once = items.iterator();
        boolean[] used = {false};
        return new StagePlan(name, Kind.SOURCE, 1, StageLogics.identity(), () -> {
            if (used[0]) {
                throw new IllegalStateException("a pipeline from a Stream can run only once: the stream is consumed");
            }
            used[0] = true;
            return new IteratorInlet(once);
        }, true);
    }

    @SuppressWarnings("unchecked")
    public static StagePlan fromChannel(String name, Channel<?> channel) {
        Channel<Object> c = (Channel<Object>) channel;
        return new StagePlan(name, Kind.SOURCE, 1, StageLogics.identity(), () -> new ChannelInlet(c), true);
    }

    public static StagePlan fromGenerator(String name, ItemGenerator<?> generator) {
        return new StagePlan(name, Kind.SOURCE, 1, StageLogics.identity(), () -> new GeneratorInlet(generator), true);
    }

    // ---------------------------------------------------------------- stages

    public static StagePlan map(String name, int workers, ItemFunction<?, ?> fn) {
        return new StagePlan(name, Kind.TRANSFORM, workers, StageLogics.map(name, fn), null, false);
    }

    public static StagePlan flatMap(String name, int workers, ItemFunction<?, ? extends Iterable<?>> fn) {
        return new StagePlan(name, Kind.TRANSFORM, workers, StageLogics.flatMap(name, fn), null, false);
    }

    public static StagePlan filter(String name, int workers, ItemPredicate<?> predicate) {
        return new StagePlan(name, Kind.TRANSFORM, workers, StageLogics.filter(predicate), null, false);
    }

    public static StagePlan peek(String name, int workers, ItemConsumer<?> action) {
        return new StagePlan(name, Kind.TRANSFORM, workers, StageLogics.peek(action), null, false);
    }

    public static StagePlan batch(String name, int size) {
        if (size < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, was " + size);
        }
        return new StagePlan(name, Kind.TRANSFORM, 1, StageLogics.batch(size), null, true);
    }

    public static StagePlan sink(String name, int workers, ItemConsumer<?> action) {
        return new StagePlan(name, Kind.SINK, workers, StageLogics.sink(action), null, false);
    }

    // ---------------------------------------------------------------- options

    public String name() {
        return name;
    }

    public Kind kind() {
        return kind;
    }

    public void virtualThreads(boolean virtual) {
        this.virtualThreads = virtual;
    }

    public void ordered() {
        if (kind == Kind.SOURCE) {
            throw new IllegalStateException("ordered() applies to a stage with workers; the source '" + name
                    + "' is always in order");
        }
        this.ordered = true;
    }

    public void buffer(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("buffer of stage '" + name + "' must be at least 1, was " + capacity);
        }
        if (kind == Kind.SINK) {
            throw new IllegalStateException("stage '" + name + "' is a sink: it has no output buffer");
        }
        this.buffer = capacity;
    }

    public void policy(ErrorPolicy policy) {
        if (policy == null) {
            throw new IllegalArgumentException("error policy of stage '" + name + "' must not be null");
        }
        this.policy = policy;
    }

    StagePlan copy() {
        StagePlan c = new StagePlan(name, kind, workers, logic, source, singleWorker);
        c.virtualThreads = virtualThreads;
        c.ordered = ordered;
        c.buffer = buffer;
        c.policy = policy;
        return c;
    }
}
