package dev.conduit.proof;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Lincheck checks the queue view's removal from the middle ({@link QueueViewOperations}) against
 * {@link ChannelModel}, by model checking (every interleaving up to the budget) and by stress on
 * real threads. The quick run covers the lock-free ring and the lock-based LIFO; {@code -Pproof-long} checks every
 * buffered kind.
 */
class LincheckQueueViewTest {
    private static final Set<String> QUICK = Set.of("bounded", "lifo");

    static List<ChannelKind> kinds() {
        return ChannelKinds.all().stream()
                .filter(k -> k.capacity() != 0)
                .filter(k -> ProofBudget.deep() || QUICK.contains(k.name()))
                .toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void modelCheckingOfRemovalFromTheMiddle(ChannelKind kind) {
        // Quick: model checking on the ring, whose removal slides survivors under its slow mode
        // (the lock-based buffers rebuild a deque under the lock); stress on both.
        assumeTrue(ProofBudget.deep() || kind.name().equals("bounded"),
                "model checking of the view on " + kind.name() + " runs with -Pproof-long");
        LincheckSubject.set(kind);
        LincheckRuns.modelCheck(QueueViewOperations.class, ChannelModel.class);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void stressOfRemovalFromTheMiddle(ChannelKind kind) {
        LincheckSubject.set(kind);
        LincheckRuns.stress(QueueViewOperations.class, ChannelModel.class);
    }
}
