package dev.conduit.examples;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The registry: every example is listed once, can be found by name, runs, and comes out right. */
class ExamplesTest {

    static List<String> names() {
        return Examples.names();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("names")
    void everyExampleRunsFromTheRegistryAndHoldsItsInvariant(String name) throws Exception {
        Example example = Examples.find(name).orElseThrow();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ExampleResult result;
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            result = example.run(out);
        }
        assertThat(result.ok()).as("%s: %s", name, result).isTrue();
        assertThat(bytes.toString(StandardCharsets.UTF_8)).as("what %s prints", name).isNotBlank();
        assertThat(example.type().getDeclaredClasses()).as("%s's result type", name).contains(result.getClass());
    }

    @Test
    void namesAreUniqueLowerCaseWithDashesAndFindable() {
        assertThat(Examples.names()).doesNotHaveDuplicates().allMatch(n -> n.matches("[a-z]+(-[a-z]+)*"));
        for (Example e : Examples.all()) {
            assertThat(Examples.find(e.name())).containsSame(e);
            assertThat(e.seeds()).matches("\\d{3}(, \\d{3})*");
            assertThat(e.shows()).isNotBlank();
        }
        assertThat(Examples.find("no-such-example")).isEmpty();
    }

    @Test
    void everySeedScenarioOfTheIssueHasAnExample() {
        assertThat(Examples.names()).contains("lost-update", "ping-pong", "get-put-modes", "bounded-queue",
                "queue-order", "producer-consumer", "many-producers", "task-done", "counter", "dictionary",
                "thread-local", "pipe", "shared-list", "event-condition", "worker-pool", "bank-account");
    }

    @Test
    void theReadmeTableHasARowForEveryExample() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md")); // surefire runs in the module directory
        for (Example e : Examples.all()) {
            assertThat(readme).as("README row for %s", e.name())
                    .contains("`" + e.type().getSimpleName() + "`, `" + e.name() + "`");
        }
    }
}
