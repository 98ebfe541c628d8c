package dev.conduit.examples;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ManyProducersConsumersTest {

    @Test
    void everyItemIsConsumedExactlyOnceAndAllConsumersStop() throws Exception {
        ManyProducersConsumers.Result r = ManyProducersConsumers.run(new Printed().out);

        int total = ManyProducersConsumers.PRODUCERS * ManyProducersConsumers.ITEMS_EACH;
        assertThat(r.produced()).isEqualTo(total);
        assertThat(r.consumed()).isEqualTo(total);
        assertThat(r.distinct()).isEqualTo(total);
        // every consumer ended (joined) and reported, and together they account for every item
        assertThat(r.perConsumer()).containsOnlyKeys("consumer-0", "consumer-1");
        assertThat(r.perConsumer().values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(total);
        assertThat(r.ok()).isTrue();
    }
}
