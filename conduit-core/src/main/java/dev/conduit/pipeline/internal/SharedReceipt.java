package dev.conduit.pipeline.internal;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A receipt split among the several results of one item (a flatMap): the item is settled when its
 * last result is. If any result failed, the item fails with the first reason; otherwise if any was
 * released, it is released; otherwise it is done.
 */
final class SharedReceipt {
    private final Receipt whole;
    private final AtomicInteger left;
    private final AtomicReference<String> failure = new AtomicReference<>();
    private final AtomicReference<String> release = new AtomicReference<>();

    SharedReceipt(Receipt whole, int parts) {
        this.whole = whole;
        this.left = new AtomicInteger(parts);
    }

    /** @return the receipt of one result */
    Receipt part() {
        return new Receipt() {
            private final AtomicBoolean settled = new AtomicBoolean();

            @Override
            public void done() {
                settle();
            }

            @Override
            public void failed(String reason) {
                failure.compareAndSet(null, reason);
                settle();
            }

            @Override
            public void released(String reason) {
                release.compareAndSet(null, reason);
                settle();
            }

            private void settle() {
                if (settled.compareAndSet(false, true) && left.decrementAndGet() == 0) {
                    if (failure.get() != null) {
                        whole.failed(failure.get());
                    } else if (release.get() != null) {
                        whole.released(release.get());
                    } else {
                        whole.done();
                    }
                }
            }
        };
    }
}
