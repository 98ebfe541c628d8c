package dev.conduit.examples;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LostUpdateTest {

    @Test
    void theForcedInterleavingLosesOneUpdateAndEveryFixCountsEachIncrement() throws Exception {
        Printed printed = new Printed();
        LostUpdate.Result r = LostUpdate.run(printed.out);

        assertThat(r.forcedInterleaving()).isEqualTo(1); // two increments, one lost: the seed's outcome
        assertThat(r.expected()).isEqualTo(100_000);
        assertThat(r.unguarded()).isBetween(1L, r.expected()); // how many are lost depends on timing
        assertThat(r.locked()).isEqualTo(r.expected());
        assertThat(r.atomic()).isEqualTo(r.expected());
        assertThat(r.adder()).isEqualTo(r.expected());
        assertThat(r.guarded()).isEqualTo(r.expected());
        assertThat(r.ok()).isTrue();
        assertThat(printed.text()).contains("2 increments -> 1");
    }
}
