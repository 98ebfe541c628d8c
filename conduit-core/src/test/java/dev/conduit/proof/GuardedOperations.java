package dev.conduit.proof;

import dev.conduit.sync.Guarded;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;

import java.time.Duration;

/**
 * {@link Guarded} over an integer "balance", as Lincheck sees it. The waiting forms
 * ({@code awaitAtLeast}, {@code withdraw}) may park, so they run only in hand-written scenarios
 * where deposits are sure to make them proceed.
 */
@Param(name = "amount", gen = IntGen.class, conf = "1:2")
public class GuardedOperations {
    private final Guarded<Integer> balance = new Guarded<>(0);

    @Operation
    public int get() {
        return balance.get();
    }

    @Operation
    public void set(@Param(name = "amount") int value) {
        balance.set(value);
    }

    @Operation
    public int deposit(@Param(name = "amount") int amount) {
        return balance.update(b -> b + amount);
    }

    /** Does not wait: withdraws if covered now. */
    @Operation
    public boolean tryWithdraw(@Param(name = "amount") int amount) throws InterruptedException {
        return balance.awaitAndUpdate(b -> b >= amount, b -> b - amount, Duration.ZERO);
    }

    /** Does not wait: is the balance at least {@code amount} now? */
    @Operation
    public boolean isAtLeastNow(@Param(name = "amount") int amount) throws InterruptedException {
        return balance.awaitUntil(b -> b >= amount, Duration.ZERO);
    }

    public int awaitAtLeast(int amount) throws InterruptedException {
        return balance.awaitUntil(b -> b >= amount);
    }

    public int withdraw(int amount) throws InterruptedException {
        return balance.awaitAndUpdate(b -> b >= amount, b -> b - amount);
    }
}
