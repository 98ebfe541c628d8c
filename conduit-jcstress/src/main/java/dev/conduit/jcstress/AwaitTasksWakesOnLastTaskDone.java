package dev.conduit.jcstress;

import dev.conduit.channel.Channel;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.I_Result;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;

/**
 * The task-accounting hand-shake: awaitTasks() parks while one task is unfinished, and the
 * taskDone() that finishes it must wake it. The waiter raises its count before re-checking and
 * taskDone() reads that count after counting (a Dekker-style pair of volatile accesses); if either
 * side were reordered, the waiter would park for ever (a stuck test).
 */
@JCStressTest
@Outcome(id = "0", expect = ACCEPTABLE, desc = "woken, nothing unfinished")
@State
public class AwaitTasksWakesOnLastTaskDone {
    private final Channel<Integer> channel = Channel.unbounded();

    public AwaitTasksWakesOnLastTaskDone() {
        channel.offer(1);
        channel.poll(); // delivered, not yet done: one unfinished task
    }

    @Actor
    public void waiter(I_Result r) {
        try {
            channel.awaitTasks();
        } catch (InterruptedException e) {
            throw new IllegalStateException("jcstress actor interrupted", e);
        }
        r.r1 = (int) channel.unfinishedTasks();
    }

    @Actor
    public void finisher() {
        channel.taskDone();
    }
}
