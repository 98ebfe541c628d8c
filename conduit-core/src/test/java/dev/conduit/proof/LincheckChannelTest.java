package dev.conduit.proof;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Lincheck checks every {@link ChannelKinds channel kind} against the sequential {@link ChannelModel}:
 * random scenarios of the non-blocking operations (model checking explores interleavings, stress
 * runs them on real threads), and the hand-written {@link BlockingScenarios} with parked
 * senders and receivers under model checking. Platform threads only: Lincheck 3.7 does not
 * support virtual threads.
 */
class LincheckChannelTest {
    /** Kinds model-checked in the quick run: the others share their non-blocking code (see below). */
    private static final Set<String> QUICK_MODEL = Set.of("bounded", "ring-broken-hints", "rendezvous", "lifo",
            "conflated");
    private static final Set<String> QUICK_BLOCKING = Set.of("bounded-1", "rendezvous");

    static List<ChannelKind> kinds() {
        return ChannelKinds.forLincheck();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void modelCheckingOfNonBlockingOperations(ChannelKind kind) {
        // One kind per implementation of the non-blocking operations: the ring with sequences and
        // with item flags, rendezvous, the lock-based buffer, conflated. The others (other
        // capacities, the spinning ring, priority with a drop policy) are stress-run here and
        // model-checked with -Pproof-long.
        assumeTrue(ProofBudget.deep() || QUICK_MODEL.contains(kind.name()),
                "model checking of " + kind.name() + " runs with -Pproof-long");
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
        // The quick budget parks on the ring at capacity 1 (full and empty at once, its slow mode)
        // and on rendezvous; every other kind parks through the same waiter queue of
        // AbstractChannel, and -Pproof-long checks them all. With a drop
        // policy a send never parks and receiving is the same code; -Pproof-long checks all kinds.
        assumeTrue(ProofBudget.deep() || QUICK_BLOCKING.contains(kind.name()),
                "blocking scenarios of " + kind.name() + " run with -Pproof-long");
        LincheckRuns.modelCheckBlocking(kind);
    }
}
