package dev.conduit.cli.download.command;

import dev.conduit.cli.download.testing.CliRun;
import dev.conduit.cli.download.testing.TestWebServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code -w} and {@code --limit-rate}. Only lower bounds are asserted (a wait at least this long, a
 * rate at most this high): a slow machine can only make them truer.
 */
class PolitenessTest {
    @TempDir
    Path out;

    @Test
    void waitSpacesTheRequestsToOneHostWhateverTheWorkers() throws IOException {
        List<Long> arrivals = Collections.synchronizedList(new ArrayList<>());
        try (TestWebServer server = new TestWebServer()) {
            server.route("/", ex -> {
                arrivals.add(System.nanoTime());
                TestWebServer.send(ex, 200, "x");
            });
            List<String> urls = IntStream.range(0, 5).mapToObj(i -> server.url("/f" + i)).toList();

            CliRun run = CliRun.download(urls, "-j", 5, "-w", "150ms", "-q", "-o", out);

            assertThat(run.exitCode()).as(run.toString()).isZero();
            List<Long> sorted = arrivals.stream().sorted().toList();
            assertThat(sorted).hasSize(5);
            for (int i = 1; i < sorted.size(); i++) {
                assertThat((sorted.get(i) - sorted.get(i - 1)) / 1e6).as("ms between requests %d and %d", i, i + 1)
                        .isGreaterThanOrEqualTo(140);
            }
        }
    }

    @Test
    void limitRateHoldsTheWholeRunUnderTheRate() throws IOException {
        try (TestWebServer server = new TestWebServer()) {
            server.route("/", ex -> TestWebServer.send(ex, 200, "y".repeat(32 * 1024)));
            List<String> urls = IntStream.range(0, 4).mapToObj(i -> server.url("/g" + i)).toList(); // 128 KiB

            long start = System.nanoTime();
            CliRun run = CliRun.download(urls, "-j", 4, "--limit-rate", "128k", "-q", "-o", out);
            double seconds = (System.nanoTime() - start) / 1e9;

            assertThat(run.exitCode()).as(run.toString()).isZero();
            // 128 KiB at 128 KiB/s: a second, less the 0.2 s of burst a rested run may take
            assertThat(seconds).isGreaterThanOrEqualTo(0.75);
        }
    }
}
