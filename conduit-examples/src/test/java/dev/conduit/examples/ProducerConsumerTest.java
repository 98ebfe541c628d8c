package dev.conduit.examples;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ProducerConsumerTest {

    @Test
    void theConsumerGetsEveryItemInOrderAndStopsWhenTheProducerCloses() throws Exception {
        ProducerConsumer.Result r = ProducerConsumer.run(new Printed().out);

        assertThat(r.produced()).hasSize(ProducerConsumer.ITEMS);
        assertThat(r.consumed()).containsExactlyElementsOf(r.produced());
        assertThat(r.ok()).isTrue();
    }
}
