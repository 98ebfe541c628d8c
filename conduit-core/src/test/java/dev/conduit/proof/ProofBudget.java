package dev.conduit.proof;

/**
 * How hard the proof layers work. The default keeps the whole proof set within about a minute and
 * a half of the normal suite on a loaded 2-core machine; {@code -Pproof-long} (or
 * {@code -Dconduit.proof.depth=long}) runs Lincheck and the soak many times deeper.
 */
final class ProofBudget {
    private ProofBudget() {
    }

    static boolean deep() {
        return "long".equalsIgnoreCase(System.getProperty("conduit.proof.depth", "quick"));
    }

    /** Random scenarios per Lincheck run. */
    static int lincheckIterations() {
        return Integer.getInteger("conduit.proof.iterations", deep() ? 50 : 2);
    }

    /** Interleavings (model checking) or repetitions (stress) per scenario. */
    static int lincheckInvocations() {
        // Model checking costs about 0.1 s an interleaving here (1 s fixed per check): 20 keeps the
        // quick Lincheck set under a minute; the broken twin sets its own budget.
        return Integer.getInteger("conduit.proof.invocations", deep() ? 5_000 : 20);
    }

    /** Wall-clock time one soak run of one channel kind may take. */
    static java.time.Duration soakTime() {
        return deep() ? java.time.Duration.ofSeconds(60) : java.time.Duration.ofMillis(500);
    }
}
