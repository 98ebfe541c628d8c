package dev.conduit.proof;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.conduit.channel.Overflow;

import java.util.List;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Lincheck checks every {@link ChannelKinds channel kind} against the sequential {@link ChannelModel}:
 * random scenarios of the non-blocking operations (model checking explores interleavings, stress
 * runs them on real threads), and the hand-written {@link BlockingScenarios} with parked
 * senders and receivers under model checking. Platform threads only: Lincheck 3.7 does not
 * support virtual threads.
 */
class LincheckChannelTest {

    static List<ChannelKind> kinds() {
        return ChannelKinds.forLincheck();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void modelCheckingOfNonBlockingOperations(ChannelKind kind) {
        LincheckRuns.modelCheck(kind);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void stressOfNonBlockingOperations(ChannelKind kind) {
        LincheckRuns.stress(kind);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void modelCheckingOfBlockingScenarios(ChannelKind kind) {
        // With a drop policy a send never parks and receiving is the same code as with BLOCK, so the
        // quick budget spends its time on the kinds where put can park; -Pproof-long checks all.
        assumeTrue(ProofBudget.deep() || kind.overflow() == Overflow.BLOCK,
                "blocking scenarios of drop-policy kinds run with -Pproof-long");
        LincheckRuns.modelCheckBlocking(kind);
    }
}
