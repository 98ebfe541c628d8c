package dev.conduit.pipeline;

import dev.conduit.channel.Channel;
import dev.conduit.channel.ReceiveChannel;
import dev.conduit.channel.SendChannel;
import dev.conduit.pipeline.internal.PipelinePlan;
import dev.conduit.pipeline.internal.StagePlan;
import dev.conduit.workqueue.WorkQueue;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Flow;
import java.util.concurrent.ThreadFactory;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * A fluent, typed builder of pipelines: a source, stages that run in parallel worker threads and
 * talk through bounded {@link Channel}s, and a sink.
 *
 * <pre>{@code
 * PipelineResult<Void> result = Pipeline.from(urls)
 *         .map("download", 16, http::get).virtualThreads().onError(ErrorPolicy.retry(2, Duration.ofMillis(100)).thenSkip())
 *         .filter("non-empty", 1, page -> page.length() > 0)
 *         .to("save", 2, store::save)
 *         .run();
 * System.out.print(result.report());   // per-stage busy/starved/blocked, channel fill, the bottleneck
 * }</pre>
 *
 * <h2>How it runs</h2>
 * Each stage has its own workers (1 unless given) taking items from the channel before it and
 * putting results into the channel after it. Channels are bounded ({@link #buffer(int)}, default
 * {@value PipelinePlan#DEFAULT_BUFFER}), so a fast stage waits for a slow one instead of filling
 * memory: at most the sum of the buffers plus one item per worker (plus a partial {@link #batch}, and
 * the hand-off batches of {@link #handoffBatch}) is in flight. End of stream travels by closing channels: when the source is exhausted, each stage
 * finishes its items and closes its output; nobody writes a sentinel. Errors follow the stage's
 * {@link ErrorPolicy} (default {@link ErrorPolicy#failFast()}) and never vanish.
 *
 * <h2>Options</h2>
 * Stage options ({@link #buffer}, {@link #virtualThreads}, {@link #ordered}, {@link #onError}) apply
 * to the stage added last (the source if none was added yet). Pipeline options ({@link #name},
 * {@link #defaultErrorPolicy}, {@link #defaultBuffer}, {@link #handoffBatch}, {@link #timeout},
 * {@link #stallTimeout}) apply
 * to the whole pipeline wherever they are called.
 *
 * <h2>Threads</h2>
 * The builder is not thread-safe: build on one thread. Each method returns a builder over the same
 * plan (the returned object may be this one under a new type), so build in one chain. {@link #start()}
 * copies the plan, so one builder can be run several times (except over a {@code Stream}, which can
 * be consumed once). Builder methods never block; {@link #run()} and {@link #toList()} block until
 * the run ends.
 *
 * @param <T> the type of the items that come out of the last stage so far
 */
public final class Pipeline<T> {
    private final PipelinePlan plan;

    private Pipeline(PipelinePlan plan) {
        this.plan = plan;
    }

    // ---------------------------------------------------------------- sources

    /**
     * Starts a pipeline whose source reads an {@code Iterable}, from one thread, in order.
     *
     * @param items the items; none may be {@code null}
     * @param <T>   the item type
     * @return the builder
     */
    public static <T> Pipeline<T> from(Iterable<? extends T> items) {
        Objects.requireNonNull(items, "source items");
        return new Pipeline<>(new PipelinePlan(StagePlan.fromIterable("source", items)));
    }

    /**
     * Starts a pipeline whose source reads a {@code Stream}, from one thread, in encounter order. The
     * stream is consumed by the first run.
     *
     * @param items the items; none may be {@code null}
     * @param <T>   the item type
     * @return the builder
     */
    public static <T> Pipeline<T> from(Stream<? extends T> items) {
        Objects.requireNonNull(items, "source stream");
        return new Pipeline<>(new PipelinePlan(StagePlan.fromStream("source", items)));
    }

    /**
     * Starts a pipeline whose source takes items from a channel until it is closed and drained. A
     * channel closed with a cause fails the run with that cause. Cancelling the run does not cancel
     * this channel: items still in it stay there for its owner.
     *
     * @param channel the channel to read, or its {@linkplain Channel#receiveOnly() receiving end}
     * @param <T>     the item type
     * @return the builder
     */
    public static <T> Pipeline<T> from(ReceiveChannel<? extends T> channel) {
        Objects.requireNonNull(channel, "source channel");
        return new Pipeline<>(new PipelinePlan(StagePlan.fromChannel("source", channel)));
    }

    /**
     * Starts a pipeline whose source takes deliveries from a work queue, possibly shared with other
     * processes and machines. Each item is settled only once the pipeline is done with it: done
     * when its last result has left the last stage (emitted into the output channel or queue,
     * collected, or consumed by the sink) or a stage dropped it; dead, with the failure's message as
     * the reason, when a stage skipped it ({@link ErrorPolicy#skip()}); released for redelivery when the
     * run did not finish it (a cancel, a timeout, a fail-fast failure). Meanwhile the run keeps the
     * leases of the deliveries it holds alive, however long an item takes; a process that dies stops
     * keeping them, and its items come back to other workers after one lease.
     *
     * <p>The input ends when the queue is closed, nothing is queued and nothing is in flight except
     * this run's own deliveries (so that a stage holding items until the end, like
     * {@link #batch(int)}, can finish them); a cancelled queue ends it too. Cancelling the run does
     * not close the queue.
     *
     * @param queue the queue to read
     * @param <T>   the item type
     * @return the builder
     */
    public static <T> Pipeline<T> from(WorkQueue<? extends T> queue) {
        Objects.requireNonNull(queue, "source queue");
        return new Pipeline<>(new PipelinePlan(StagePlan.fromQueue("source", queue)));
    }

    /**
     * Starts a pipeline whose source subscribes to a {@link Flow.Publisher} and reads what it sends,
     * with backpressure: the source requests items only as they find room in a buffer of
     * {@link Flow#defaultBufferSize()} items before the first stage, so a slow pipeline slows the
     * publisher down (see {@link dev.conduit.flow.ChannelSubscriber}). The publisher's
     * {@code onComplete} ends the input; its {@code onError(cause)} fails the run with that cause
     * (the run's failure is that very exception), after the items sent before it. If the run ends early (cancelled, timed out, failed fast) the
     * subscription is cancelled and the items received but not yet read are reported as not
     * processed.
     *
     * <p>Each run subscribes anew, on the source's worker thread as it starts reading, so a
     * publisher that serves one subscriber only can be run once.
     *
     * @param publisher where the items come from; it must not send {@code null} (rule 2.13)
     * @param <T>       the item type
     * @return the builder
     */
    public static <T> Pipeline<T> from(Flow.Publisher<? extends T> publisher) {
        Objects.requireNonNull(publisher, "source publisher");
        return new Pipeline<>(new PipelinePlan(StagePlan.fromPublisher("source", publisher)));
    }

    /**
     * Starts a pipeline whose source calls a generator until it returns {@code null}.
     *
     * @param generator produces the items, from one thread
     * @param <T>       the item type
     * @return the builder
     */
    public static <T> Pipeline<T> generate(ItemGenerator<? extends T> generator) {
        Objects.requireNonNull(generator, "source generator");
        return new Pipeline<>(new PipelinePlan(StagePlan.fromGenerator("source", generator)));
    }

    /**
     * Builds a pipeline that feeds its own input: the results of its last stage go back to its first,
     * with the seeds, until no item is queued or in flight anywhere. For work that finds more work: a
     * crawl whose pages give links to fetch, a graph search, a job that splits into sub-jobs.
     *
     * <pre>{@code
     * PipelineResult<Void> crawl = Pipeline.loop(List.of(start), (Pipeline<Url> urls) -> urls
     *         .filter("new", 1, seen::add)                     // each URL once
     *         .map("fetch", 8, http::get).virtualThreads()
     *         .flatMap("links", 2, page -> page.links()))      // back to "new"
     *         .run();
     * }</pre>
     *
     * <h4>How it runs and ends</h4>
     * The source stage (named {@code source}) hands the stages the items fed back first, then the
     * next seed, so that what waits is the loop's own growth rather than the seeds. An item is in
     * the loop from the moment it is read or fed back until it is dropped by a filter, skipped after
     * a failure, or has given its results to the next stage; the run completes when no seed is left
     * and no item is in the loop: in a channel, in a worker's hands, or in the channel back to the
     * source. The end then travels down the stages by closing their channels, as in any pipeline. A
     * loop without seeds completes at once; one whose stages always find more work runs until it is
     * cancelled or times out (and reports what it had in flight as not processed). The error
     * policies, {@link #timeout}, {@link #stallTimeout}, cancelling and the report work as in any
     * pipeline.
     *
     * <h4>Memory</h4>
     * The channels between the stages are bounded as usual, but the channel from the last stage
     * back to the source ({@code last->source}) is unbounded: with every channel of a ring bounded,
     * all its workers can wait for room at once and none can move. Memory therefore grows with the
     * items fed back and not yet taken (a crawl's frontier); make the loop's stages drop what was
     * seen before if the same items can come back.
     *
     * <p>{@code body} is called once, now, with the pipeline after the source; it adds the loop's
     * stages and returns the pipeline it was given. They must produce items the source takes (the
     * type says so), must not end in a sink or a channel, and cannot include {@link #batch} (a batch
     * waits for the end of its input, which in a loop comes only when every item is done). Pipeline
     * options ({@link #name}, {@link #timeout}, ...) may be set on the result; no stage may be added.
     *
     * @param seeds the first items; none may be {@code null}; read afresh by each run
     * @param body  adds the loop's stages
     * @param <T>   the type of the items that go round
     * @return the builder of the whole loop, producing nothing
     * @throws IllegalArgumentException if {@code body} returns another pipeline, adds no stage, ends
     *                                  in a sink or a channel, or adds a {@link #batch}
     */
    @SuppressWarnings("unchecked")
    public static <T> Pipeline<Void> loop(Iterable<? extends T> seeds,
                                          Function<? super Pipeline<T>, ? extends Pipeline<? extends T>> body) {
        Objects.requireNonNull(seeds, "loop seeds");
        Objects.requireNonNull(body, "loop body");
        PipelinePlan plan = new PipelinePlan(StagePlan.loopSource("source", seeds));
        Pipeline<? extends T> end = body.apply(new Pipeline<>(plan));
        if (end == null || end.plan != plan) {
            throw new IllegalArgumentException("the loop's body must return the pipeline it was given, with its stages added");
        }
        plan.loopBack();
        return (Pipeline<Void>) (Pipeline<?>) end;
    }

    // ---------------------------------------------------------------- stages

    /**
     * Adds a stage that turns each item into one result.
     *
     * @param name    the stage's name, unique in the pipeline (used in reports and thread names)
     * @param workers how many workers run {@code fn} at once, at least 1
     * @param fn      the work; thread-safe if {@code workers > 1}
     * @param <R>     the result type
     * @return the builder, now producing {@code R}
     * @throws IllegalArgumentException if the name is blank or taken, or {@code workers < 1}
     * @throws IllegalStateException    if the pipeline already ends in a sink
     */
    public <R> Pipeline<R> map(String name, int workers, ItemFunction<? super T, ? extends R> fn) {
        Objects.requireNonNull(fn, "map function");
        return add(StagePlan.map(name, workers, fn));
    }

    /**
     * Adds a one-worker stage named {@code map} (or {@code map-2}, ...) that turns each item into one result.
     *
     * @param fn  the work
     * @param <R> the result type
     * @return the builder, now producing {@code R}
     */
    public <R> Pipeline<R> map(ItemFunction<? super T, ? extends R> fn) {
        return map(plan.freshName("map"), 1, fn);
    }

    /**
     * Adds a stage that turns each item into zero or more results, emitted in the iterable's order.
     * An item's results are emitted only once its function returned, so a failed or retried item
     * emits nothing twice.
     *
     * @param name    the stage's name
     * @param workers how many workers, at least 1
     * @param fn      the work; the iterable and its elements must not be {@code null}
     * @param <R>     the result type
     * @return the builder, now producing {@code R}
     */
    public <R> Pipeline<R> flatMap(String name, int workers, ItemFunction<? super T, ? extends Iterable<? extends R>> fn) {
        Objects.requireNonNull(fn, "flatMap function");
        return add(StagePlan.flatMap(name, workers, fn));
    }

    /**
     * Adds a one-worker {@code flatMap} stage named {@code flatMap}.
     *
     * @param fn  the work
     * @param <R> the result type
     * @return the builder, now producing {@code R}
     */
    public <R> Pipeline<R> flatMap(ItemFunction<? super T, ? extends Iterable<? extends R>> fn) {
        return flatMap(plan.freshName("flatMap"), 1, fn);
    }

    /**
     * Adds a stage that keeps the items {@code predicate} accepts and drops the others (counted as in,
     * not out, in the statistics).
     *
     * @param name      the stage's name
     * @param workers   how many workers, at least 1
     * @param predicate the test
     * @return the builder
     */
    public Pipeline<T> filter(String name, int workers, ItemPredicate<? super T> predicate) {
        Objects.requireNonNull(predicate, "filter predicate");
        return add(StagePlan.filter(name, workers, predicate));
    }

    /**
     * Adds a one-worker filter stage named {@code filter}.
     *
     * @param predicate the test
     * @return the builder
     */
    public Pipeline<T> filter(ItemPredicate<? super T> predicate) {
        return filter(plan.freshName("filter"), 1, predicate);
    }

    /**
     * Adds a stage that does something with each item and passes it on unchanged.
     *
     * @param name    the stage's name
     * @param workers how many workers, at least 1
     * @param action  the side effect
     * @return the builder
     */
    public Pipeline<T> peek(String name, int workers, ItemConsumer<? super T> action) {
        Objects.requireNonNull(action, "peek action");
        return add(StagePlan.peek(name, workers, action));
    }

    /**
     * Adds a one-worker peek stage named {@code peek}.
     *
     * @param action the side effect
     * @return the builder
     */
    public Pipeline<T> peek(ItemConsumer<? super T> action) {
        return peek(plan.freshName("peek"), 1, action);
    }

    /**
     * Adds a one-worker stage named {@code batch} that groups consecutive items into unmodifiable
     * lists of {@code size}; the last list holds what is left and may be shorter.
     *
     * @param size the batch size, at least 1
     * @return the builder, now producing lists
     */
    public Pipeline<List<T>> batch(int size) {
        return add(StagePlan.batch(plan.freshName("batch"), size));
    }

    // ---------------------------------------------------------------- sinks

    /**
     * Ends the pipeline in a stage that consumes each item. Stage options after this apply to the sink.
     *
     * @param name     the sink's name
     * @param workers  how many workers, at least 1
     * @param consumer the work
     * @return the builder, producing nothing
     */
    public Pipeline<Void> to(String name, int workers, ItemConsumer<? super T> consumer) {
        Objects.requireNonNull(consumer, "sink consumer");
        return add(StagePlan.sink(name, workers, consumer));
    }

    /**
     * Ends the pipeline in a one-worker sink named {@code sink}.
     *
     * @param consumer the work
     * @return the builder, producing nothing
     */
    public Pipeline<Void> to(ItemConsumer<? super T> consumer) {
        return to(plan.freshName("sink"), 1, consumer);
    }

    /**
     * Ends the pipeline by putting the last stage's results into {@code channel}, waiting for room
     * (so a slow reader of the channel slows the pipeline down). When the run completes the channel is
     * closed; when it fails or is cancelled, it is closed with the cause (a
     * {@link java.util.concurrent.CancellationException} for a cancel or timeout), and what it holds
     * stays there for its reader.
     *
     * @param channel where the results go, or its {@linkplain Channel#sendOnly() sending end}
     * @return the builder, producing nothing
     */
    @SuppressWarnings("unchecked")
    public Pipeline<Void> into(SendChannel<? super T> channel) {
        plan.into(channel);
        return (Pipeline<Void>) (Pipeline<?>) this;
    }

    /**
     * Ends the pipeline in a {@link Flow.Subscriber}: each run subscribes it to the run's results
     * (through a channel of the run's own, of the {@linkplain #defaultBuffer default buffer}'s
     * capacity, read by a {@link dev.conduit.flow.ChannelPublisher}), so the last stage puts
     * results only as fast as the subscriber requests them. The subscriber gets
     * {@code onSubscribe} once the run has started, on a thread of its own, then:
     * <ul>
     *   <li>{@code onComplete} after the last result, when the run completes;</li>
     *   <li>the results already made, then {@code onError(cause)}, when the run fails (its first
     *       failure), times out or is cancelled (a {@link java.util.concurrent.CancellationException}),
     *       or cannot start.</li>
     * </ul>
     * Cancelling the subscription cancels the run ({@link PipelineStatus#CANCELLED}), unless it has
     * ended: the results the subscriber will not take are then reported as not processed.
     *
     * <p>A subscriber serves one subscription (rule 2.5), so give a pipeline that runs more than
     * once a subscriber that can be subscribed again, or build it anew for each run.
     *
     * @param subscriber where the results go
     * @return the builder, producing nothing
     */
    @SuppressWarnings("unchecked")
    public Pipeline<Void> into(Flow.Subscriber<? super T> subscriber) {
        Objects.requireNonNull(subscriber, "output subscriber");
        plan.into(subscriber);
        return (Pipeline<Void>) (Pipeline<?>) this;
    }

    /**
     * Ends the pipeline by putting the last stage's results into a work queue; each {@code put}
     * returns once the queue's store has the result (waiting while a bounded queue is full), and only
     * then is the item it came from settled, if it came from a queue. The queue is not closed when
     * the run ends: other processes may still be putting; close it when the last producer is done.
     *
     * @param queue where the results go
     * @return the builder, producing nothing
     */
    @SuppressWarnings("unchecked")
    public Pipeline<Void> into(WorkQueue<? super T> queue) {
        plan.into(queue);
        return (Pipeline<Void>) (Pipeline<?>) this;
    }

    // ---------------------------------------------------------------- stage options

    /**
     * Sets the capacity of the channel after the last stage added (the buffer between it and the next).
     *
     * @param capacity items, at least 1
     * @return this builder
     * @throws IllegalStateException if the last stage is a sink
     */
    public Pipeline<T> buffer(int capacity) {
        plan.last().buffer(capacity);
        return this;
    }

    /**
     * Runs the last stage's workers on virtual threads: for stages that mostly wait (network, disk),
     * where thousands of workers are cheap.
     *
     * @return this builder
     */
    public Pipeline<T> virtualThreads() {
        plan.last().virtualThreads(true);
        return this;
    }

    /**
     * Makes the last stage emit its results in the order its items arrived, even with several workers
     * and items that take different times. A finished item waits for the ones before it, so one slow
     * item holds up the stage's output; memory stays bounded by the number of workers.
     *
     * @return this builder
     * @throws IllegalStateException if the last stage is the source (always in order)
     */
    public Pipeline<T> ordered() {
        plan.last().ordered();
        return this;
    }

    /**
     * Sets the error policy of the last stage added.
     *
     * @param policy what to do when the stage's function throws
     * @return this builder
     */
    public Pipeline<T> onError(ErrorPolicy policy) {
        plan.last().policy(policy);
        return this;
    }

    // ---------------------------------------------------------------- pipeline options

    /**
     * Names the pipeline (for reports and thread names); default {@code pipeline}.
     *
     * @param name the name
     * @return this builder
     */
    public Pipeline<T> name(String name) {
        plan.name(name);
        return this;
    }

    /**
     * Sets the error policy of every stage that sets none; default {@link ErrorPolicy#failFast()}.
     *
     * @param policy the policy
     * @return this builder
     */
    public Pipeline<T> defaultErrorPolicy(ErrorPolicy policy) {
        plan.defaultPolicy(policy);
        return this;
    }

    /**
     * Sets the capacity of every channel between stages whose stage sets no {@link #buffer}.
     *
     * @param capacity items, at least 1
     * @return this builder
     */
    public Pipeline<T> defaultBuffer(int capacity) {
        plan.defaultBuffer(capacity);
        return this;
    }

    /**
     * Sets how many items at most go over in one hand-off into a stage with one worker (default
     * {@value PipelinePlan#DEFAULT_HANDOFF_BATCH}; 1 turns batching off). The producing workers fill a
     * small array and send it as one channel item, which divides the locking cost per item by up to
     * that much; they send what they have as soon as they would wait for input or the consumer waits
     * for items, so batching adds no waiting. Stages with several workers always get items one by one,
     * so that one worker never sits on a batch its siblings could share. The buffer still bounds the
     * items in the channel; the producing workers may keep back one batch each besides, and the
     * batch is made small enough that those together fit in the buffer once more (with more
     * producing workers than half the buffer, that link is not batched); the consumer may hold the
     * rest of the batch it is working through.
     *
     * @param items the largest batch, at least 1
     * @return this builder
     */
    public Pipeline<T> handoffBatch(int items) {
        plan.handoffBatch(items);
        return this;
    }

    /**
     * Stops the run if it has not ended after {@code timeout}: it ends
     * {@link PipelineStatus#TIMED_OUT}, items in flight are reported as not processed, and
     * {@link #run()} throws {@link PipelineFailedException}.
     *
     * @param timeout the longest run, positive
     * @return this builder
     */
    public Pipeline<T> timeout(Duration timeout) {
        plan.timeout(timeout);
        return this;
    }

    /**
     * Turns on the stall watchdog: when no item moves for {@code timeout} while items are in flight,
     * a {@link StallReport} (which worker waits on which channel, by stage) is logged as a warning
     * through {@link System.Logger} and added to {@link PipelineResult#stalls()}. The run goes on.
     *
     * @param timeout how long nothing may move, positive
     * @return this builder
     */
    public Pipeline<T> stallTimeout(Duration timeout) {
        return stallTimeout(timeout, report -> System.getLogger(Pipeline.class.getName())
                .log(System.Logger.Level.WARNING, report.render()));
    }

    /**
     * Turns on the stall watchdog with a handler of its own (called from the pipeline's monitor
     * thread, once per stall; it should not block for long). The monitor runs on a virtual thread
     * when some stage does ({@link #virtualThreads()}), on a platform thread otherwise.
     *
     * @param timeout how long nothing may move, positive
     * @param onStall receives each report
     * @return this builder
     */
    public Pipeline<T> stallTimeout(Duration timeout, Consumer<StallReport> onStall) {
        plan.stallTimeout(timeout, onStall);
        return this;
    }

    /**
     * Makes the platform threads of every run (each stage's workers, unless it runs on
     * {@link #virtualThreads()}, and the monitor's) with {@code factory}; the pipeline still names
     * them. If a thread cannot be started ({@code OutOfMemoryError: unable to create native thread},
     * or anything the factory throws), the run fails at once with that error as its cause, from
     * {@link #run()} or {@link RunningPipeline#await()}: the threads already started end, none is
     * left waiting, and no item is read.
     *
     * @param factory makes one unstarted thread per call; it must not return {@code null}
     * @return this builder
     */
    public Pipeline<T> threadFactory(ThreadFactory factory) {
        plan.threadFactory(factory);
        return this;
    }

    // ---------------------------------------------------------------- running

    /**
     * Starts a run and returns at once. If the pipeline has no sink, the last stage's results are
     * collected into {@link PipelineResult#outputs()} (so memory grows with them).
     *
     * @return the running pipeline
     */
    public RunningPipeline<T> start() {
        return plan.start();
    }

    /**
     * Runs the pipeline and waits for it to end.
     *
     * @return the result; check {@link PipelineResult#failures()} if a stage skips failed items
     * @throws PipelineFailedException if the run failed (fail-fast) or timed out
     * @throws InterruptedException    if the calling thread is interrupted while waiting; the run is
     *                                 then cancelled
     */
    public PipelineResult<T> run() throws InterruptedException {
        RunningPipeline<T> running = start();
        try {
            return running.await();
        } catch (InterruptedException e) {
            running.cancel();
            throw e;
        }
    }

    /**
     * Runs the pipeline and returns the last stage's results, insisting that every item went through.
     *
     * @return the outputs
     * @throws PipelineFailedException if the run failed or timed out, or any item failed (even under
     *                                 {@link ErrorPolicy#skip()}); it carries the result
     * @throws InterruptedException    as for {@link #run()}
     */
    public List<T> toList() throws InterruptedException {
        PipelineResult<T> result = run();
        if (!result.failures().isEmpty()) {
            ItemFailure first = result.failures().get(0);
            throw new PipelineFailedException(result.failures().size() + " items failed, first: " + first, first,
                    result, first.error());
        }
        return result.outputs();
    }

    @SuppressWarnings("unchecked")
    private <R> Pipeline<R> add(StagePlan stage) {
        plan.add(stage);
        return (Pipeline<R>) this;
    }
}
