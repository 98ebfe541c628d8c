package dev.conduit.examples;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

class BankAccountTest {

    @Test
    @Timeout(60) // a lost wake-up would leave a withdrawer waiting: fail instead of hanging the build
    void theBalanceAddsUpAndNeverGoesNegative() throws Exception {
        Printed printed = new Printed();
        BankAccount.Result r = BankAccount.run(printed.out);

        assertThat(r.initial()).isEqualTo(100);
        assertThat(r.deposited()).isBetween(15L * 50, 15L * 200);   // 3 depositors x 5 rounds of $50..$200
        assertThat(r.withdrawn()).isBetween(9L * 100, 9L * 300);    // 3 withdrawers x 3 rounds of $100..$300
        assertThat(r.finalBalance()).isEqualTo(r.initial() + r.deposited() - r.withdrawn());
        assertThat(r.lowestBalance()).isNotNegative();
        assertThat(r.operations()).isEqualTo(15 + 9); // every deposit and withdrawal counted once
        assertThat(printed.text()).contains("adds up");
        assertThat(r.ok()).isTrue();
    }

    @Test
    @Timeout(60)
    void everyWithdrawalGoesThroughWithTheFixedAmounts() throws Exception {
        Printed printed = new Printed();
        BankAccount.run(printed.out);
        assertThat(printed.text().lines().filter(l -> l.contains(" withdrew "))).hasSize(9);
        assertThat(printed.text().lines().filter(l -> l.contains(" deposited $"))).hasSize(15);
    }
}
