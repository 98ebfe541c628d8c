package dev.conduit.pipeline.internal;

import dev.conduit.channel.SendChannel;
import dev.conduit.pipeline.ErrorPolicy;
import dev.conduit.pipeline.RunningPipeline;
import dev.conduit.pipeline.StallReport;
import dev.conduit.workqueue.WorkQueue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Flow;
import java.util.concurrent.ThreadFactory;
import java.util.function.Consumer;

/**
 * A whole pipeline as the builder describes it: its stages in flow order (the source first) and the
 * pipeline-wide options. Not thread-safe; {@link #start()} copies it, so a plan can be started again.
 */
public final class PipelinePlan {
    /** Buffer between stages when none is given: room for bursts, small enough to bound memory. */
    public static final int DEFAULT_BUFFER = 256;

    /** Items per hand-off into a one-worker stage when none is given (see {@code Pipeline.handoffBatch}). */
    public static final int DEFAULT_HANDOFF_BATCH = 64;

    final List<StagePlan> stages = new ArrayList<>();
    private final Set<String> names = new HashSet<>();
    String name = "pipeline";
    ErrorPolicy defaultPolicy = ErrorPolicy.failFast();
    int defaultBuffer = DEFAULT_BUFFER;
    int handoffBatch = DEFAULT_HANDOFF_BATCH;
    Duration timeout;
    Duration stallTimeout;
    Consumer<StallReport> onStall;
    SendChannel<Object> into;
    /** Each run's results go to this subscriber, through a channel of the run's own. */
    Flow.Subscriber<Object> intoSubscriber;
    /** Makes the platform threads of the stages and the monitor; {@code null} for new ones. */
    ThreadFactory threadFactory;
    /** Whether the last stage's results go back to the source ({@link #loopBack()}). */
    boolean loops;
    WorkQueue<Object> intoQueue;

    /** Starts a plan with its source stage. */
    public PipelinePlan(StagePlan source) {
        add(source);
    }

    /** Adds a stage after the last one; its name must be new. */
    public void add(StagePlan stage) {
        if (loops) {
            throw new IllegalStateException("pipeline '" + name + "' is a loop: its last stage '" + last().name
                    + "' feeds the source; cannot add stage '" + stage.name + "' after it");
        }
        if (isTerminated()) {
            throw new IllegalStateException("pipeline '" + name + "' already ends in " + ending()
                    + "; cannot add stage '" + stage.name + "' after it");
        }
        if (!names.add(stage.name)) {
            throw new IllegalArgumentException("pipeline '" + name + "' already has a stage named '" + stage.name
                    + "'; stage names must be unique");
        }
        stages.add(stage);
    }

    /** @return a name not used yet, {@code base} or {@code base-2}, {@code base-3}, ... */
    public String freshName(String base) {
        if (!names.contains(base)) {
            return base;
        }
        for (int i = 2; ; i++) {
            if (!names.contains(base + "-" + i)) {
                return base + "-" + i;
            }
        }
    }

    /** @return the stage added last (the source if none), which stage options apply to */
    public StagePlan last() {
        return stages.get(stages.size() - 1);
    }

