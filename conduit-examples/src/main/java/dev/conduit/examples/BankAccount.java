package dev.conduit.examples;

import dev.conduit.pool.Task;
import dev.conduit.pool.WorkerPool;
import dev.conduit.sync.Guarded;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAccumulator;

/**
 * Seed 003's runnable example: a bank account shared by depositor and withdrawer threads, where a
 * withdrawal waits until the balance covers it.
 *
 * <p>In Python the seed builds a {@code BankAccount} from a lock and a condition: deposits add and
 * {@code notify_all()}, withdrawals loop on {@code while amount > balance: wait()}. It has two
 * quiet faults: it prints {@code account.balance} after the update, outside the lock, so the printed
 * balances can belong to another thread's operation; and its random amounts can ask for more than
 * will ever be deposited, and then a withdrawer waits forever and the program never ends.
 *
 * <p>Here the account is a {@link Guarded}: a deposit is {@code update(a -> a.deposit(amount))}, and
 * a withdrawal is {@code awaitAndUpdate(a -> a.balance() >= amount, a -> a.withdraw(amount))}, which
 * waits and withdraws in one atomic step; both return the state they produced, so each printed
 * balance is exactly the one that operation left, and its operation number says in which order the
 * operations happened (the threads may print their lines in another order). Only
 * deposits that make a withdrawal possible wake that withdrawer. The amounts come from a fixed seed
 * and are checked before the run: if all withdrawals fit in the opening balance plus all deposits,
 * no withdrawer can wait forever. The six workers run on a {@link WorkerPool} (the seed: a
 * {@code ThreadPoolExecutor}), whose {@code close()} would throw any failure of theirs.
 */
public final class BankAccount {

    /** Opening balance, depositors x rounds, withdrawers x rounds, as in the seed. */
    static final long INITIAL = 100;
    static final int DEPOSITORS = 3, DEPOSIT_ROUNDS = 5, WITHDRAWERS = 3, WITHDRAW_ROUNDS = 3;
    /** The seed for the amounts: deposits 50..200 and withdrawals 100..300, as in the seed. */
    static final long AMOUNTS_SEED = 2024;
    /** Pauses between operations (the seed: 0.1 s and 0.2 s). */
    static final long DEPOSIT_PAUSE_MS = 2, WITHDRAW_PAUSE_MS = 4;

    private BankAccount() {
    }

    /**
     * The outcome.
     *
     * @param initial       the opening balance
     * @param deposited     the sum of all deposits
     * @param withdrawn     the sum of the withdrawals that went through
     * @param finalBalance  the balance at the end: {@code initial + deposited - withdrawn}
     * @param operations    how many deposits and withdrawals the account counted: every one of them
     * @param lowestBalance the lowest balance, the opening one included: never negative
     * @param shortOnArrival how many withdrawals found the balance too low when they came, and waited
     */
    public record Result(long initial, long deposited, long withdrawn, long finalBalance, int operations,
                         long lowestBalance, int shortOnArrival) implements ExampleResult {
        @Override
        public boolean ok() {
            return finalBalance == initial + deposited - withdrawn && lowestBalance >= 0
                    && operations == DEPOSITORS * DEPOSIT_ROUNDS + WITHDRAWERS * WITHDRAW_ROUNDS;
        }
    }

    /**
     * The account's state: an immutable value, as {@link Guarded} wants, replaced by each operation.
     *
     * @param balance    the money in it
     * @param operations how many operations made it; each one's number says where it came in the
     *                   account's history, whatever order the threads print their lines in
     */
    record Account(long balance, int operations) {
        Account deposit(long amount) {
            return new Account(balance + amount, operations + 1);
        }

        Account withdraw(long amount) {
            if (amount > balance) {
                throw new IllegalStateException("withdrawal of $" + amount + " exceeds the balance of $" + balance);
            }
            return new Account(balance - amount, operations + 1);
        }
    }

