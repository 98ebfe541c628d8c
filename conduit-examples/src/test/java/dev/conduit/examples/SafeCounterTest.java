package dev.conduit.examples;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SafeCounterTest {

    @Test
    void tenThreadsTimesTenThousandIncrementsIsExactlyOneHundredThousand() throws Exception {
        SafeCounter.Result r = SafeCounter.run(new Printed().out);

        assertThat(r.adder()).isEqualTo(100_000);
        assertThat(r.atomic()).isEqualTo(100_000);
        assertThat(r.ticketsSum()).isEqualTo(100_000L * 100_001 / 2); // every ticket 1..100,000 handed out once
        assertThat(r.ok()).isTrue();
    }
}
