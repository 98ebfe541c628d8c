package dev.conduit.pipeline.internal;

import dev.conduit.jfr.ConduitEvents;
import dev.conduit.pipeline.StallReport;
import dev.conduit.pipeline.WorkerSnapshot;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Consumer;

/**
 * One task per run that watches it from the side: samples how full each channel between stages is
 * (for the average fill in the statistics), enforces the run's timeout, and runs the stall watchdog.
 *
 * <p>The sampling interval grows with the run, one hundredth of the elapsed time between 1 and
 * 20 ms, so short runs still get samples and long ones cost next to nothing. The stall watchdog
 * counts items moved (taken, emitted, failed) over all workers; when that count has not changed for
 * the stall timeout while some worker holds an item or some channel holds items, it takes a
 * snapshot of every worker and hands it to the handler, once per stall.
 */
final class PipelineMonitor implements Runnable {
    private static final long MIN_INTERVAL = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long MAX_INTERVAL = TimeUnit.MILLISECONDS.toNanos(20);

    private final PipelineEngine<?> engine;
    private final long timeoutNanos;
    private final long stallNanos;
    private final Consumer<StallReport> onStall;
    private final CountDownLatch finished = new CountDownLatch(1);
    /** The thread running the monitor, so that {@code await()} can wait for it to end. */
    volatile Thread thread;
    /** Per link: sum of sampled sizes, and number of samples. Written by the monitor, read by stats. */
    private final AtomicLongArray fillSums;
    private final AtomicLongArray fillSamples;

    PipelineMonitor(PipelineEngine<?> engine, Duration timeout, Duration stallTimeout, Consumer<StallReport> onStall) {
        this.engine = engine;
        this.timeoutNanos = timeout == null ? 0 : timeout.toNanos();
        this.stallNanos = stallTimeout == null ? 0 : stallTimeout.toNanos();
        this.onStall = onStall;
        this.fillSums = new AtomicLongArray(engine.links.size());
        this.fillSamples = new AtomicLongArray(engine.links.size());
    }

    void finished() {
        finished.countDown();
    }

    /** @return the average sampled fill of link {@code i}, or {@code NaN} if it was never sampled */
    double averageFill(int i) {
        long n = fillSamples.get(i);
        return n == 0 ? Double.NaN : (double) fillSums.get(i) / n;
    }

    @Override
    public void run() {
        thread = Thread.currentThread();
        long lastMoved = -1;
        long lastMoveAt = System.nanoTime();
        boolean reported = false;
        try {
            for (;;) {
                long now = System.nanoTime();
                long elapsed = now - engine.startNanos;
                if (finished.await(Math.min(MAX_INTERVAL, Math.max(MIN_INTERVAL, elapsed / 100)), TimeUnit.NANOSECONDS)) {
                    return;
                }
                sample();
                now = System.nanoTime();
                if (timeoutNanos > 0 && now - engine.startNanos >= timeoutNanos) {
                    engine.timedOut();
                }
                if (stallNanos > 0) {
                    long moved = moved();
                    if (moved != lastMoved) {
                        lastMoved = moved;
                        lastMoveAt = now;
                        reported = false;
                    } else if (!reported && now - lastMoveAt >= stallNanos && !engine.isStopping() && inFlight()) {
                        reported = true;
                        StallReport report = snapshot(Duration.ofNanos(now - lastMoveAt));
                        engine.stalled(report);
                        ConduitEvents.pipelineStalled(report);
                        try {
                            onStall.accept(report);
                        } catch (RuntimeException handlerFailed) {
                            System.getLogger(PipelineMonitor.class.getName()).log(System.Logger.Level.WARNING,
                                    "stall handler of pipeline '" + engine.name + "' failed", handlerFailed);
                        }
                    }
                }
            }
        } catch (InterruptedException stop) {
            // interrupted only if someone shuts the monitor's executor down: nothing left to watch
        }
    }

    private void sample() {
        List<LinkRuntime> links = engine.links;
        for (int i = 0; i < links.size(); i++) {
            fillSums.addAndGet(i, links.get(i).items());
            fillSamples.incrementAndGet(i);
        }
    }

    private long moved() {
        long n = 0;
        for (StageRuntime s : engine.stages) {
            n += s.in() + s.out() + s.failed();
        }
        return n;
    }

    private boolean inFlight() {
        for (StageRuntime s : engine.stages) {
            for (WorkerProbe p : s.probes) {
                if (p.holdsItem()) {
                    return true;
                }
            }
        }
        for (LinkRuntime link : engine.links) {
            if (!link.isEmpty()) {
                return true;
            }
        }
        return false;
    }

    StallReport snapshot(Duration stalledFor) {
        List<WorkerSnapshot> workers = new ArrayList<>();
        for (StageRuntime s : engine.stages) {
            for (WorkerProbe p : s.probes) {
                workers.add(p.snapshot());
            }
        }
        return new StallReport(engine.name, stalledFor, workers);
    }
}
