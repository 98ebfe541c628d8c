package dev.conduit.cli.download.command;

import com.sun.net.httpserver.HttpExchange;
import dev.conduit.cli.download.testing.CliRun;
import dev.conduit.cli.download.testing.TestWebServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code -c/--continue}, as wget's: a shorter file from an earlier run is completed with a Range request. */
class ContinueTest {
    private static final byte[] BODY = "0123456789".repeat(1000).getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path out;

    private final List<String> ranges = new CopyOnWriteArrayList<>();

    private void serve(HttpExchange ex, boolean honourRange) throws IOException {
        String range = ex.getRequestHeaders().getFirst("Range");
        ranges.add(String.valueOf(range));
        if (honourRange && range != null && range.startsWith("bytes=")) {
            int from = Integer.parseInt(range.substring(6, range.length() - 1));
            if (from >= BODY.length) {
                ex.getResponseHeaders().add("Content-Range", "bytes */" + BODY.length);
                ex.sendResponseHeaders(416, -1);
                return;
            }
            ex.getResponseHeaders().add("Content-Range", "bytes " + from + "-" + (BODY.length - 1) + "/" + BODY.length);
            ex.sendResponseHeaders(206, BODY.length - from);
            try (OutputStream o = ex.getResponseBody()) {
                o.write(BODY, from, BODY.length - from);
            }
            return;
        }
        ex.sendResponseHeaders(200, BODY.length);
        try (OutputStream o = ex.getResponseBody()) {
            o.write(BODY);
        }
    }

    @Test
    void aShorterFileIsCompletedAFullOneLeftAndAnIgnoredRangeFetchedWhole() throws IOException {
        try (TestWebServer server = new TestWebServer()) {
            server.route("/ranged/", ex -> serve(ex, true));
            server.route("/whole/", ex -> serve(ex, false));
            Path host = Files.createDirectories(out.resolve("127.0.0.1_" + server.port()));
            Files.createDirectories(host.resolve("ranged"));
            Files.createDirectories(host.resolve("whole"));
            Files.write(host.resolve("ranged/part.txt"), java.util.Arrays.copyOf(BODY, 4000));
            Files.write(host.resolve("ranged/done.txt"), BODY);
            Files.write(host.resolve("whole/part.txt"), java.util.Arrays.copyOf(BODY, 4000));

            CliRun run = CliRun.download("-c", "-j", 1, "-o", out, server.url("/ranged/part.txt"),
                    server.url("/ranged/done.txt"), server.url("/whole/part.txt"));

            assertThat(run.exitCode()).as(run.toString()).isZero();
            assertThat(Files.readAllBytes(host.resolve("ranged/part.txt"))).isEqualTo(BODY);
            assertThat(Files.readAllBytes(host.resolve("ranged/done.txt"))).isEqualTo(BODY);
            assertThat(Files.readAllBytes(host.resolve("whole/part.txt"))).isEqualTo(BODY);
            assertThat(ranges).contains("bytes=4000-", "bytes=10000-");
            assertThat(run.out()).contains("2 saved, 1 skipped, 0 failed of 3 URLs");
            try (var files = Files.list(host.resolve("whole"))) {
                assertThat(files).hasSize(1); // no part.txt-1
            }
        }
    }

    @Test
    void continueAndSkipExistingContradictEachOther() {
        CliRun run = CliRun.download("-c", "--skip-existing", "-o", out, "http://127.0.0.1:1/x");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--skip-existing and -c/--continue contradict each other");
    }
}
