package dev.conduit.cli.download.command;

import dev.conduit.cli.download.testing.CliRun;
import dev.conduit.cli.download.testing.MisbehavingServer;
import dev.conduit.cli.download.testing.TestWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import static dev.conduit.cli.download.testing.TestFiles.listFiles;
import static dev.conduit.cli.download.testing.TestFiles.readFailedFile;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every way a URL can fail ends as saved or as a failed-file line with its reason, never as a
 * partial file under a final name; and the failed file, read back, retries exactly those URLs.
 */
class DownloadFailuresTest {
    @TempDir
    Path tmp;

    private TestWebServer server;
    private Path out;
    private String hostDir;

    @BeforeEach
    void start() throws IOException {
        server = new TestWebServer();
        out = tmp.resolve("out");
        hostDir = "127.0.0.1_" + server.port();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @ParameterizedTest(name = "--http-engine {0}")
    @ValueSource(strings = {"auto", "jdk"})
    void httpErrorsAreRetriedOrReportedWithTheirReason(String engine) throws IOException {
        server.route("/missing", ex -> TestWebServer.send(ex, 404, "no"));
        AtomicInteger flaky = new AtomicInteger();
        server.route("/flaky", ex -> TestWebServer.send(ex, flaky.incrementAndGet() == 1 ? 500 : 200, "flaky body"));
        ConcurrentLinkedQueue<Long> busyTimes = new ConcurrentLinkedQueue<>();
        server.route("/busy", ex -> {
            busyTimes.add(System.nanoTime());
            if (busyTimes.size() == 1) {
                ex.getResponseHeaders().add("Retry-After", "1");
                TestWebServer.send(ex, 429, "slow down");
            } else {
                TestWebServer.send(ex, 200, "busy body");
            }
        });
        server.route("/loop", ex -> {
            ex.getResponseHeaders().add("Location", "/loop");
            ex.sendResponseHeaders(302, -1);
        });
        server.route("/hop", ex -> {
            ex.getResponseHeaders().add("Location", "/target.txt");
            ex.sendResponseHeaders(301, -1);
        });
        server.route("/target.txt", ex -> TestWebServer.send(ex, 200, "redirected body"));
        server.route("/down", ex -> TestWebServer.send(ex, 503, "down"));

        CliRun run = CliRun.download(server.url("/missing"), server.url("/flaky"), server.url("/busy"),
                server.url("/loop"), server.url("/hop"), server.url("/down"), "http://exa mple.org/",
                "-o", out, "--retries", 2, "--retry-wait", "50ms", "--http-engine", engine);

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        Path host = out.resolve(hostDir);
        assertThat(host.resolve("flaky")).content().isEqualTo("flaky body");
        assertThat(server.count("/flaky")).isEqualTo(2);
        assertThat(host.resolve("busy")).content().isEqualTo("busy body");
        List<Long> busy = List.copyOf(busyTimes);
        assertThat(busy).hasSize(2);
        assertThat((busy.get(1) - busy.get(0)) / 1_000_000).as("ms between 429 and retry").isGreaterThanOrEqualTo(950);
        assertThat(host.resolve("hop")).content().isEqualTo("redirected body"); // saved under the URL asked for
        assertThat(server.count("/missing")).isEqualTo(1); // a 404 is not retried
        assertThat(server.count("/down")).isEqualTo(3);
        assertThat(server.count("/loop")).isEqualTo(11);

        Map<String, String> failed = readFailedFile(out.resolve("failed.txt"));
        assertThat(failed).containsOnlyKeys(server.url("/missing"), server.url("/loop"), server.url("/down"), "http://exa mple.org/");
        assertThat(failed.get(server.url("/missing"))).isEqualTo("HTTP 404");
        assertThat(failed.get(server.url("/loop"))).startsWith("too many redirects (more than 10; a redirect loop?)");
        assertThat(failed.get(server.url("/down"))).isEqualTo("HTTP 503 (gave up after 3 attempts)");
        assertThat(failed.get("http://exa mple.org/")).startsWith("malformed URL: the host");
        assertThat(listFiles(host)).hasSize(3);
        assertThat(run.out()).contains("3 saved, 0 skipped, 4 failed of 7 URLs");
    }

    @ParameterizedTest(name = "--http-engine {0}")
    @ValueSource(strings = {"auto", "jdk"})
    void stallsAndResetsAreTimedOutRetriedAndNeverLeaveAPartialFile(String engine) throws IOException {
        try (MisbehavingServer bad = new MisbehavingServer()) {
            CliRun run = CliRun.download(bad.url("/stall"), bad.url("/stall-body"), bad.url("/reset-once"),
                    bad.url("/reset-always"), "-o", out, "--timeout", "1s", "--retries", 1, "--retry-wait", "50ms",
                    "--http-engine", engine);

            assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
            Map<String, String> failed = readFailedFile(out.resolve("failed.txt"));
            assertThat(failed).containsOnlyKeys(bad.url("/stall"), bad.url("/stall-body"), bad.url("/reset-always"));
            assertThat(failed.get(bad.url("/stall"))).isEqualTo("no response within 1.0 s (gave up after 2 attempts)");
            assertThat(failed.get(bad.url("/stall-body")))
                    .isEqualTo("timed out: no data for 1.0 s while reading the body (gave up after 2 attempts)");
            assertThat(failed.get(bad.url("/reset-always"))).startsWith("connection failed while reading the body");
            assertThat(bad.count("/reset-once")).isEqualTo(2);
            assertThat(bad.count("/reset-always")).isEqualTo(2);

            // the one that recovered is whole; nothing else is there, not even a temporary file
            Path host = out.resolve("127.0.0.1_" + bad.url("").replaceAll(".*:", ""));
            assertThat(host.resolve("reset-once")).hasBinaryContent(MisbehavingServer.body());
            assertThat(listFiles(out)).containsExactlyInAnyOrder(host.resolve("reset-once"), out.resolve("failed.txt"));
        }
    }

    @Test
    void theFailedFileRetriesExactlyTheFailedUrls() throws IOException {
        AtomicBoolean healthy = new AtomicBoolean(false);
        // every third URL fails until the server is healthy
        server.route("/r/", ex -> {
            int n = Integer.parseInt(ex.getRequestURI().getPath().substring(3));
            boolean fail = n % 3 == 0 && !healthy.get();
            TestWebServer.send(ex, fail ? 503 : 200, fail ? "unavailable" : "file " + n);
        });
        List<String> urls = IntStream.range(0, 30).mapToObj(i -> server.url("/r/" + i)).toList();

        CliRun first = CliRun.download(urls, "-o", out, "--retries", 0);

        assertThat(first.exitCode()).as(first.toString()).isEqualTo(1);
        Path failedFile = out.resolve("failed.txt");
        List<String> expectedFailures = IntStream.range(0, 30).filter(i -> i % 3 == 0).mapToObj(i -> server.url("/r/" + i)).toList();
        assertThat(readFailedFile(failedFile).keySet()).containsExactlyElementsOf(expectedFailures);
        assertThat(readFailedFile(failedFile).values()).containsOnly("HTTP 503");

        healthy.set(true);
        int before = server.requests().size();
        CliRun second = CliRun.download("-i", failedFile, "-o", out);

        assertThat(second.exitCode()).as(second.toString()).isZero();
        List<String> retried = server.requests().subList(before, server.requests().size());
        assertThat(retried).containsExactlyInAnyOrderElementsOf(
                expectedFailures.stream().map(u -> u.substring(u.indexOf("/r/"))).toList());
        for (int i = 0; i < 30; i++) {
            assertThat(out.resolve(hostDir).resolve("r").resolve(String.valueOf(i))).content().isEqualTo("file " + i);
        }
        assertThat(readFailedFile(failedFile)).isEmpty(); // it now lists no URL
        assertThat(second.out()).contains("10 saved, 0 skipped, 0 failed of 10 URLs");
    }

}
