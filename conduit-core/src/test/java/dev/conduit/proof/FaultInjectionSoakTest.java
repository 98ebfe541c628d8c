package dev.conduit.proof;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fault injection and soak for every {@link ChannelKinds channel kind}: rounds of random
 * interrupts, timeouts, throwing callbacks, dying consumers and close/cancel at random points,
 * each checked by its ledger (see {@link SoakRound}). Bounded in time: about 2 s per kind by
 * default, a minute per kind with {@code -Pproof-long}.
 */
class FaultInjectionSoakTest {

    static List<ChannelKind> kinds() {
        return ChannelKinds.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void ledgerBalancesUnderFaults(ChannelKind kind) throws InterruptedException {
        SoakRuns.Summary summary = SoakRuns.soak(kind, ProofBudget.soakTime(), Duration.ofMillis(250));

        System.out.println("[soak] " + summary);
        assertThat(summary.violations()).as(summary.toString()).isEmpty();
        assertThat(summary.received()).as("items that went through").isPositive();
    }
}
