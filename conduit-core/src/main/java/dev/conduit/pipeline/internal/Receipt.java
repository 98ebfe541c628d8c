package dev.conduit.pipeline.internal;

import java.util.List;

/**
 * What an item read from a work queue carries through the pipeline: the way to settle its delivery
 * once the pipeline is done with it. Plain pipelines never create one, so they pay nothing.
 *
 * <p>The rules (applied by {@link StageWorker}): the results of an item carry its receipt, shared
 * among them when there are several; an item a stage drops or consumes (a filter, a sink) settles it
 * as done, as does the last stage once its result is emitted (into the user's channel or queue, or
 * collected); a skipped failure settles it dead with the failure as the reason; an item the run did
 * not finish (cancel, timeout, a fail-fast failure) releases it for redelivery. Each receipt is
 * settled once; later calls change nothing.
 */
interface Receipt {
    /** The pipeline finished with the item. */
    void done();

    /** The item failed for good (a skipped failure). */
    void failed(String reason);

    /** The run did not finish the item: it should be delivered again. */
    void released(String reason);

    /** @return a receipt settling {@code parts} together */
    static Receipt all(List<Receipt> parts) {
        return parts.size() == 1 ? parts.get(0) : new AllReceipts(List.copyOf(parts));
    }

    /** An item travelling between stages with its receipt. */
    record Carried(Object item, Receipt receipt) {
    }

    /** Settles several receipts alike: the items a holding stage (a batch) turned into one result. */
    record AllReceipts(List<Receipt> parts) implements Receipt {
        @Override
        public void done() {
            parts.forEach(Receipt::done);
        }

        @Override
        public void failed(String reason) {
            parts.forEach(p -> p.failed(reason));
        }

        @Override
        public void released(String reason) {
            parts.forEach(p -> p.released(reason));
        }
    }
}
