package dev.conduit.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The hidden {@code conduit startup-training} that the launcher records its start-up cache from. */
class StartupTrainingTest {

    @Test
    void runsItsDownloadsQuietlyAndCleansUp() throws IOException {
        List<Path> before = trainingDirs();
        StringWriter printed = new StringWriter();
        CommandLine cli = ConduitCli.commandLine()
                .setOut(new PrintWriter(printed, true))
                .setErr(new PrintWriter(printed, true));

        int code = cli.execute("startup-training");

        assertThat(code).as(printed.toString()).isZero();
        assertThat(printed.toString()).isEmpty();
        assertThat(trainingDirs()).containsExactlyInAnyOrderElementsOf(before);
    }

    @Test
    void isNotListedInTheHelp() {
        StringWriter help = new StringWriter();
        ConduitCli.commandLine().setOut(new PrintWriter(help, true)).execute("--help");

        assertThat(help.toString()).contains("download").doesNotContain("startup-training");
    }

    private static List<Path> trainingDirs() throws IOException {
        try (Stream<Path> all = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return all.filter(p -> p.getFileName().toString().startsWith("conduit-training-")).toList();
        }
    }
}
