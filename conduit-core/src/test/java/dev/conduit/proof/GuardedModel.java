package dev.conduit.proof;

/**
 * The sequential model of a {@link dev.conduit.sync.Guarded} integer balance. Waiting forms
 * return {@link Outcomes#WOULD_BLOCK} (never a real result) when their condition does not hold,
 * so a history is accepted only if each wait can be placed where its condition held.
 */
public class GuardedModel {
    private int balance;

    public int get() {
        return balance;
    }

    public void set(int value) {
        balance = value;
    }

    public int deposit(int amount) {
        balance += amount;
        return balance;
    }

    public boolean tryWithdraw(int amount) {
        if (balance >= amount) {
            balance -= amount;
            return true;
        }
        return false;
    }

    public boolean isAtLeastNow(int amount) {
        return balance >= amount;
    }

    public Object awaitAtLeast(int amount) {
        return balance >= amount ? (Object) balance : Outcomes.WOULD_BLOCK;
    }

    public Object withdraw(int amount) {
        if (balance < amount) {
            return Outcomes.WOULD_BLOCK;
        }
        balance -= amount;
        return balance;
    }
}
