package dev.conduit.cli.download.run;

import dev.conduit.cli.download.testing.CliRun;
import dev.conduit.cli.download.testing.MisbehavingServer;
import dev.conduit.cli.download.testing.TestWebServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.conduit.cli.download.testing.TestFiles.readFailedFile;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link HostBreaker}: a host that does not answer is given up, and only that host. */
class HostBreakerTest {
    @TempDir
    Path tmp;

    @Test
    void opensAfterTheLimitInARowAndAnAnswerClosesIt() {
        HostBreaker breaker = new HostBreaker(3);
        URI a = URI.create("http://a.example/x");
        URI sameHost = URI.create("http://A.example:80/y");
        URI otherPort = URI.create("http://a.example:8080/x");

        breaker.unanswered(a, "refused");
        breaker.unanswered(sameHost, "refused");
        assertThat(breaker.refusal(a)).isNull();
        breaker.unanswered(a, "timed out");

        assertThat(breaker.refusal(sameHost))
                .isEqualTo("host given up: the last 3 attempts to a.example:80 got no answer (the last: timed out)");
        assertThat(breaker.refusal(otherPort)).isNull();
        breaker.answered(a);
        assertThat(breaker.refusal(a)).isNull();
        assertThatThrownBy(() -> new HostBreaker(0)).hasMessageContaining("at least 1");
    }

    /**
     * A server that is gone: after the limit (2 x -j, at least 10) its URLs fail at once, each listed
     * with the reason; a URL on a live host in the same run is still saved.
     */
    @Test
    void aHostThatRefusesEveryConnectionIsGivenUpAndTheOthersStillDownload() throws IOException {
        int deadPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            deadPort = s.getLocalPort(); // closed again below: connections to it are refused
        }
        List<String> dead = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            dead.add("http://127.0.0.1:" + deadPort + "/f" + i);
        }
        Path out = tmp.resolve("out");
        try (TestWebServer live = new TestWebServer()) {
            live.route("/alive", ex -> TestWebServer.send(ex, 200, "still here"));

            CliRun run = CliRun.download(dead, live.url("/alive"), "-o", out, "-j", 4, "--retries", 3,
                    "--retry-wait", "10ms", "-q");

            assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
            assertThat(out.resolve("127.0.0.1_" + live.port()).resolve("alive")).hasContent("still here");
        }
        Map<String, String> failed = readFailedFile(out.resolve("failed.txt"));
        assertThat(failed).containsOnlyKeys(dead);
        long givenUp = failed.values().stream().filter(r -> r.startsWith("host given up: the last ")).count();
        long tried = failed.values().stream().filter(r -> r.startsWith("cannot connect to 127.0.0.1:" + deadPort)).count();
        assertThat(givenUp + tried).isEqualTo(200);
        // at most the limit's worth of attempts (10) plus those in flight when it opened, at 4 per URL
        assertThat(tried).isLessThanOrEqualTo(10);
        assertThat(givenUp).isGreaterThanOrEqualTo(190);
    }

    /**
     * A server that accepts connections and then goes silent, before the head or in the middle of
     * the body: each attempt times out, and after the limit the host's remaining URLs fail at once
     * instead of each waiting out 4 timeouts. Without the breaker the server would see 400 requests.
     */
    @ParameterizedTest(name = "{0} --http-engine {2}")
    @CsvSource({"/stall, no response within 200 ms, auto", "/stall-body, timed out: no data for 200 ms, auto",
            "/stall, no response within 200 ms, jdk", "/stall-body, timed out: no data for 200 ms, jdk"})
    void aHostThatAcceptsAndThenStallsIsGivenUp(String route, String timeoutReason, String engine) throws IOException {
        Path out = tmp.resolve("out");
        List<String> urls = new ArrayList<>();
        Map<String, String> failed;
        int requests = 0;
        try (MisbehavingServer stalling = new MisbehavingServer()) {
            for (int i = 0; i < 100; i++) {
                urls.add(stalling.url(route + "?" + i));
            }
            CliRun run = CliRun.download(urls, "-o", out, "-j", 4, "--retries", 3, "--retry-wait", "10ms",
                    "--timeout", "200ms", "--http-engine", engine, "-q");

            assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
            for (int i = 0; i < 100; i++) {
                requests += stalling.count(route + "?" + i);
            }
        }
        failed = readFailedFile(out.resolve("failed.txt"));
        assertThat(failed).containsOnlyKeys(urls);
        long givenUp = failed.values().stream().filter(r -> r.startsWith("host given up: the last ")).count();
        long tried = failed.values().stream().filter(r -> r.startsWith(timeoutReason)).count();
        assertThat(givenUp + tried).as(failed.toString()).isEqualTo(100);
        // the limit (10) plus the attempts in flight when it opened (4 workers)
        assertThat(requests).isBetween(10, 14);
        assertThat(givenUp).isGreaterThanOrEqualTo(90);
        assertThat(failed.values()).filteredOn(r -> r.startsWith("host given up"))
                .allSatisfy(r -> assertThat(r).contains("got no answer (the last: " + timeoutReason));
    }
}
