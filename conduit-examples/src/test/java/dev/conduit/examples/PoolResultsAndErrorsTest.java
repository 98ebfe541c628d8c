package dev.conduit.examples;

import org.junit.jupiter.api.Test;

import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class PoolResultsAndErrorsTest {

    @Test
    void resultsInInputOrderAndNoFailureIsLost() throws Exception {
        PoolResultsAndErrors.Result r = PoolResultsAndErrors.run(new Printed().out);

        assertThat(r.results()).containsExactlyElementsOf(IntStream.range(0, 20).map(x -> 2 * x).boxed().toList());
        assertThat(r.joinedFailure()).startsWith("NumberFormatException").contains("13x");
        assertThat(r.doneAtIdle()).isEqualTo(PoolResultsAndErrors.INPUTS);
        assertThat(r.unobservedReported()).containsExactly("IllegalStateException: disk full");
        assertThat(r.jdkPoolReported()).isZero(); // what the JDK's pool does with the same failure
        assertThat(r.ok()).isTrue();
    }
}
