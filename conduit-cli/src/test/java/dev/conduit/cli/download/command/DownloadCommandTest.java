package dev.conduit.cli.download.command;

import dev.conduit.cli.download.output.BodySink;
import dev.conduit.cli.download.testing.CliRun;
import dev.conduit.cli.download.testing.TestWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

import static dev.conduit.cli.download.testing.TestFiles.listFiles;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code conduit download} end to end against a real HTTP server on 127.0.0.1: the normal paths and the options. */
class DownloadCommandTest {
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
    void savesOneThousandSmallFilesEachOnceWithTheRightContent(String engine) throws IOException {
        server.route("/f/", ex -> TestWebServer.send(ex, 200, "content of " + ex.getRequestURI().getPath() + "\n"));
        List<String> urls = IntStream.range(0, 1000).mapToObj(i -> server.url("/f/" + i + ".txt")).toList();
        Path list = tmp.resolve("urls.txt");
        Files.write(list, Stream.concat(Stream.of("# a comment", ""), urls.stream()).toList());

        CliRun run = CliRun.download("-i", list, "-o", out, "-j", 16, "--save-workers", 2, "--report",
                "--http-engine", engine);

        assertThat(run.exitCode()).as(run.toString()).isZero();
        for (int i = 0; i < 1000; i++) {
            Path file = out.resolve(hostDir).resolve("f").resolve(i + ".txt");
            assertThat(file).content().isEqualTo("content of /f/" + i + ".txt\n");
            assertThat(server.count("/f/" + i + ".txt")).as("requests for file %d", i).isEqualTo(1);
        }
        assertThat(listFiles(out)).hasSize(1000); // no duplicates, no temporary files, no failed file
        assertThat(run.out()).contains("1000 saved, 0 skipped, 0 failed of 1000 URLs")
                .contains("Bottleneck:").contains("download->save").containsPattern("(?m)^save +2 +1000 +1000 +0 ");
    }

    @ParameterizedTest(name = "--http-engine {0}")
    @ValueSource(strings = {"auto", "jdk"})
    void readsUrlsFromStandardInputAndDecodesGzip(String engine) throws IOException {
        byte[] text = "compressed body\n".repeat(100).getBytes(StandardCharsets.UTF_8);
        server.route("/gz", ex -> {
            ByteArrayOutputStream zipped = new ByteArrayOutputStream();
            try (GZIPOutputStream gz = new GZIPOutputStream(zipped)) {
                gz.write(text);
            }
            ex.getResponseHeaders().add("Content-Encoding", "gzip");
            ex.sendResponseHeaders(200, zipped.size());
            ex.getResponseBody().write(zipped.toByteArray());
        });
        DownloadCommand command = new DownloadCommand();
        command.stdin = new ByteArrayInputStream((server.url("/gz") + "\n\n# done\n").getBytes(StandardCharsets.UTF_8));

        CliRun run = CliRun.download(command, "-i", "-", "-o", out, "--http-engine", engine);

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(out.resolve(hostDir).resolve("gz")).hasBinaryContent(text);
    }

    @ParameterizedTest(name = "--http-engine {0}")
    @ValueSource(strings = {"auto", "jdk"})
    void cleartextRequestsAreHttp11WithoutAnUpgradeOffer(String engine) throws IOException {
        List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        server.route("/plain/", ex -> {
            seen.add(ex.getProtocol() + " upgrade=" + ex.getRequestHeaders().getFirst("Upgrade")
                    + " settings=" + ex.getRequestHeaders().getFirst("HTTP2-Settings"));
            TestWebServer.send(ex, 200, "plain\n");
        });

        CliRun run = CliRun.download(server.url("/plain/a.txt"), server.url("/plain/b.txt"), "-o", out, "--http-engine", engine);

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(seen).containsOnly("HTTP/1.1 upgrade=null settings=null").hasSize(2);
    }

