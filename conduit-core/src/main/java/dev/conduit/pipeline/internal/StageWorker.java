package dev.conduit.pipeline.internal;

import dev.conduit.pipeline.ErrorPolicy;
import dev.conduit.pipeline.ItemFailure;
import dev.conduit.pipeline.WorkerSnapshot.State;

import java.util.ArrayList;
import java.util.List;

/**
 * The loop every worker of every stage runs: take an item, apply the stage's logic under its error
 * policy, emit the results, until the input ends or the run is stopped.
 *
 * <h2>Ending</h2>
 * <ul>
 *   <li>Input exhausted ({@link EndOfInput}): the logic emits what it still holds, the worker ends;
 *       the stage's last worker closes the output.</li>
 *   <li>The run is stopping (cancel, timeout, a fail-fast failure elsewhere): the channel operation
 *       or the function fails with an interrupt or a cancelled channel; the item the worker held is
 *       reported as not processed, never dropped.</li>
 *   <li>Anything unexpected (an {@link Error}, the source failing, the user's output channel closed
 *       under us) fails the run with the held item.</li>
 * </ul>
 * Timing: the worker clocks only its waits (see {@link WorkerProbe}); a non-blocking poll or offer is
 * tried first, so a wait is clocked only when there really is one.
 */
final class StageWorker implements Runnable {
    /** Thrown after a fail-fast failure was handed to the engine; the item is in the failures, not lost. */
    private static final class Stopped extends Exception {
        static final Stopped INSTANCE = new Stopped();

        private Stopped() {
            super("stopped", null, false, false);
        }
    }

    private final PipelineEngine<?> engine;
    private final StageRuntime stage;
    private final WorkerProbe probe;
    private final StageLogic logic;
    private final Inlet inlet;
    private final Outlet outlet;
    private final boolean singleResult;
    /** The result of a single-result logic, from the function's return until it is emitted. */
    private Object single;
    private final List<Object> results = new ArrayList<>(4);
    /** How many of {@link #results} are already emitted; the rest are still this worker's to report. */
    private int emitted;
    /** The receipt of the item in hand, if it came from a work queue (see {@link Receipt}). */
    private Receipt receipt;
    /** Receipts of items the logic holds between calls (a partial batch). */
    private final List<Receipt> pending = new ArrayList<>(0);
    /** In the last stage: the receipt to settle done once the results are emitted. */
    private Receipt outgoing;

    StageWorker(PipelineEngine<?> engine, StageRuntime stage, WorkerProbe probe) {
        this.engine = engine;
        this.stage = stage;
        this.probe = probe;
        this.logic = stage.plan.logic.get();
        this.singleResult = logic.singleResult();
        this.inlet = stage.inlets.get();
        this.outlet = stage.outlets.get();
    }

    @Override
    public void run() {
        probe.started();
        Object held = null;
        try {
            // A worker that starts after the run was stopped was not interrupted: it just ends.
            while (!engine.isStopping()) {
                long ticket = -1;
                Object item;
                if (stage.gate == null) {
                    item = next();
                } else {
                    stage.gate.enterTake();
                    try {
                        item = next();
                        ticket = stage.gate.ticket();
                    } finally {
                        stage.gate.leaveTake();
                    }
                }
                if (item instanceof Receipt.Carried carried) {
                    receipt = carried.receipt();
                    item = carried.item();
                }
                held = item;
                probe.took(item);
                boolean handled = handle(item);
                int produced = !handled ? 0 : singleResult ? (single != null ? 1 : 0) : results.size();
                if (engine.loop != null) {
                    engine.loop.handled(produced);
                }
                if (handled && (receipt != null || !pending.isEmpty())) {
                    passReceipt(produced);
                }
                if (ticket >= 0) {
                    long since = probe.waiting(State.WAITING_FOR_TURN);
                    try {
                        stage.gate.awaitTurn(ticket);
                    } finally {
                        probe.blocked(since);
                    }
                }
                emitResults();
                settleOutgoing();
                if (stage.sink && handled) {
                    probe.emitted();
                }
                if (ticket >= 0) {
                    flushOutput();   // in turn: a kept-back batch would let a later worker's items pass
                    stage.gate.pass(ticket);
                }
                held = null;
                probe.released();
            }
            // Stopped between items: nothing in hand, but maybe batches kept back or half read.
            ended(null, Stopped.INSTANCE);
        } catch (EndOfInput end) {
            finishInput();
        } catch (Stopped failedFast) {
            // The failing item is the run's failure; what else this worker holds is not processed.
            ended(null, failedFast);
        } catch (Throwable t) {
            ended(held, t);
        } finally {
            probe.ended();
            engine.workerEnded(stage);
        }
    }

    private Object next() throws Exception {
        Object item = inlet.poll();
        if (item == null) {
            flushOutput();   // about to wait: do not sit on results the next stage could use
            long since = probe.waiting(State.WAITING_FOR_INPUT);
            try {
                item = inlet.take();
            } finally {
                probe.starved(since);
            }
        } else if (outlet.wantsFlush()) {
            flushOutput();
        }
        return item;
    }

    private void flushOutput() throws InterruptedException {
        if (!outlet.tryFlush()) {
            long since = probe.waiting(State.WAITING_FOR_ROOM);
            try {
                outlet.flush();
            } finally {
                probe.blocked(since);
            }
        }
    }

