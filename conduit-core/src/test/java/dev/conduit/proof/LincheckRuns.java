package dev.conduit.proof;

import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.jetbrains.kotlinx.lincheck.execution.ExecutionScenario;

import java.util.List;

/**
 * The three Lincheck runs every channel kind gets, with the budget of {@link ProofBudget}. Shared
 * by the real tests and by the tests that show the checks fail on a broken twin.
 */
final class LincheckRuns {
    private LincheckRuns() {
    }

    /** Random scenarios of non-blocking operations, every interleaving up to the budget. */
    static void modelCheck(ChannelKind kind) {
        LincheckSubject.set(kind);
        modelCheck(ChannelOperations.class, ChannelModel.class);
    }

    /** Random scenarios of {@code operations}' operations against {@code model}, every interleaving up to the budget. */
    static void modelCheck(Class<?> operations, Class<?> model) {
        new ModelCheckingOptions()
                .iterations(ProofBudget.lincheckIterations())
                .invocationsPerIteration(ProofBudget.lincheckInvocations())
                .threads(2).actorsPerThread(3).actorsBefore(2).actorsAfter(2)
                .sequentialSpecification(model)
                .check(operations);
    }

    /** The same on real threads: catches what instrumentation could hide (memory effects, JIT). */
    static void stress(ChannelKind kind) {
        LincheckSubject.set(kind);
        stress(ChannelOperations.class, ChannelModel.class);
    }

    /** Random scenarios on real threads. */
    static void stress(Class<?> operations, Class<?> model) {
        new StressOptions()
                .iterations(ProofBudget.lincheckIterations())
                .invocationsPerIteration(ProofBudget.lincheckInvocations() * 10)
                .threads(3).actorsPerThread(2).actorsBefore(2).actorsAfter(2)
                .sequentialSpecification(model)
                .check(operations);
    }

    /** Hand-written scenarios where senders and receivers really park, every interleaving. */
    static void modelCheckBlocking(ChannelKind kind) {
        modelCheckScenarios(kind, BlockingScenarios.forKind(kind), true);
    }

    /**
     * Model-checks the given hand-written scenarios.
     *
     * @param minimize whether a failure is shrunk to its smallest scenario (slow, but clearer)
     */
    static void modelCheckScenarios(ChannelKind kind, List<ExecutionScenario> scenarios, boolean minimize) {
        modelCheckScenarios(kind, scenarios, minimize, ProofBudget.lincheckInvocations());
    }

    /** The same with an explicit number of interleavings per scenario. */
    static void modelCheckScenarios(ChannelKind kind, List<ExecutionScenario> scenarios, boolean minimize,
                                    int invocations) {
        LincheckSubject.set(kind);
        modelCheckScenarios(BlockingChannelOperations.class, ChannelModel.class, scenarios, minimize, invocations);
    }

    /** Model-checks hand-written scenarios of {@code operations} against {@code model}. */
    static void modelCheckScenarios(Class<?> operations, Class<?> model, List<ExecutionScenario> scenarios,
                                    boolean minimize) {
        modelCheckScenarios(operations, model, scenarios, minimize, ProofBudget.lincheckInvocations());
    }

    private static void modelCheckScenarios(Class<?> operations, Class<?> model, List<ExecutionScenario> scenarios,
                                            boolean minimize, int invocations) {
        ModelCheckingOptions options = new ModelCheckingOptions()
                .iterations(0)
                .invocationsPerIteration(invocations)
                .minimizeFailedScenario(minimize)
                .sequentialSpecification(model);
        for (ExecutionScenario scenario : scenarios) {
            options.addCustomScenario(scenario);
        }
        options.check(operations);
    }
}
