package dev.conduit.examples;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BoundedQueueTest {

    @Test
    void everyItemArrivesInOrderAndTheChannelNeverHoldsMoreThanItsCapacity() throws Exception {
        BoundedQueue.Result r = BoundedQueue.run(new Printed().out);

        assertThat(r.produced()).hasSize(BoundedQueue.ITEMS).startsWith("item-0").endsWith("item-9");
        assertThat(r.consumed()).isEqualTo(r.produced());
        assertThat(r.capacity()).isEqualTo(3);
        assertThat(r.peakSize()).isBetween(1, 3);
        assertThat(r.producerBlockedMs()).isNotNegative();
        assertThat(r.ok()).isTrue();
    }
}
