package dev.conduit.examples;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class SharedListTest {

    @Test
    void theGuardedListIsAlwaysConsistentAndCountsEveryPass() throws Exception {
        SharedList.Result r = SharedList.run(new Printed().out);

        assertThat(r.guardedSnapshots()).isNotEmpty().allSatisfy(snapshot -> {
            assertThat(snapshot.get(1)).isEqualTo(snapshot.get(0) + 1);
            assertThat(snapshot.get(2)).isEqualTo(snapshot.get(1) + 1);
        });
        long n = r.guardedPasses();
        assertThat(r.guardedFinal()).containsExactly(1 + (int) n, 2 + (int) n, 3 + (int) n);
        assertThat(r.unguardedFinal()).hasSize(3); // how many updates it lost depends on timing
        assertThat((long) r.unguardedFinal().get(0) - 1).isBetween(0L, r.unguardedPasses());
        // the pausing worker was woken by the event rather than finishing its pause (5 ms);
        // bounded loosely, as a loaded machine can delay the thread's end
        assertThat(r.pausingWorkerStopLag()).isLessThan(Duration.ofSeconds(5));
        assertThat(r.ok()).isTrue();
    }
}
