package dev.conduit.cli.download.command;

import dev.conduit.cli.download.testing.TestWebServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static dev.conduit.cli.download.testing.TestFiles.readFailedFile;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/**
 * Ctrl-C on a terminal with the status line showing: a real {@code conduit download} process on a
 * pseudo-terminal (made by {@code script}), sent a real SIGINT while bodies are in flight. It must
 * end within 30 s, leave no temporary file, and list every URL it did not save in the failed file.
 * (Before, the progress bar's library made the JVM ignore SIGINT's clean-up: a {@code .part} file
 * was left and nothing was written.)
 */
class InterruptOnTerminalTest {
    @TempDir
    Path tmp;

    @Test
    void sigintOnATerminalStopsTheRunCleanly() throws Exception {
        assumeThat(Path.of("/usr/bin/script")).as("script (util-linux) makes the pseudo-terminal").exists();
        assumeThat(Path.of("/usr/bin/python3")).as("python3 resets SIGINT for the child").exists();
        CountDownLatch release = new CountDownLatch(1);
        try (TestWebServer server = new TestWebServer()) {
            server.route("/fast/", ex -> TestWebServer.send(ex, 200, "fast"));
            server.route("/slow/", ex -> {
                ex.sendResponseHeaders(200, 1_000_000);
                try (OutputStream body = ex.getResponseBody()) {
                    body.write(new byte[4096]);
                    body.flush();
                    release.await(60, TimeUnit.SECONDS); // the rest never comes while the test runs
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (IOException clientGone) {
                    // the client closed the connection: as expected
                }
            });
            Path out = tmp.resolve("out");
            List<String> urls = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                urls.add(server.url("/fast/" + i));
                urls.add(server.url("/slow/" + i));
            }
            StringBuilder command = new StringBuilder();
            for (String part : javaCommand(out, urls)) {
                command.append('\'').append(part.replace("'", "'\\''")).append("' ");
            }
            // A command started in the background of a non-interactive shell (mvn ... &) inherits SIGINT
            // ignored, and a JVM keeps an ignored SIGINT ignored: put Ctrl-C back to its default first.
            Process script = new ProcessBuilder("python3", "-c",
                    "import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_DFL); os.execv(sys.argv[1], sys.argv[1:])",
                    "/usr/bin/script", "-qfec", command.toString(), "/dev/null")
                    .redirectErrorStream(true).redirectOutput(tmp.resolve("terminal.log").toFile()).start();
            try {
                await().atMost(Duration.ofSeconds(30)).until(() -> !partFiles(out).isEmpty());
                ProcessHandle java = script.toHandle().descendants()
                        .filter(p -> p.info().command().map(c -> c.endsWith("/java")).orElse(false))
                        .findFirst().orElseThrow();
                new ProcessBuilder("kill", "-INT", String.valueOf(java.pid())).start().waitFor();

                boolean ended = script.waitFor(30, TimeUnit.SECONDS);
                assertThat(ended).as("the run ended within 30 s of SIGINT; its terminal showed:%n%s%nand its threads: %s",
                        Files.readString(tmp.resolve("terminal.log")), java.info()).isTrue();
            } finally {
                script.destroyForcibly();
                release.countDown();
            }
            String terminal = Files.readString(tmp.resolve("terminal.log"));
            assertThat(partFiles(out)).as(terminal).isEmpty();
            Map<String, String> failed = readFailedFile(out.resolve("failed.txt"));
            assertThat(failed.keySet()).as(terminal).containsAll(urls.stream().filter(u -> u.contains("/slow/")).toList());
            assertThat(terminal).contains("interrupted").contains("download ").contains("files");
            for (String fast : urls.stream().filter(u -> u.contains("/fast/")).toList()) {
                assertThat(failed.containsKey(fast)
                        || Files.exists(out.resolve("127.0.0.1_" + server.port()).resolve(fast.substring(fast.indexOf("fast/")))))
                        .as("%s saved or listed", fast).isTrue();
            }
        }
    }

    private static List<String> javaCommand(Path out, List<String> urls) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "dev.conduit.cli.ConduitCli",
                "download", "-j", "6", "--timeout", "60s", "-o", out.toString()));
        command.addAll(urls);
        return command;
    }

    private static List<Path> partFiles(Path out) throws IOException {
        if (!Files.isDirectory(out)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(out)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".part")).collect(Collectors.toList());
        }
    }
}
