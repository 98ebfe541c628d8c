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
    private static final Set<String> QUICK_MODEL = Set.of("bounded", "ring-capacity-10", "ring-broken-hints",
            "rendezvous", "lifo", "priority-drop-newest", "conflated");
    private static final Set<String> QUICK_BLOCKING = Set.of("bounded-1", "rendezvous", "lifo");

    static List<ChannelKind> kinds() {
        return ChannelKinds.forLincheck();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void modelCheckingOfNonBlockingOperations(ChannelKind kind) {
        // The spinning ring's non-blocking operations are the default ring's (a wait strategy
        // matters only once a party waits), and capacity 1 is covered by the blocking scenarios
        // and by stress; -Pproof-long model-checks every kind.
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
        // The quick budget parks on one kind per waiting path: the ring at capacity 1 (full and
        // empty at once), rendezvous and the lock-based LIFO. With a drop
        // policy a send never parks and receiving is the same code; -Pproof-long checks all kinds.
        assumeTrue(ProofBudget.deep() || QUICK_BLOCKING.contains(kind.name()),
                "blocking scenarios of " + kind.name() + " run with -Pproof-long");
        LincheckRuns.modelCheckBlocking(kind);
    }
}
