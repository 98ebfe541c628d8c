package dev.conduit.proof;

import org.jetbrains.kotlinx.lincheck.Actor;
import org.junit.jupiter.api.Test;

import java.util.List;

/**
 * Lincheck for the synchronisation helpers, {@link dev.conduit.sync.Event} and
 * {@link dev.conduit.sync.Guarded}, against their sequential models: random scenarios of the
 * non-waiting operations (model checking and stress), and hand-written scenarios in which threads
 * really park and must be woken (a lost wake-up shows as a hung execution, a wrong one as a
 * result no sequential order explains).
 */
class SyncLincheckTest {

    @Test
    void eventModelChecking() {
        LincheckRuns.modelCheck(EventOperations.class, EventModel.class);
    }

    @Test
    void eventStress() {
        LincheckRuns.stress(EventOperations.class, EventModel.class);
    }

    @Test
    void eventWaitersAreWoken() {
        Class<?> ops = EventOperations.class;
        LincheckRuns.modelCheckScenarios(ops, EventModel.class, List.of(
                // two waiters and a set that is cleared at once, then set again (so a waiter that
                // arrives after the clear still ends): each waiter returns, none is lost to the clear
                Actors.scenario(List.of(),
                        List.of(List.of(e("await")), List.of(e("await"), e("isSet")),
                                List.of(e("set"), e("clear"), e("set"))),
                        List.of(e("isSet"))),
                // a waiter racing clear and set
                Actors.scenario(List.of(e("set")),
                        List.of(List.of(e("clear"), e("set")), List.of(e("await"), e("awaitNow"))),
                        List.of(e("isSet")))), true);
    }

    @Test
    void guardedModelChecking() {
        LincheckRuns.modelCheck(GuardedOperations.class, GuardedModel.class);
    }

    @Test
    void guardedStress() {
        LincheckRuns.stress(GuardedOperations.class, GuardedModel.class);
    }

    @Test
    void guardedWaitersAreWokenByTheChangeThatHelpsThem() {
        LincheckRuns.modelCheckScenarios(GuardedOperations.class, GuardedModel.class, List.of(
                // a withdrawal and a watcher wait for deposits; the final balance (1) keeps the watcher satisfied
                Actors.scenario(List.of(),
                        List.of(List.of(g("withdraw", 2)), List.of(g("awaitAtLeast", 1)),
                                List.of(g("deposit", 1), g("deposit", 1), g("deposit", 1))),
                        List.of(g("get"))),
                // two withdrawals compete for deposits that cover both
                Actors.scenario(List.of(),
                        List.of(List.of(g("withdraw", 1)), List.of(g("withdraw", 2)), List.of(g("deposit", 2), g("deposit", 1))),
                        List.of(g("get")))), true);
    }

    private static Actor e(String op) {
        return Actors.call(EventOperations.class, op);
    }

    private static Actor g(String op, Object... args) {
        return Actors.call(GuardedOperations.class, op, args);
    }
}
