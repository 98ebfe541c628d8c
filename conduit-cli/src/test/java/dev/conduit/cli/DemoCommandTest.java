package dev.conduit.cli;

import dev.conduit.examples.Examples;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code conduit demo}, run through {@link ConduitCli#run} with its output captured. */
class DemoCommandTest {

    /** What a run of the program printed and returned. */
    record Run(int exitCode, String out, String err) {
    }

    /** Runs the program with System.out and System.err captured (restored afterwards). */
    private static Run conduit(String... args) {
        PrintStream oldOut = System.out, oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            System.setOut(o);
            System.setErr(e);
            int code = ConduitCli.run(args);
            return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    @Test
    void listNamesEveryExampleAndRunsNothing() {
        Run run = conduit("demo", "--list");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains(Examples.names()).contains("conduit demo NAME")
                .doesNotContain("producers ->");
        assertThat(run.out().lines().filter(l -> l.startsWith("  "))).hasSize(Examples.all().size());
    }

    @Test
    void aNamedDemoRunsThatExampleAndExitsZeroWhenItsOutcomeHolds() {
        Run run = conduit("demo", "counter");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("== counter (seed 003; SafeCounter)")
                .contains("LongAdder: 100,000").contains("outcome: as expected");
    }

    @Test
    void noNameRunsTheChannelDemoThenListsTheOtherDemos() {
        Run run = conduit("demo", "--items", "2000", "--producers", "3", "--consumers", "2", "--capacity", "16");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("3 producers -> channel(capacity 16) -> 2 consumers")
                .contains("sent 6,000 items, received 6,000, checksum ok")
                .contains(Examples.names());
        assertThat(run.out().indexOf("checksum ok")).isLessThan(run.out().indexOf("lost-update"));
    }

    @Test
    void anUnknownNameIsAUsageErrorThatNamesItAndTheValidNames() {
        Run run = conduit("demo", "no-such-demo");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("unknown demo 'no-such-demo'").contains(String.join(", ", Examples.names()));
        assertThat(run.out()).isEmpty();
    }

    @Test
    void channelDemoOptionsWithANameAreAUsageError() {
        Run run = conduit("demo", "counter", "--items", "5");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--items applies only to the channel demo").contains("'counter'");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void badChannelDemoCountsAreAUsageError() {
        Run run = conduit("demo", "--producers", "0");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--producers and --consumers must be at least 1");
    }
}
