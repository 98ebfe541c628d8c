package dev.conduit.cli.download.command;

import dev.conduit.cli.download.testing.CliRun;
import dev.conduit.cli.download.testing.TestWebServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static dev.conduit.cli.download.testing.TestFiles.listFiles;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * URLs written to escape the output directory or clobber files: every one lands inside DIR, no
 * file saved in the same run is overwritten, and a file from before the run is replaced only by the
 * URL whose name it has (the same URL always gets the same name).
 */
class HostileNamesTest {
    @TempDir
    Path tmp;

    @Test
    void everyHostileUrlLandsInsideTheDirectoryAndNoSavedFileIsOverwritten() throws IOException {
        try (TestWebServer server = new TestWebServer()) {
            // each body names the request it answers, so we can find every URL's file afterwards
            server.route("/", ex -> TestWebServer.send(ex, 200, "body for " + ex.getRequestURI().getRawPath()
                    + (ex.getRequestURI().getRawQuery() == null ? "" : "?" + ex.getRequestURI().getRawQuery())));
            Path out = tmp.resolve("out");
            Path host = Files.createDirectories(out.resolve("127.0.0.1_" + server.port()));
            Path old = Files.createDirectories(host.resolve("etc")).resolve("passwd");
            Files.writeString(old, "precious");
            List<String> paths = List.of(
                    "/../../etc/passwd",
                    "/%2e%2e/%2e%2e/etc/passwd",
                    "/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd",
                    "//etc/passwd",
                    "/etc//passwd",
                    "/%2Fetc%2Fpasswd",
                    "/" + "long".repeat(100) + ".txt",
                    "/" + "long".repeat(100) + ".txt?v=2",
                    "/deep" + "/0123456789".repeat(150),
                    "/dup/",
                    "/dup/index.html",
                    "/dup/./index.html",
                    "/CON",
                    "/ctl%01%1b%7f",
                    "/same",
                    "/same/child");

            CliRun run = CliRun.download(paths.stream().map(server::url).toList(), "-o", out, "-j", 4);

            assertThat(run.exitCode()).as(run.toString()).isZero();
            assertThat(old).content().startsWith("body for /"); // the earlier copy of the URL whose name it is
            try (Stream<Path> siblings = Files.list(tmp)) {
                assertThat(siblings).containsExactly(out); // nothing written beside or above DIR
            }
            Set<String> bodies = new HashSet<>();
            Path realOut = out.toRealPath();
            for (Path f : listFiles(out)) {
                assertThat(f.toRealPath()).startsWith(realOut);
                assertThat(f.getFileName().toString().length()).isLessThanOrEqualTo(255);
                assertThat(bodies.add(Files.readString(f))).as("one file per URL: %s", f).isTrue();
            }
            // one file per URL: nothing saved in this run was overwritten, nothing lost; /dup/./index.html
            // is /dup/index.html, given twice, so fetched once
            assertThat(listFiles(out)).hasSize(paths.size() - 1);
            assertThat(bodies).hasSize(paths.size() - 1);
            assertThat(bodies).allSatisfy(b -> assertThat(b).startsWith("body for /"));
        }
    }
}
