package dev.conduit.proof;

import org.jetbrains.kotlinx.lincheck.Actor;
import org.jetbrains.kotlinx.lincheck.execution.ExecutionScenario;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Set;

/**
 * Regression, found by a deeper Lincheck run ({@code -Dconduit.proof.iterations=15
 * -Dconduit.proof.invocations=300}): on the lock-based buffered channels (LIFO, priority) a thread
 * reading without the lock while a {@code cancel()} was under way saw {@code isClosedForSend():
 * true} and then {@code isClosedForReceive(): false}, because the cancel marks the channel
 * cancelled before it empties the buffer and {@code isClosedForReceive} looked at the size. No
 * order of the calls explains that pair: once a reader sees the cancel, it must see all of it.
 * This scenario puts exactly those reads beside a cancel and model-checks its interleavings, on
 * one kind per implementation of the lock-free reads (every kind with {@code -Pproof-long}).
 */
class CancelSeenByReadersTest {
    /** Interleavings per kind: without the fix, 20 found the pair on all three lock-based kinds. */
    private static final int INTERLEAVINGS = 20;
    /** The ring, rendezvous, the lock-based buffer, conflated: each reads state and size its own way. */
    private static final Set<String> QUICK = Set.of("bounded", "rendezvous", "lifo", "conflated");

    static List<ChannelKind> kinds() {
        return ChannelKinds.forLincheck().stream().filter(k -> ProofBudget.deep() || QUICK.contains(k.name())).toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void readersSeeACancelWhole(ChannelKind kind) {
        ExecutionScenario scenario = Actors.scenario(
                List.of(a("offer", 2)),
                List.of(List.of(a("isClosedForSend"), a("isClosedForReceive"), a("size")), List.of(a("cancel"))),
                List.of(a("size"), a("isClosedForReceive")));
        LincheckRuns.modelCheckScenarios(kind, List.of(scenario), false, INTERLEAVINGS);
    }

    private static Actor a(String operation, Object... args) {
        return Actors.call(BlockingChannelOperations.class, operation, args);
    }
}