    /**
     * Runs the example.
     *
     * @param out where to print what it shows
     * @return the outcome
     * @throws InterruptedException if interrupted while waiting
     */
    public static Result run(PrintStream out) throws InterruptedException {
        Random random = new Random(AMOUNTS_SEED);
        long[][] deposits = amounts(random, DEPOSITORS, DEPOSIT_ROUNDS, 50, 200);
        long[][] withdrawals = amounts(random, WITHDRAWERS, WITHDRAW_ROUNDS, 100, 300);
        // The seed never checks this, so its withdrawers can wait forever. If every withdrawal
        // together fits in the opening balance plus every deposit, none waits forever: once all
        // deposits are in, the balance covers all that is left to withdraw.
        long canWithdraw = INITIAL + sum(deposits), wantWithdraw = sum(withdrawals);
        if (wantWithdraw > canWithdraw) {
            throw new IllegalStateException("the withdrawals ($" + wantWithdraw + ") exceed the opening balance"
                    + " plus the deposits ($" + canWithdraw + "): some withdrawer would wait forever");
        }

        Guarded<Account> account = new Guarded<>(new Account(INITIAL, 0));
        LongAccumulator lowest = new LongAccumulator(Math::min, INITIAL);
        LongAccumulator deposited = new LongAccumulator(Long::sum, 0);
        LongAccumulator withdrawn = new LongAccumulator(Long::sum, 0);
        AtomicInteger shortOnArrival = new AtomicInteger();
        out.printf("%d depositors (%d rounds each) + %d withdrawers (%d rounds each); initial balance: $%d%n",
                DEPOSITORS, DEPOSIT_ROUNDS, WITHDRAWERS, WITHDRAW_ROUNDS, INITIAL);
        out.println("(#NN is the operation's place in the account's history; each thread prints its line after its"
                + " operation, when it gets to run, so the lines may come out of #NN order: the numbers, not the"
                + " lines, give the order)");

        try (WorkerPool pool = WorkerPool.builder().name("bank").platformThreads(DEPOSITORS + WITHDRAWERS).build()) {
            List<Task<?>> tasks = new ArrayList<>();
            for (int d = 0; d < DEPOSITORS; d++) {
                long[] mine = deposits[d];
                String name = "Depositor-" + (d + 1);
                tasks.add(pool.submit(() -> {
                    for (long amount : mine) {
                        Account after = account.update(a -> a.deposit(amount));
                        deposited.accumulate(amount);
                        lowest.accumulate(after.balance());
                        out.printf("  #%02d %s deposited $%3d -> balance: $%d%n", after.operations(), name, amount,
                                after.balance());
                        Thread.sleep(DEPOSIT_PAUSE_MS);
                    }
                    return null;
                }));
            }
            for (int w = 0; w < WITHDRAWERS; w++) {
                long[] mine = withdrawals[w];
                String name = "Withdrawer-" + (w + 1);
                tasks.add(pool.submit(() -> {
                    for (long amount : mine) {
                        long seen = account.get().balance(); // a snapshot, only for the message
                        if (seen < amount) {
                            shortOnArrival.incrementAndGet();
                            out.printf("      %s wants to withdraw $%d, the balance is $%d: waiting for deposits%n",
                                    name, amount, seen);
                        }
                        // Waits until the balance covers the amount, then withdraws, in one atomic step.
                        Account after = account.awaitAndUpdate(a -> a.balance() >= amount, a -> a.withdraw(amount));
                        withdrawn.accumulate(amount);
                        lowest.accumulate(after.balance());
                        out.printf("  #%02d %s withdrew  $%3d -> balance: $%d%n", after.operations(), name, amount,
                                after.balance());
                        Thread.sleep(WITHDRAW_PAUSE_MS);
                    }
                    return null;
                }));
            }
            for (Task<?> t : tasks) {
                t.join(); // rethrows a worker's failure, if any
            }
        }
        Account end = account.get();
        Result r = new Result(INITIAL, deposited.get(), withdrawn.get(), end.balance(), end.operations(),
                lowest.get(), shortOnArrival.get());
        out.printf("final balance: $%d = $%d initial + $%d deposited - $%d withdrawn: %s%n", r.finalBalance(),
                INITIAL, r.deposited(), r.withdrawn(),
                r.finalBalance() == INITIAL + r.deposited() - r.withdrawn() ? "adds up" : "DOES NOT ADD UP");
        out.printf("%d operations; %d of the %d withdrawals found the balance short and waited; lowest balance: $%d%n",
                r.operations(), r.shortOnArrival(), WITHDRAWERS * WITHDRAW_ROUNDS, r.lowestBalance());
        return r;
    }

    private static long sum(long[][] amounts) {
        long sum = 0;
        for (long[] row : amounts) {
            for (long a : row) {
                sum += a;
            }
        }
        return sum;
    }

    /** Draws {@code people x rounds} amounts between {@code min} and {@code max}. */
    private static long[][] amounts(Random random, int people, int rounds, int min, int max) {
        long[][] amounts = new long[people][rounds];
        for (long[] row : amounts) {
            for (int i = 0; i < rounds; i++) {
                row[i] = min + random.nextInt(max - min + 1);
            }
        }
        return amounts;
    }
}
