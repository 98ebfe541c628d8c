package dev.conduit.pipeline.internal;

import dev.conduit.channel.ReceiveChannel;
import dev.conduit.pipeline.ErrorPolicy;
import dev.conduit.pipeline.ItemConsumer;
import dev.conduit.pipeline.ItemFunction;
import dev.conduit.pipeline.ItemGenerator;
import dev.conduit.pipeline.ItemPredicate;
import dev.conduit.workqueue.WorkQueue;

import java.util.Iterator;
import java.util.concurrent.Flow;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * One stage as the builder describes it: what it does and its options. Mutable while the builder
 * runs; the engine reads it once, at start.
 */
public final class StagePlan {
    /** Where a stage sits. */
    public enum Kind {
        /** Reads the pipeline's source. */
        SOURCE,
        /** Turns items into results. */
        TRANSFORM,
        /** Consumes items and emits nothing. */
        SINK
    }

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
    /** Whether the stage keeps items until its input ends (a batch): such a stage cannot be in a loop. */
    boolean holdsUntilEnd;
    /** A loop's seeds ({@link #loopSource}); {@code null} for every other stage. */
    Iterable<?> seeds;

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

    /** @return a source stage reading a fresh iterator of {@code items} on each run */
    public static StagePlan fromIterable(String name, Iterable<?> items) {
        return new StagePlan(name, Kind.SOURCE, 1, StageLogics.identity(),
                () -> new IteratorInlet(items.iterator()), true);
    }

    /**
     * @return the source of a loop ({@code Pipeline.loop}): it reads a fresh iterator of {@code seeds}
     *         on each run and the items fed back; the engine makes its inlet, which needs the run's {@link Loop}
     */
    public static StagePlan loopSource(String name, Iterable<?> seeds) {
        StagePlan plan = new StagePlan(name, Kind.SOURCE, 1, StageLogics.identity(), null, true);
        plan.seeds = seeds;
        return plan;
    }

    /** @return a source stage reading {@code items}; a second run fails: a stream is consumed once */
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

    /** @return a source stage taking from {@code channel} until it is closed and drained */
    @SuppressWarnings("unchecked")
    public static StagePlan fromChannel(String name, ReceiveChannel<?> channel) {
        ReceiveChannel<Object> c = (ReceiveChannel<Object>) channel;
        return new StagePlan(name, Kind.SOURCE, 1, StageLogics.identity(), () -> new ChannelInlet(c), true);
    }

    /** @return a source stage taking deliveries from {@code queue}, each settled when the pipeline is done with its item */
    public static StagePlan fromQueue(String name, WorkQueue<?> queue) {
        return new StagePlan(name, Kind.SOURCE, 1, StageLogics.identity(), () -> new QueueInlet(queue), true);
    }

    /**
     * @return a source stage that subscribes to {@code publisher} afresh on each run, and reads what
     *         it sends until it completes (a failure fails the run)
     */
    public static StagePlan fromPublisher(String name, Flow.Publisher<?> publisher) {
        return new StagePlan(name, Kind.SOURCE, 1, StageLogics.identity(), () -> new PublisherInlet(publisher), true);
    }

    /** @return a source stage calling {@code generator} until it returns {@code null} */
    public static StagePlan fromGenerator(String name, ItemGenerator<?> generator) {
        return new StagePlan(name, Kind.SOURCE, 1, StageLogics.identity(), () -> new GeneratorInlet(generator), true);
    }

    // ---------------------------------------------------------------- stages

    /** @return a stage emitting {@code fn}'s result for each item; bad name or workers throw IllegalArgumentException */
    public static StagePlan map(String name, int workers, ItemFunction<?, ?> fn) {
        return new StagePlan(name, Kind.TRANSFORM, workers, StageLogics.map(name, fn), null, false);
    }

    /** @return a stage emitting every element of {@code fn}'s result for each item */
    public static StagePlan flatMap(String name, int workers, ItemFunction<?, ? extends Iterable<?>> fn) {
        return new StagePlan(name, Kind.TRANSFORM, workers, StageLogics.flatMap(name, fn), null, false);
    }

    /** @return a stage emitting the items {@code predicate} accepts */
    public static StagePlan filter(String name, int workers, ItemPredicate<?> predicate) {
        return new StagePlan(name, Kind.TRANSFORM, workers, StageLogics.filter(predicate), null, false);
    }

    /** @return a stage running {@code action} on each item and emitting it unchanged */
    public static StagePlan peek(String name, int workers, ItemConsumer<?> action) {
        return new StagePlan(name, Kind.TRANSFORM, workers, StageLogics.peek(action), null, false);
    }

    /** @return a one-worker stage emitting lists of {@code size} items; the last may be shorter */
    public static StagePlan batch(String name, int size) {
        if (size < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, was " + size);
        }
        StagePlan plan = new StagePlan(name, Kind.TRANSFORM, 1, StageLogics.batch(size), null, true);
        plan.holdsUntilEnd = true;
        return plan;
    }

    /** @return a stage running {@code action} on each item and emitting nothing */
    public static StagePlan sink(String name, int workers, ItemConsumer<?> action) {
        return new StagePlan(name, Kind.SINK, workers, StageLogics.sink(action), null, false);
    }

    // ---------------------------------------------------------------- options

    /** @return the stage's name */
    public String name() {
        return name;
    }

    /** @return whether the stage is the source, a transform or a sink */
    public Kind kind() {
        return kind;
    }

    /** Runs the stage's workers on virtual threads ({@code true}) or platform threads. */
    public void virtualThreads(boolean virtual) {
        this.virtualThreads = virtual;
    }

    /** Makes the stage emit in input order; throws IllegalStateException for the source. */
    public void ordered() {
        if (kind == Kind.SOURCE) {
            throw new IllegalStateException("ordered() applies to a stage with workers; the source '" + name
                    + "' is always in order");
        }
        this.ordered = true;
    }

    /** Sets the capacity of the stage's output channel; throws for a capacity below 1 or a sink. */
    public void buffer(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("buffer of stage '" + name + "' must be at least 1, was " + capacity);
        }
        if (kind == Kind.SINK) {
            throw new IllegalStateException("stage '" + name + "' is a sink: it has no output buffer");
        }
        this.buffer = capacity;
    }

    /** Sets the stage's error policy; throws IllegalArgumentException for {@code null}. */
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
        c.seeds = seeds;
        c.holdsUntilEnd = holdsUntilEnd;
        return c;
    }
}