    @Test
    void skipExistingLeavesTheFileAndDoesNotRequestIt() throws IOException {
        server.route("/a.txt", ex -> TestWebServer.send(ex, 200, "new"));
        Path existing = Files.createDirectories(out.resolve(hostDir)).resolve("a.txt");
        Files.writeString(existing, "old");

        CliRun run = CliRun.download(server.url("/a.txt"), "-o", out, "--skip-existing");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(existing).content().isEqualTo("old");
        assertThat(server.count("/a.txt")).isZero();
        assertThat(run.out()).contains("0 saved, 1 skipped, 0 failed of 1 URLs");
    }

    @Test
    void aSecondRunReplacesTheFileItSavedBeforeAndWritesNoCopy() throws IOException {
        server.route("/a.txt", ex -> TestWebServer.send(ex, 200, "new"));
        Path existing = Files.createDirectories(out.resolve(hostDir)).resolve("a.txt");
        Files.writeString(existing, "old");

        CliRun run = CliRun.download(server.url("/a.txt"), "-o", out);

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(existing).content().isEqualTo("new"); // the same URL always gets the same name
        assertThat(listFiles(out.resolve(hostDir))).containsExactly(existing);
    }

    @Test
    void overwriteReplacesAnOldFileButNeverOneSavedInTheSameRun() throws IOException {
        server.route("/d/", ex -> TestWebServer.send(ex, 200, "body of " + ex.getRequestURI().getRawPath()));
        Path existing = Files.createDirectories(out.resolve(hostDir).resolve("d")).resolve("index.html");
        Files.writeString(existing, "old");

        // "/d/" and "/d/index.html" map to the same name
        CliRun run = CliRun.download(server.url("/d/"), server.url("/d/index.html"), "-o", out, "--overwrite", "-j", 1);

        assertThat(run.exitCode()).as(run.toString()).isZero();
        List<String> contents = new ArrayList<>();
        for (Path f : listFiles(out.resolve(hostDir).resolve("d"))) {
            contents.add(Files.readString(f));
        }
        assertThat(contents).containsExactlyInAnyOrder("body of /d/", "body of /d/index.html");
    }

    @Test
    void maxSizeFailsALargerBody() throws IOException {
        server.route("/big", ex -> TestWebServer.send(ex, 200, "x".repeat(4096)));
        server.route("/small", ex -> TestWebServer.send(ex, 200, "x".repeat(100)));

        CliRun run = CliRun.download(server.url("/big"), server.url("/small"), "-o", out, "--max-size", "1k");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        assertThat(run.err()).contains("too large");
        assertThat(out.resolve(hostDir).resolve("big")).doesNotExist();
        assertThat(out.resolve(hostDir).resolve("small")).hasSize(100);
    }

