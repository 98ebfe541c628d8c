package dev.conduit.proof;

import org.jetbrains.kotlinx.lincheck.Actor;
import org.jetbrains.kotlinx.lincheck.execution.ExecutionScenario;

import java.util.ArrayList;
import java.util.List;

/**
 * Hand-written Lincheck scenarios with blocking {@code put} and {@code take}. Each is built so that
 * every wait is ended by another thread of the same scenario, whatever the interleaving: a full
 * channel is filled first so that {@code put} really parks, the number of {@code take}s never
 * exceeds the items certain to arrive, and close or cancel wakes whoever is left. Each ends with a
 * post-part that looks at what is left, so an item lost or stranded by the race is visible.
 */
final class BlockingScenarios {
    private BlockingScenarios() {
    }

    /**
     * cancel races a parked sender and a receiver; the scenario that exposes a racy cancel, run
     * alone on the broken twin to keep that check short.
     */
    static ExecutionScenario cancelRace(ChannelKind kind) {
        return scenario(fill(kind),
                List.of(List.of(a("put", 3)), List.of(a("take")), List.of(a("cancel"))),
                List.of(a("poll"), a("size"), a("unfinishedTasks"), a("taskDone")));
    }

    /** @return the scenarios that apply to {@code kind} */
    static List<ExecutionScenario> forKind(ChannelKind kind) {
        List<Actor> fill = fill(kind);
        // With a drop policy, two puts may leave a single item, so only one take is sure to finish.
        boolean drops = kind.overflow() != dev.conduit.channel.Overflow.BLOCK;
        List<ExecutionScenario> all = new ArrayList<>();

        // Senders and receivers wake each other through the full/empty conditions.
        all.add(scenario(fill,
                List.of(List.of(a("put", 1), a("put", 2)),
                        drops ? List.of(a("take")) : List.of(a("take"), a("take"))),
                List.of(a("size"), a("poll"))));

        // close races a parked sender and a receiver: a put either succeeds or fails, never half.
        all.add(scenario(fill,
                List.of(List.of(a("put", 3)), List.of(a("take")), List.of(a("close"))),
                List.of(a("poll"), a("size"), a("isClosedForReceive"))));

        // cancel races them: each item is delivered or returned by cancel, never both, never neither.
        all.add(cancelRace(kind));

        // Two parked receivers, one item, then close: one gets the item, the other sees the close.
        all.add(scenario(List.of(),
                List.of(List.of(a("take")), List.of(a("take")), List.of(a("put", 1), a("close"))),
                List.of(a("size"), a("isClosedForReceive"))));

        // A select hands over beside plain parties: the waiting select's node is served like any
        // waiter, each item reaches exactly one receiver.
        all.add(scenario(fill,
                List.of(List.of(a("selectPut", 1)), List.of(a("put", 2)),
                        drops ? List.of(a("selectTake")) : List.of(a("selectTake"), a("take"))),
                List.of(a("size"), a("poll"), a("unfinishedTasks"))));

        // Selects on both ends race a close: each fires its clause or its onClosed, never half.
        all.add(scenario(fill,
                List.of(List.of(a("selectPut", 3)), List.of(a("selectTake")), List.of(a("close"))),
                List.of(a("poll"), a("size"), a("isClosedForReceive"))));

        // Task accounting while items move through a parked hand-off; counted at rest.
        all.add(scenario(fill,
                List.of(List.of(a("put", 2), a("taskDone")),
                        List.of(a("take"), a("taskDone"))),
                List.of(a("unfinishedTasks"), a("taskDone"), a("unfinishedTasks"))));
        return all;
    }

    /** Fills a blocking bounded channel to capacity, so that the next put parks. */
    private static List<Actor> fill(ChannelKind kind) {
        List<Actor> fill = new ArrayList<>();
        if (kind.sendsCanBlock() && !kind.rendezvous()) {
            for (int i = 0; i < kind.capacity(); i++) {
                fill.add(a("offer", 1 + i % 3));
            }
        }
        return fill;
    }

    private static ExecutionScenario scenario(List<Actor> init, List<List<Actor>> parallel, List<Actor> post) {
        return Actors.scenario(init, parallel, post);
    }

    private static Actor a(String operation, Object... args) {
        return Actors.call(BlockingChannelOperations.class, operation, args);
    }
}
