package dev.conduit.pipeline.internal;

import dev.conduit.pipeline.ErrorPolicy;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * One stage of a running pipeline: where its workers read and write, how they treat errors and
 * order, their probes, and its executor. The last of its workers to end closes its output, which is
 * how end of stream travels downstream without sentinels.
 */
final class StageRuntime {
    final StagePlan plan;
    final String name;
    /** Give each worker its inlet and outlet: shared ones for plain channels, its own for batched links. */
    final Supplier<Inlet> inlets;
    final Supplier<Outlet> outlets;
    /** Ends the stream downstream (closes the output channel); run once, by the last worker. */
    private final Runnable closeOutput;
    final ErrorPolicy policy;
    final OrderGate gate;
    final WorkerProbe[] probes;
    final ExecutorService executor;
    final boolean sink;
    /** No stage after this one: its results leave the pipeline (and their receipts are settled done). */
    final boolean last;
    private final AtomicInteger liveWorkers;

    StageRuntime(StagePlan plan, String pipeline, Supplier<Inlet> inlets, String inputChannel,
                 Supplier<Outlet> outlets, String outputChannel, Runnable closeOutput, ErrorPolicy policy,
                 ThreadFactory threadFactory, boolean last) {
        this.plan = plan;
        this.name = plan.name;
        this.inlets = inlets;
        this.outlets = outlets;
        this.closeOutput = closeOutput;
        this.policy = policy;
        this.sink = plan.kind == StagePlan.Kind.SINK;
        this.last = last;
        this.gate = plan.ordered && plan.workers > 1 ? new OrderGate() : null;
        this.probes = new WorkerProbe[plan.workers];
        for (int i = 0; i < probes.length; i++) {
            probes[i] = new WorkerProbe(name, i + 1, inputChannel, outputChannel);
        }
        this.liveWorkers = new AtomicInteger(plan.workers);
        this.executor = StageThreads.newExecutor(pipeline + "-" + name, plan.virtualThreads, plan.workers, threadFactory);
    }

    /**
     * Called by each worker as it ends (or by the engine for a worker that never started).
     *
     * @param stopping whether the run is being stopped (then nobody closes outputs: they are cancelled)
     * @return {@code true} if this was the stage's last worker
     */
    boolean workerEnded(boolean stopping) {
        if (liveWorkers.decrementAndGet() != 0) {
            return false;
        }
        if (!stopping) {
            closeOutput.run();
        }
        return true;
    }

    long in() {
        long n = 0;
        for (WorkerProbe p : probes) {
            n += p.in();
        }
        return n;
    }

    long out() {
        long n = 0;
        for (WorkerProbe p : probes) {
            n += p.out();
        }
        return n;
    }

    long failed() {
        long n = 0;
        for (WorkerProbe p : probes) {
            n += p.failed();
        }
        return n;
    }
}
