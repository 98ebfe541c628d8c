package dev.conduit.cli.download.command;

import dev.conduit.cli.download.testing.CliRun;
import dev.conduit.cli.download.testing.TestWebServer;
import dev.conduit.cli.download.text.ByteSizes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What a new user of {@code conduit download} ran into (issue 17, item 4), each pinned. */
class NewUserDefectsTest {
    @TempDir
    Path tmp;

    @Test
    void aUsageErrorIsOneLineWithWhereToLookWhateverItIs() {
        for (CliRun run : new CliRun[] {
                CliRun.download("-j", "0", "-o", tmp, "http://127.0.0.1:1/x"),
                CliRun.download("--no-such-option", "-o", tmp, "http://127.0.0.1:1/x"),
                CliRun.download("-j", "100000", "-o", tmp, "http://127.0.0.1:1/x")}) {
            assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
            assertThat(run.err().strip().lines()).as(run.toString()).hasSize(1);
            assertThat(run.err()).startsWith("conduit download: ").contains("(see 'conduit download --help')");
            assertThat(run.out()).isEmpty();
        }
        assertThat(CliRun.download("-j", "100000", "-o", tmp, "http://127.0.0.1:1/x").err())
                .contains("at most 256, was 100000").contains("thread");
        assertThat(CliRun.download("--max-sise", "1k", "-o", tmp, "http://127.0.0.1:1/x").err()).contains("--max-size");
    }

    @Test
    void unreadableAndUnusableFilesSayWhy() {
        CliRun missing = CliRun.download("-i", tmp.resolve("nonexistent").toString(), "-o", tmp.resolve("out"));
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).contains("cannot read the URL list").contains("no such file or directory");

        CliRun proc = CliRun.download("-o", "/proc/conduit-test/out", "http://127.0.0.1:1/x");
        assertThat(proc.exitCode()).isEqualTo(2);
        assertThat(proc.err()).contains("/proc/conduit-test/out: ").doesNotEndWith("/proc/conduit-test/out\n");
    }

    @Test
    void spacesAreEncodedCommentsAfterAUrlIgnoredAndDuplicatesFetchedOnce() throws IOException {
        try (TestWebServer server = new TestWebServer()) {
            server.route("/", ex -> TestWebServer.send(ex, 200, "at " + ex.getRequestURI().getRawPath()));
            Path list = Files.writeString(tmp.resolve("urls.txt"), String.join("\n",
                    server.url("/a b.txt") + "   # a file with a space",
                    server.url("/c.txt") + "\t# tab, then a comment",
                    server.url("/c.txt"),
                    server.url("/c.txt#part") + " # the same URL: a fragment is not sent",
                    "# a comment line"));

            CliRun run = CliRun.download("-i", list, "-o", tmp.resolve("out"));

            assertThat(run.exitCode()).as(run.toString()).isZero();
            assertThat(server.requests()).containsExactlyInAnyOrder("/a%20b.txt", "/c.txt");
            assertThat(run.out()).contains("2 URLs were given more than once; each is fetched once")
                    .contains("2 saved, 0 skipped, 0 failed of 2 URLs");
            assertThat(tmp.resolve("out/127.0.0.1_" + server.port() + "/a b.txt")).content().isEqualTo("at /a%20b.txt");
        }
    }

    @Test
    void sizesAreCheckedForZeroAndOverflow() {
        CliRun zero = CliRun.download("--max-size", "0", "-o", tmp, "http://127.0.0.1:1/x");
        assertThat(zero.exitCode()).isEqualTo(2);
        assertThat(zero.err()).contains("--max-size must be more than 0");
        CliRun huge = CliRun.download("--max-size", "99999999999999999999G", "-o", tmp, "http://127.0.0.1:1/x");
        assertThat(huge.exitCode()).isEqualTo(2);
        assertThat(huge.err()).contains("too large");
        assertThatThrownBy(() -> ByteSizes.parse("8E")).isInstanceOf(IllegalArgumentException.class);
        assertThat(ByteSizes.parse("7T")).isEqualTo(7L << 40);
    }

    @Test
    void failuresGoToStandardErrorAndTheCountsToStandardOutput() throws IOException {
        try (TestWebServer server = new TestWebServer()) {
            server.route("/ok", ex -> TestWebServer.send(ex, 200, "ok"));
            CliRun run = CliRun.download("-o", tmp.resolve("out"), "--retries", "0", server.url("/ok"), server.url("/missing"));

            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.out()).contains("saved").contains("1 saved, 0 skipped, 1 failed of 2 URLs")
                    .doesNotContain("FAILED").doesNotContain("HTTP 404");
            assertThat(run.err()).contains("FAILED").contains("HTTP 404").contains("failed URLs and reasons are in");
        }
    }
}