    @Test
    void maxPerHostBoundsConcurrentRequestsToOneHost() throws IOException {
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();
        server.route("/slow/", ex -> {
            peak.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            try {
                Thread.sleep(20); // simulated server work, so requests overlap
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            inFlight.decrementAndGet();
            TestWebServer.send(ex, 200, "ok");
        });
        List<String> urls = IntStream.range(0, 24).mapToObj(i -> server.url("/slow/" + i)).toList();

        CliRun run = CliRun.download(urls, "-o", out, "-j", 8, "--max-per-host", 2);

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(peak.get()).isBetween(1, 2);
        assertThat(listFiles(out)).hasSize(24);
    }

    @Test
    void aFullDiskFailsTheUrlAndRemovesThePartialFile() throws IOException {
        server.route("/big", ex -> TestWebServer.send(ex, 200, "y".repeat(200_000)));
        server.route("/small", ex -> TestWebServer.send(ex, 200, "fits"));
        DownloadCommand command = new DownloadCommand();
        // The disk "fills up" after 64 kB: every write past that fails as the kernel reports ENOSPC.
        command.sink = (temp, create) -> new WritableByteChannel() {
            private final WritableByteChannel file = BodySink.files().open(temp, create);
            private long written;

            @Override
            public int write(ByteBuffer src) throws IOException {
                if (written + src.remaining() > 64 * 1024) {
                    throw new IOException("No space left on device");
                }
                int n = file.write(src);
                written += n;
                return n;
            }

            @Override
            public boolean isOpen() {
                return file.isOpen();
            }

            @Override
            public void close() throws IOException {
                file.close();
            }
        };

        CliRun run = CliRun.download(command, server.url("/big"), server.url("/small"), "-o", out);

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        assertThat(run.err()).contains("disk full");
        assertThat(out.resolve(hostDir).resolve("small")).content().isEqualTo("fits");
        assertThat(out.resolve(hostDir).resolve("big")).doesNotExist();
        assertThat(listFiles(out)).extracting(p -> p.getFileName().toString())
                .containsExactlyInAnyOrder("small", "failed.txt"); // no .part file left
        assertThat(out.resolve("failed.txt")).content().contains("# disk full").contains(server.url("/big"));
    }

    @Test
    void badUsageExitsWithTwoAndSaysWhy() {
        CliRun unknown = CliRun.download("--frobnicate", "-o", tmp);
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("Unknown option: '--frobnicate'");

        CliRun noUrls = CliRun.download("-o", tmp);
        assertThat(noUrls.exitCode()).isEqualTo(2);
        assertThat(noUrls.err()).contains("no URLs to download");

        CliRun contradiction = CliRun.download("http://127.0.0.1:1/x", "-o", tmp, "--skip-existing", "--overwrite");
        assertThat(contradiction.exitCode()).isEqualTo(2);
        assertThat(contradiction.err()).contains("--skip-existing and --overwrite");

        CliRun badTimeout = CliRun.download("http://127.0.0.1:1/x", "-o", tmp, "--timeout", "soon");
        assertThat(badTimeout.exitCode()).isEqualTo(2);
        assertThat(badTimeout.err()).contains("'soon' is not a duration");

        CliRun badEngine = CliRun.download("http://127.0.0.1:1/x", "-o", tmp, "--http-engine", "netty");
        assertThat(badEngine.exitCode()).isEqualTo(2);
        assertThat(badEngine.err()).contains("'netty' is not an HTTP engine: use auto or jdk");

        CliRun twoLineAgent = CliRun.download("http://127.0.0.1:1/x", "-o", tmp, "--user-agent", "a\r\nX-Evil: 1");
        assertThat(twoLineAgent.exitCode()).isEqualTo(2);
        assertThat(twoLineAgent.err()).contains("--user-agent must be one line");

        CliRun missingList = CliRun.download("-i", tmp.resolve("nope.txt"), "-o", tmp);
        assertThat(missingList.exitCode()).isEqualTo(2);
        assertThat(missingList.err()).contains("cannot read the URL list").contains("nope.txt");
    }

    /**
     * An output directory that cannot be created. Tests run as root, where permission bits do not
     * stop writes, so the honest way to get an unusable directory is a path under a regular file:
     * no one, root included, can create a directory there.
     */
    @Test
    void anUnusableOutputDirectoryIsAClearErrorWithExitCodeTwo() throws IOException {
        server.route("/a", ex -> TestWebServer.send(ex, 200, "a"));
        Path regularFile = Files.writeString(tmp.resolve("plain-file"), "not a directory");

        CliRun under = CliRun.download(server.url("/a"), "-o", regularFile.resolve("out"));
        assertThat(under.exitCode()).as(under.toString()).isEqualTo(2);
        assertThat(under.err()).contains("cannot create output directory " + regularFile.resolve("out"));

        CliRun isFile = CliRun.download(server.url("/a"), "-o", regularFile);
        assertThat(isFile.exitCode()).as(isFile.toString()).isEqualTo(2);
        assertThat(isFile.err()).contains("output directory " + regularFile + " exists and is not a directory");
        assertThat(server.count("/a")).isZero();
    }
}