    /** Names the pipeline; throws IllegalArgumentException if blank. */
    public void name(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("pipeline name must not be null or blank");
        }
        this.name = name;
    }

    /** Sets the error policy of stages that set none. */
    public void defaultPolicy(ErrorPolicy policy) {
        if (policy == null) {
            throw new IllegalArgumentException("default error policy must not be null");
        }
        this.defaultPolicy = policy;
    }

    /** Sets the capacity of channels whose stage sets none. */
    public void defaultBuffer(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("default buffer must be at least 1, was " + capacity);
        }
        this.defaultBuffer = capacity;
    }

    /** Sets the largest hand-off batch into one-worker stages; 1 turns batching off. */
    public void handoffBatch(int items) {
        if (items < 1) {
            throw new IllegalArgumentException("hand-off batch must be at least 1 item, was " + items);
        }
        this.handoffBatch = items;
    }

    /** Sets the run's timeout; throws IllegalArgumentException unless positive. */
    public void timeout(Duration timeout) {
        this.timeout = positive("timeout", timeout);
    }

    /** Turns on the stall watchdog with its handler. */
    public void stallTimeout(Duration timeout, Consumer<StallReport> onStall) {
        this.stallTimeout = positive("stall timeout", timeout);
        if (onStall == null) {
            throw new IllegalArgumentException("stall handler must not be null");
        }
        this.onStall = onStall;
    }

    /** Makes every platform thread of a run with {@code factory}; throws IllegalArgumentException for {@code null}. */
    public void threadFactory(ThreadFactory factory) {
        if (factory == null) {
            throw new IllegalArgumentException("thread factory must not be null");
        }
        this.threadFactory = factory;
    }

    /** Ends the pipeline in {@code channel}; throws IllegalStateException if it already ends. */
    @SuppressWarnings("unchecked")
    public void into(SendChannel<?> channel) {
        if (channel == null) {
            throw new IllegalArgumentException("output channel must not be null");
        }
        if (isTerminated()) {
            throw new IllegalStateException("pipeline '" + name + "' already ends in " + ending());
        }
        this.into = (SendChannel<Object>) channel;
    }

    /** Ends the pipeline in {@code subscriber}, subscribed anew by each run; throws IllegalStateException if it already ends. */
    @SuppressWarnings("unchecked")
    public void into(Flow.Subscriber<?> subscriber) {
        if (subscriber == null) {
            throw new IllegalArgumentException("output subscriber must not be null");
        }
        if (isTerminated()) {
            throw new IllegalStateException("pipeline '" + name + "' already ends in " + ending());
        }
        this.intoSubscriber = (Flow.Subscriber<Object>) subscriber;
    }

    /** @return {@code true} if the pipeline ends in a sink, a channel or a queue, or loops back */
    public boolean isTerminated() {
        return loops || into != null || intoSubscriber != null || intoQueue != null
                || (!stages.isEmpty() && last().kind == StagePlan.Kind.SINK);
    }

    /**
     * Sends the last stage's results back to the source (which must be a {@link StagePlan#loopSource}).
     *
     * @throws IllegalArgumentException if the loop has no stage besides the source, ends in a sink or
     *                                  a channel, or holds a stage that keeps items until its input
     *                                  ends (which in a loop never comes)
     */
    public void loopBack() {
        if (stages.get(0).seeds == null) {
            throw new IllegalStateException("only a pipeline made by Pipeline.loop can loop back");
        }
        if (loops) {
            throw new IllegalStateException("pipeline '" + name + "' already loops back");
        }
        if (stages.size() < 2) {
            throw new IllegalArgumentException("a loop needs at least one stage besides its source, or it would"
                    + " feed its items back to itself for ever");
        }
        if (isTerminated()) {
            throw new IllegalArgumentException("the loop's last stage must give results to feed back; it ends in "
                    + ending());
        }
        for (StagePlan s : stages) {
            if (s.holdsUntilEnd) {
                throw new IllegalArgumentException("stage '" + s.name + "' keeps items until its input ends,"
                        + " which in a loop comes only once every item is done: it cannot be in a loop");
            }
        }
        loops = true;
    }

    /** Ends the pipeline in {@code queue}; throws IllegalStateException if it already ends. */
    @SuppressWarnings("unchecked")
    public void into(WorkQueue<?> queue) {
        if (queue == null) {
            throw new IllegalArgumentException("output queue must not be null");
        }
        if (isTerminated()) {
            throw new IllegalStateException("pipeline '" + name + "' already ends in " + ending());
        }
        this.intoQueue = (WorkQueue<Object>) queue;
    }

    private String ending() {
        return loops ? "a loop back to '" + stages.get(0).name + "'"
                : into != null ? "channel '" + into.name() + "'"
                : intoSubscriber != null ? "subscriber " + intoSubscriber
                : intoQueue != null ? "queue '" + intoQueue.name() + "'" : "sink '" + last().name + "'";
    }

    /** Starts a run of a copy of this plan. */
    public <T> RunningPipeline<T> start() {
        PipelineEngine<T> run = new PipelineEngine<>(this);
        if (intoSubscriber != null) {
            // Subscribed once the run is whole: the subscriber may cancel it from its onSubscribe.
            SubscriberOutput.subscribe(run, intoSubscriber);
        }
        return run;
    }

    private static Duration positive(String what, Duration d) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(what + " must be positive, was " + d);
        }
        return d;
    }
}
