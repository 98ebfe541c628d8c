package dev.conduit.pipeline.internal;

import dev.conduit.channel.Channel;
import dev.conduit.channel.ChannelBuilder;
import dev.conduit.channel.SendChannel;
import dev.conduit.jfr.ConduitEvents;
import dev.conduit.pipeline.ErrorPolicy;
import dev.conduit.pipeline.ItemFailure;
import dev.conduit.pipeline.NotProcessed;
import dev.conduit.pipeline.PipelineFailedException;
import dev.conduit.pipeline.PipelineResult;
import dev.conduit.pipeline.PipelineStats;
import dev.conduit.pipeline.PipelineStatus;
import dev.conduit.pipeline.RunningPipeline;
import dev.conduit.pipeline.StageProgress;
import dev.conduit.pipeline.StallReport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Runs one pipeline: wires stages with bounded channels, starts their workers, stops them, and
 * assembles the result.
 *
 * <h2>Lifecycle</h2>
 * The constructor builds every stage and channel, then submits every worker. The run ends in exactly
 * one of two ways, both decided under {@link #lock}:
 * <ul>
 *   <li>{@link #stop} (cancel, timeout, a fail-fast failure): sets {@link #stopping} first, then
 *       cancels every channel between stages (collecting their items as not processed) and
 *       interrupts every running worker; a worker that starts later sees {@code stopping} and ends. Workers see a cancelled channel or an interrupt, find
 *       {@code stopping} set, and report the item they hold.</li>
 *   <li>Normal end: each stage's last worker closes its output; the next stage drains it and ends.
 *       In a loop the source's input is the seeds and the feedback channel, which {@link Loop}
 *       closes once no item is queued or in flight; from there the end travels the same way.</li>
 * </ul>
 * A run whose threads cannot all be started ends FAILED in the constructor, before any worker
 * runs ({@link #failToStart}); the pools made so far are shut down, so their threads end.
 * Otherwise the last worker of the run calls {@link #finish}, which takes the lock (so it waits for
 * a {@code stop} in progress to finish collecting items), fixes the status, builds the result and
 * completes {@link #done}. Executors are shut down there; {@link #await()} then waits for their
 * threads to end, so no thread of the run outlives {@code await()}.
 *
 * <h2>Invariants</h2>
 * Every item a stage took is, at the end, emitted, failed (in {@link #failures}), dropped by a
 * filter, or in {@link #notProcessed}; every item in a channel at {@code stop} is in
 * {@link #notProcessed}. The status changes from RUNNING exactly once.
 */
final class PipelineEngine<T> implements RunningPipeline<T> {
    final String name;
    final List<StageRuntime> stages = new ArrayList<>();
    /** The channels between stages, in flow order: {@code links.get(i)} feeds {@code stages.get(i + 1)}. */
    final List<LinkRuntime> links = new ArrayList<>();
    private final SendChannel<Object> into;
    /** The run's own output channel when it ends in a subscriber ({@link #into} too); else {@code null}. */
    private final Channel<Object> subscriberOutput;
    /** The feedback and its count, when the pipeline loops back ({@code Pipeline.loop}); else {@code null}. */
    final Loop loop;
    private final CollectingOutlet collected;
    private final AtomicInteger liveWorkers = new AtomicInteger();
    private final ReentrantLock lock = new ReentrantLock();
    private final CompletableFuture<PipelineResult<T>> done = new CompletableFuture<>();
    private final PipelineMonitor monitor;
    private final ExecutorService monitorExecutor;
    final long startNanos = System.nanoTime();

    private volatile boolean stopping;
    private volatile PipelineStatus status = PipelineStatus.RUNNING;
    private volatile long endNanos;
    /** Guarded by {@link #lock}. */
    private final List<ItemFailure> failures = new ArrayList<>();
    private final List<NotProcessed> notProcessed = new ArrayList<>();
    private final List<StallReport> stalls = new ArrayList<>();
    private ItemFailure stopFailure;

    PipelineEngine(PipelinePlan source) {
        this.name = source.name;
        StagePlan lastPlan = source.stages.get(source.stages.size() - 1);
        this.subscriberOutput = source.intoSubscriber == null ? null
                : Channel.builder().name(lastPlan.name + "->subscriber").capacity(source.defaultBuffer).build();
        this.into = subscriberOutput != null ? subscriberOutput : source.into;
        List<StagePlan> plans = source.stages.stream().map(StagePlan::copy).toList();
        StagePlan last = plans.get(plans.size() - 1);
        this.loop = source.loops ? new Loop(last.name + "->" + plans.get(0).name) : null;
        this.collected = into == null && source.intoQueue == null && loop == null
                && last.kind != StagePlan.Kind.SINK ? new CollectingOutlet() : null;

        Inlet sourceInlet = loop != null ? new LoopInlet(plans.get(0).seeds.iterator(), loop) : plans.get(0).source.get();
        // Each stage's pool starts its threads as it is made; one that cannot ("unable to create
        // native thread") fails the run before any item moves, and the pools made so far are shut down.
        boolean anyVirtual = plans.stream().anyMatch(p -> p.virtualThreads);
        ExecutorService monitorPool = null;
        Throwable cannotStart = null;
        try {
            wireStages(source, plans, sourceInlet);
            // The monitor's thread is of the stages' kind. A pipeline of platform threads gains nothing
            // from a virtual monitor, and pays for it: its wake-ups every 1-20 ms went through the
            // virtual-thread scheduler's timer and carrier threads, about 25 ms of CPU in a 0.4 s run
            // of conduit download (user CPU 0.274 -> 0.247 s, 16 interleaved runs each).
            monitorPool = StageThreads.newExecutor(name + "-monitor", anyVirtual, 1, source.threadFactory);
        } catch (StageThreads.CannotStart e) {
            cannotStart = e.getCause();
        }
        this.monitor = new PipelineMonitor(this, source.timeout, source.stallTimeout, source.onStall);
        this.monitorExecutor = monitorPool;
        if (cannotStart != null) {
            String where = stages.size() < plans.size() ? plans.get(stages.size()).name : "monitor";
            failToStart(new ItemFailure(where, null, cannotStart, 1));
            return;
        }
        startWorkers();
        try {
            monitorExecutor.execute(monitor);
        } catch (RejectedExecutionException e) {
            fail(new ItemFailure("monitor", null, e, 1));
        }
    }

    /** Creates every stage (and its pool, whose threads start at once) and the channels between them. */
    private void wireStages(PipelinePlan source, List<StagePlan> plans, Inlet sourceInlet) {
        Supplier<Inlet> inlets = singleton(sourceInlet);
        String inputChannel = null;
        for (int i = 0; i < plans.size(); i++) {
            StagePlan plan = plans.get(i);
            Supplier<Outlet> outlets;
            String outputChannel = null;
            Runnable closeOutput = () -> { };
            Supplier<Inlet> nextInlets = null;
            if (i < plans.size() - 1) {
                LinkRuntime link = link(plan, plans.get(i + 1), plan.buffer > 0 ? plan.buffer : source.defaultBuffer,
                        source.handoffBatch);
                links.add(link);
                outputChannel = link.name();
                closeOutput = link.channel::close;
                if (link.batched != null) {
                    outlets = () -> new BatchedOutlet(link.batched);
                    nextInlets = () -> new BatchedInlet(link.batched);
                } else {
                    outlets = singleton(new ChannelOutlet(link.channel));
                    nextInlets = singleton(new ChannelInlet(link.channel));
                }
            } else if (loop != null) {
                outlets = singleton(new ChannelOutlet(loop.feedback));
                outputChannel = loop.feedback.name();
                closeOutput = loop.feedback::close;
            } else if (into != null) {
                outlets = singleton(new ChannelOutlet(into));
                outputChannel = into.name();
                closeOutput = into::close;
            } else if (source.intoQueue != null) {
                QueueOutlet queueOutlet = new QueueOutlet(source.intoQueue);
                outlets = singleton(queueOutlet);
                outputChannel = queueOutlet.channelName();
            } else if (collected != null) {
                outlets = singleton(collected);
            } else {
                outlets = singleton(new DiscardingOutlet());
            }
            ErrorPolicy policy = plan.policy != null ? plan.policy : source.defaultPolicy;
            stages.add(new StageRuntime(plan, name, inlets, inputChannel, outlets, outputChannel, closeOutput, policy,
                    source.threadFactory, i == plans.size() - 1));
            inlets = nextInlets;
            inputChannel = outputChannel;
        }
    }

    /**
     * Creates the channel between two stages. It hands over batches when that cannot starve anyone
     * (the consumer has one worker) and the batches the producers may keep back fit in the buffer
     * once more (batch x producing workers &lt;= capacity): a thousand download workers feeding one
     * saver must not each sit on a batch of pages.
     */
    private static LinkRuntime link(StagePlan from, StagePlan to, int capacity, int handoffBatch) {
        String linkName = from.name + "->" + to.name;
        int batch = Math.min(handoffBatch, capacity / from.workers);
        if (batch > 1 && to.workers == 1) {
            Channel<Object> arrays = hinted(Channel.builder().name(linkName).capacity(capacity / batch), from, to).build();
            return new LinkRuntime(arrays, new BatchedLink(arrays, batch));
        }
        return new LinkRuntime(hinted(Channel.builder().name(linkName).capacity(capacity), from, to).build(), null);
    }

    /** Tells the channel what the stages' worker counts promise (a one-worker stage is one party). */
    private static ChannelBuilder<Object> hinted(ChannelBuilder<Object> b, StagePlan from, StagePlan to) {
        if (from.workers == 1) {
            b.singleProducer();
        }
        if (to.workers == 1) {
            b.singleConsumer();
        }
        return b;
    }

    private static <X> Supplier<X> singleton(X shared) {
        return () -> shared;
    }

    private void startWorkers() {
        int total = 0;
        for (StageRuntime s : stages) {
            total += s.probes.length;
        }
        liveWorkers.set(total);
        for (StageRuntime s : stages) {
            for (WorkerProbe probe : s.probes) {
                try {
                    // The worker and its inlet and outlet are created in the worker's own thread, so
                    // the fields it writes for every item sit in that thread's allocation buffer,
                    // not on a cache line shared with the neighbouring stage's worker.
                    s.executor.execute(() -> new StageWorker(this, s, probe).run());
                } catch (RejectedExecutionException e) {
                    // Only after a stop (executors shut down) or if threads ran out: the worker never ran.
                    if (!stopping) {
                        fail(new ItemFailure(s.name, null, e, 1));
                    }
                    probe.ended();
                    workerEnded(s);
                }
            }
        }
    }

    // ---------------------------------------------------------------- called by workers

    boolean isStopping() {
        return stopping;
    }

    void skipped(ItemFailure failure) {
        lock.lock();
        try {
            failures.add(failure);
        } finally {
            lock.unlock();
        }
    }

    void fail(ItemFailure failure) {
        stop(PipelineStatus.FAILED, failure);
    }

    /** @return the run's own output channel, read by the subscriber it ends in; {@code null} if none */
    Channel<Object> subscriberOutput() {
        return subscriberOutput;
    }

    /**
     * The subscriber the run ends in cancelled its subscription: the run is cancelled, unless it had
     * ended, and the results it will now never take are reported as not processed.
     */
    void subscriberCancelled() {
        lock.lock();
        try {
            if (stop(PipelineStatus.CANCELLED, null)) {
                String where = "channel '" + subscriberOutput.name() + "' (the subscriber cancelled)";
                for (Object item : subscriberOutput.cancel()) {
                    notProcessed.add(new NotProcessed(where, releaseCarried(item, where)));
                }
            }
        } finally {
            lock.unlock();
        }
    }

    void notProcessed(String where, Object item) {
        Object bare = releaseCarried(item, where);
        lock.lock();
        try {
            notProcessed.add(new NotProcessed(where, bare));
        } finally {
            lock.unlock();
        }
    }

    /** An item read from a work queue that the run did not finish goes back for redelivery. */
    private static Object releaseCarried(Object item, String where) {
        if (item instanceof Receipt.Carried c) {
            c.receipt().released("not processed: " + where);
            return c.item();
        }
        return item;
    }

    void workerEnded(StageRuntime stage) {
        stage.workerEnded(stopping);
        if (liveWorkers.decrementAndGet() == 0) {
            finish();
        }
    }

    void stalled(StallReport report) {
        lock.lock();
        try {
            stalls.add(report);
        } finally {
            lock.unlock();
        }
    }

    // ---------------------------------------------------------------- stopping and finishing

    /**
     * Stops the run if it is still running.
     *
     * @return {@code true} if this call stopped it
     */
    boolean stop(PipelineStatus why, ItemFailure failure) {
        lock.lock();
        try {
            if (status != PipelineStatus.RUNNING || stopping) {
                return false;
            }
            stopping = true;
            status = why;
            if (failure != null) {
                stopFailure = failure;
                failures.add(failure);
            }
            for (LinkRuntime link : links) {
                for (Object item : link.cancel()) {
                    String where = "channel '" + link.name() + "'";
                    notProcessed.add(new NotProcessed(where, releaseCarried(item, where)));
                }
            }
            if (loop != null) {
                for (Object item : loop.feedback.cancel()) {
                    notProcessed.add(new NotProcessed("channel '" + loop.feedback.name() + "'", item));
                }
            }
            if (into != null) {
                // The user's channel is theirs: close it with the reason, keep what it holds.
                into.close(failure != null ? failure.error()
                        : new CancellationException("pipeline '" + name + "' was " + why.name().toLowerCase()));
            }
            for (StageRuntime s : stages) {
                for (WorkerProbe probe : s.probes) {
                    probe.interrupt();
                }
                s.executor.shutdown();
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** The run could not start its threads: it ends FAILED with that error, before any worker ran. */
    private void failToStart(ItemFailure failure) {
        while (links.size() > Math.max(0, stages.size() - 1)) {
            links.removeLast(); // made for a stage that never was: links.get(i) feeds stages.get(i + 1)
        }
        lock.lock();
        try {
            stopping = true;
            status = PipelineStatus.FAILED;
            stopFailure = failure;
            failures.add(failure);
            if (into != null) {
                into.close(failure.error());
            }
        } finally {
            lock.unlock();
        }
        finish(); // shuts the pools made so far down: their threads wait for no task and end
    }

    private void finish() {
        PipelineResult<T> result;
        lock.lock();
        try {
            endNanos = System.nanoTime();
            if (status == PipelineStatus.RUNNING) {
                status = PipelineStatus.COMPLETED;
            }
            result = buildResult();
        } finally {
            lock.unlock();
        }
        for (StageRuntime s : stages) {
            s.executor.shutdown();
        }
        if (monitorExecutor != null) {
            monitorExecutor.shutdown();
        }
        monitor.finished();
        ConduitEvents.pipelineEnded(result.stats()); // before the result is out: await() sees the events committed
        done.complete(result);
    }

    @SuppressWarnings("unchecked")
    private PipelineResult<T> buildResult() {
        List<T> outputs = collected == null ? List.of() : (List<T>) collected.items();
        return new PipelineResult<>(status, outputs, failures, notProcessed, stalls, stats());
    }

    // ---------------------------------------------------------------- RunningPipeline

    @Override
    public List<StageProgress> progress() {
        return stages.stream().map(s -> new StageProgress(s.name, s.in(), s.out(), s.failed())).toList();
    }

    @Override
    public PipelineStats stats() {
        long end = endNanos;
        long elapsed = (end != 0 ? end : System.nanoTime()) - startNanos;
        long failed;
        long unprocessed;
        lock.lock();
        try {
            failed = failures.size();
            unprocessed = notProcessed.size();
        } finally {
            lock.unlock();
        }
        return StatsBuilder.build(this, status, Duration.ofNanos(elapsed), failed, unprocessed, monitor);
    }

    @Override
    public PipelineStatus status() {
        return status;
    }

    @Override
    public boolean cancel() {
        return stop(PipelineStatus.CANCELLED, null);
    }

    void timedOut() {
        stop(PipelineStatus.TIMED_OUT, null);
    }

    @Override
    public PipelineResult<T> await() throws InterruptedException {
        try {
            return afterDone(done.get());
        } catch (ExecutionException cannotHappen) {
            throw new AssertionError("the pipeline's result is never completed exceptionally", cannotHappen);
        }
    }

    @Override
    public PipelineResult<T> await(Duration timeout) throws InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + timeout.toNanos();
        PipelineResult<T> result;
        try {
            result = done.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (ExecutionException cannotHappen) {
            throw new AssertionError("the pipeline's result is never completed exceptionally", cannotHappen);
        } catch (TimeoutException e) {
            throw new TimeoutException("pipeline '" + name + "' still running after " + timeout);
        }
        if (!awaitThreads(deadline - System.nanoTime())) {
            throw new TimeoutException("pipeline '" + name + "' ended but its threads did not end within " + timeout);
        }
        return throwIfFailed(result);
    }

    private PipelineResult<T> afterDone(PipelineResult<T> result) throws InterruptedException {
        awaitThreads(Long.MAX_VALUE);
        return throwIfFailed(result);
    }

    /**
     * Waits until the run's pools have terminated and their threads have ended (a pool counts as
     * terminated a moment before its threads are gone, so the threads are joined too).
     */
    private boolean awaitThreads(long nanos) throws InterruptedException {
        long deadline = System.nanoTime() + Math.max(0, nanos);
        List<ExecutorService> executors = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (StageRuntime s : stages) {
            executors.add(s.executor);
            for (WorkerProbe p : s.probes) {
                if (p.thread() != null) {
                    threads.add(p.thread());
                }
            }
        }
        if (monitorExecutor != null) {
            executors.add(monitorExecutor);
        }
        if (monitor.thread != null) {
            threads.add(monitor.thread);
        }
        for (ExecutorService e : executors) {
            long left = nanos == Long.MAX_VALUE ? Long.MAX_VALUE : deadline - System.nanoTime();
            if (!e.awaitTermination(left, TimeUnit.NANOSECONDS)) {
                return false;
            }
        }
        for (Thread t : threads) {
            if (nanos == Long.MAX_VALUE) {
                t.join();
            } else if (!t.join(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())))) {
                return false;
            }
        }
        return true;
    }

    private PipelineResult<T> throwIfFailed(PipelineResult<T> result) {
        if (result.status() == PipelineStatus.FAILED) {
            ItemFailure f = stopFailure;
            throw new PipelineFailedException("pipeline '" + name + "' failed: " + f, f, result, f.error());
        }
        if (result.status() == PipelineStatus.TIMED_OUT) {
            String message = "pipeline '" + name + "' timed out; " + result.notProcessed().size()
                    + " items in flight were not processed";
            throw new PipelineFailedException(message, null, result, new TimeoutException(message));
        }
        return result;
    }
}
