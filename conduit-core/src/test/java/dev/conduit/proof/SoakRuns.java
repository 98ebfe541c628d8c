package dev.conduit.proof;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs {@link SoakRound}s on one channel kind for a stretch of wall-clock time, cycling through
 * the three ways a round can end, and gathers what went wrong.
 */
final class SoakRuns {
    private SoakRuns() {
    }

    /** Totals over the rounds of one kind. */
    record Summary(String kind, int rounds, long accepted, long received, long undelivered, long interrupts,
                   long consumerDeaths, List<String> violations) {
        @Override
        public String toString() {
            return kind + ": " + rounds + " rounds, " + accepted + " items accepted, " + received + " received, "
                    + undelivered + " handed back, " + interrupts + " interrupts, " + consumerDeaths
                    + " consumer deaths, " + violations.size() + " violations";
        }
    }

    static Summary soak(ChannelKind kind, Duration total, Duration round) throws InterruptedException {
        return soak(kind, total, round, SoakRound.Ending.values());
    }

    static Summary soak(ChannelKind kind, Duration total, Duration round, SoakRound.Ending... endings)
            throws InterruptedException {
        long deadline = System.nanoTime() + total.toNanos();
        List<String> violations = new ArrayList<>();
        int rounds = 0;
        long accepted = 0, received = 0, undelivered = 0, interrupts = 0, deaths = 0;
        do {
            SoakRound.Ending ending = endings[rounds % endings.length];
            SoakRound.Result r = new SoakRound(kind, round, ending).run();
            rounds++;
            accepted += r.accepted();
            received += r.received();
            undelivered += r.undelivered();
            interrupts += r.interrupts();
            deaths += r.consumerDeaths();
            for (String v : r.violations()) {
                violations.add("round " + rounds + " (" + ending + "): " + v);
            }
        } while (System.nanoTime() < deadline && violations.isEmpty());
        return new Summary(kind.name(), rounds, accepted, received, undelivered, interrupts, deaths, violations);
    }
}