    /**
     * Applies the logic to one item under the stage's error policy; the results are in
     * {@link #results} if it returns {@code true}.
     *
     * @return {@code true} if the item was handled, {@code false} if it failed and was skipped
     * @throws Stopped if it failed under fail-fast (the engine has the failure)
     */
    private boolean handle(Object item) throws Exception {
        int attempts = 0;
        for (;;) {
            try {
                if (singleResult) {
                    single = logic.applyOne(item);
                } else {
                    results.clear();
                    logic.apply(item, results);
                }
                return true;
            } catch (Exception e) {
                single = null;
                results.clear();
                if (engine.isStopping()) {
                    throw e;
                }
                attempts++;
                ErrorPolicy policy = stage.policy;
                if (policy instanceof ErrorPolicy.Retry retry && attempts <= retry.retries()) {
                    Thread.sleep(retry.delayAfter(attempts));
                    continue;
                }
                boolean skip = policy instanceof ErrorPolicy.Skip
                        || policy instanceof ErrorPolicy.Retry retry && retry.skipWhenExhausted();
                probe.failedOne();
                ItemFailure failure = new ItemFailure(stage.name, item, e, attempts);
                if (skip) {
                    engine.skipped(failure);
                    if (receipt != null) {
                        receipt.failed(e.getMessage() != null ? e.getMessage() : e.toString());
                        receipt = null;
                    }
                    return false;
                }
                engine.fail(failure);
                if (receipt != null) {
                    receipt.released("stage '" + stage.name + "' failed: " + e);
                    receipt = null;
                }
                throw Stopped.INSTANCE;
            }
        }
    }

    /**
     * Hands the item's receipt (and those of items a holding logic kept) on to its {@code n} results:
     * shared among them, or kept for after the emit in the last stage; with no result, the items were
     * dropped or consumed (done), unless the logic holds them.
     */
    private void passReceipt(int n) {
        if (n == 0) {
            if (receipt != null) {
                pending.add(receipt);
                receipt = null;
            }
            if (logic.held().isEmpty()) {
                pending.forEach(Receipt::done);
                pending.clear();
            }
            return;
        }
        if (receipt != null) {
            pending.add(receipt);
            receipt = null;
        }
        Receipt whole = Receipt.all(pending);
        pending.clear();
        if (stage.last) {
            outgoing = whole;
        } else if (singleResult) {
            single = new Receipt.Carried(single, whole);
        } else if (n == 1) {
            results.set(0, new Receipt.Carried(results.get(0), whole));
        } else {
            SharedReceipt shared = new SharedReceipt(whole, n);
            for (int i = 0; i < n; i++) {
                results.set(i, new Receipt.Carried(results.get(i), shared.part()));
            }
        }
    }

    private void settleOutgoing() {
        if (outgoing != null) {
            Receipt r = outgoing;
            outgoing = null;
            r.done();
        }
    }

    /** The worker ends without finishing what it holds: those items go back to their queue. */
    private void releaseReceipts(String why) {
        if (receipt != null) {
            receipt.released(why);
            receipt = null;
        }
        if (outgoing != null) {
            outgoing.released(why);
            outgoing = null;
        }
        pending.forEach(r -> r.released(why));
        pending.clear();
    }

    private void emitResults() throws InterruptedException {
        if (single != null) {
            emit(single);
            single = null;
            probe.emitted();
            return;
        }
        for (emitted = 0; emitted < results.size(); ) {
            emit(results.get(emitted));
            emitted++;
            probe.emitted();
        }
        results.clear();
        emitted = 0;
    }

    private void emit(Object r) throws InterruptedException {
        if (!outlet.offer(r)) {
            long since = probe.waiting(State.WAITING_FOR_ROOM);
            try {
                outlet.put(r);
            } finally {
                probe.blocked(since);
            }
        }
    }

    /** End of input: emit what the logic still holds (a partial batch). */
    private void finishInput() {
        try {
            results.clear();
            logic.finish(results);
            if (!pending.isEmpty()) {
                passReceipt(results.size());
            }
            emitResults();
            settleOutgoing();
            flushOutput();
        } catch (Throwable t) {
            ended(null, t);
        }
    }

    private void ended(Object held, Throwable t) {
        releaseReceipts("not processed: the run of stage '" + stage.name + "' ended (" + t + ")");
        if (engine.isStopping() || t instanceof Stopped) {
            String where = "worker '" + Thread.currentThread().getName() + "' of stage '" + stage.name + "'";
            // The held item is reported as itself, or, if its function already ran, as the results
            // it did not get to emit (a batch's list, a flatMap's remaining outputs); never twice.
            if (single != null) {
                engine.notProcessed(where + " (result not yet emitted)", single);
            } else if (emitted < results.size()) {
                for (Object result : results.subList(emitted, results.size())) {
                    engine.notProcessed(where + " (result not yet emitted)", result);
                }
            } else if (held != null) {
                engine.notProcessed(where, held);
            }
            for (Object partial : logic.held()) {
                if (partial != held) {
                    engine.notProcessed(where + " (in an unfinished batch)", partial);
                }
            }
            for (Object received : inlet.held()) {
                engine.notProcessed(where + " (received in a hand-off batch)", received);
            }
            for (Object kept : outlet.held()) {
                engine.notProcessed(where + " (result kept back for a hand-off batch)", kept);
            }
        } else {
            engine.fail(new ItemFailure(stage.name, held, t, 1));
        }
    }
}
