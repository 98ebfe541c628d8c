package dev.conduit.proof;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;

/**
 * Lincheck checks every {@link ChannelKinds channel kind} against the sequential {@link ChannelModel}:
 * random scenarios of the non-blocking operations (model checking explores interleavings, stress
 * runs them on real threads), and the hand-written {@link BlockingScenarios} with parked
 * senders and receivers under model checking. Platform threads only: Lincheck 3.7 does not
 * support virtual threads.
 */
class LincheckChannelTest {

    static List<ChannelKind> kinds() {
        return ChannelKinds.all();
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
        LincheckRuns.modelCheckBlocking(kind);
    }
}
