package dev.conduit.cli.download.command;

import dev.conduit.cli.ConduitCli;
import dev.conduit.cli.download.testing.CliRun;
import dev.conduit.cli.download.testing.TestWebServer;
import dev.conduit.nats.NatsServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code conduit download --queue} and {@code conduit queue} against a nats-server of the test's own
 * and an HTTP server on 127.0.0.1: workers are separate JVMs running the real command line.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class QueueDownloadTest {
    private NatsServer broker;
    private TestWebServer web;
    private final List<Process> workers = new ArrayList<>();
    @TempDir
    Path dir;

    @BeforeEach
    void start() throws IOException {
        broker = NatsServer.start();
        web = new TestWebServer().route("/f/", exchange ->
                TestWebServer.send(exchange, 200, body(exchange.getRequestURI().getPath())));
    }

    @AfterEach
    void stop() throws Exception {
        for (Process p : workers) {
            p.destroyForcibly();
            p.waitFor();
        }
        web.close();
        broker.close();
    }

    private static String body(String path) {
        return "the body of " + path + "\n";
    }

    private String queue(String name) {
        return "nats://127.0.0.1:" + broker.port() + "/" + name;
    }

    private Process worker(String queue, Path out) throws IOException {
        Path log = dir.resolve(out.getFileName() + ".log");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                ConduitCli.class.getName(), "download", "--queue", queue, "-o", out.toString(), "-j", "4",
                "--lease", "2s", "--timeout", "10s")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        workers.add(p);
        return p;
    }

    private static CliRun queueCommand(String... args) {
        CommandLine cli = ConduitCli.commandLine(prepend("queue", args));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(prepend("queue", args));
        return new CliRun(code, out.toString(), err.toString());
    }

    private static String[] prepend(String first, String... rest) {
        String[] all = new String[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }

    private static long files(Path d) throws IOException {
        if (!Files.exists(d)) {
            return 0;
        }
        try (Stream<Path> s = Files.walk(d)) {
            return s.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().startsWith(".")).count();
        } catch (java.io.UncheckedIOException racing) {
            return 0;   // a temporary file went away while we walked: ask again
        }
    }

    @Test
    void threeWorkersAndAProducerDownload3000UrlsAndAKilledWorkersUrlsAreSavedByTheOthers() throws Exception {
        int n = 3000;
        String q = queue("crawl");
        List<Path> outs = List.of(dir.resolve("w1"), dir.resolve("w2"), dir.resolve("w3"));
        List<Process> ps = new ArrayList<>();
        for (Path out : outs) {
            ps.add(worker(q, out));
        }
        Path list = dir.resolve("urls.txt");
        List<String> urls = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            urls.add(web.url("/f/" + (i / 100) + "/file-" + i + ".txt"));
        }
        Files.write(list, urls);
        CliRun produced = CliRun.download("--queue", q, "-i", list, "--close");
        assertThat(produced.exitCode()).as(produced.toString()).isZero();
        assertThat(produced.out()).contains(n + " URLs put on").contains("closed");

        await().atMost(Duration.ofSeconds(60)).until(() -> files(outs.get(0)) >= 300);
        ps.get(0).destroyForcibly();   // kill -9, with up to -j downloads in hand
        ps.get(0).waitFor();
        for (int i = 1; i < 3; i++) {
            assertThat(ps.get(i).waitFor(90, TimeUnit.SECONDS)).isTrue();
            assertThat(ps.get(i).exitValue()).as(Files.readString(dir.resolve(outs.get(i).getFileName() + ".log"))).isZero();
        }

        // Every URL saved, by content; copies in two directories only where the killed worker was.
        Map<String, Integer> copies = new HashMap<>();
        for (Path out : outs) {
            try (Stream<Path> s = Files.walk(out)) {
                for (Path f : s.filter(Files::isRegularFile).toList()) {
                    String name = f.getFileName().toString();
                    if (name.startsWith(".")) {
                        continue;   // bookkeeping: run markers
                    }
                    assertThat(name).as("only saved bodies (no name-1 copies) and failed.txt in %s", out).matches("file-\\d+\\.txt|failed\\.txt");
                    if (name.equals("failed.txt")) {
                        continue;
                    }
                    String path = "/f/" + f.getParent().getFileName() + "/" + name;
                    assertThat(Files.readString(f, StandardCharsets.UTF_8)).isEqualTo(body(path));
                    copies.merge(path, 1, Integer::sum);
                }
            }
        }
        long duplicates = copies.values().stream().mapToInt(c -> c - 1).sum();
        int requests = web.requests().size();
        System.out.println("[ledger] 3 workers, 3000 URLs, one worker killed after " + files(outs.get(0))
                + " files: " + copies.size() + " distinct URLs saved, " + duplicates + " second copies, "
                + requests + " requests");
        assertThat(copies).hasSize(n);
        assertThat(duplicates).as("at most 2 x -j of the killed worker").isLessThanOrEqualTo(8);

        CliRun stats = queueCommand("stats", q);
        assertThat(stats.exitCode()).isZero();
        assertThat(stats.out()).contains("queued: 0\n", "in flight: 0\n", "done: " + n + "\n", "dead: 0\n");
    }

    @Test
    void deadUrlsAreListedByQueueFailedAsAFailedFileAndTheWorkerExitsOne() throws Exception {
        String q = queue("failing");
        CliRun produced = CliRun.download("--queue", q, "--close", web.url("/f/ok.txt"), web.url("/missing.txt"),
                "notaurl");
        assertThat(produced.exitCode()).as(produced.toString()).isZero();
        Path out = dir.resolve("out");
        Process w = worker(q, out);
        assertThat(w.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(w.exitValue()).as(Files.readString(dir.resolve("out.log"))).isEqualTo(1);
        assertThat(out.resolve("127.0.0.1_" + web.port()).resolve("f/ok.txt")).hasContent(body("/f/ok.txt").strip());
        assertThat(out.resolve("failed.txt")).exists();

        CliRun failed = queueCommand("failed", q);
        assertThat(failed.exitCode()).isZero();
        assertThat(failed.out()).contains("# HTTP 404", web.url("/missing.txt"), "notaurl", "malformed URL");
        Path retry = dir.resolve("retry.txt");
        Files.writeString(retry, failed.out());
        CliRun again = CliRun.download("--queue", queue("retry"), "-i", retry);
        assertThat(again.out()).as("valid input for a retry").contains("2 URLs put on");
        assertThat(queueCommand("stats", q).out()).contains("done: 1\n", "dead: 2\n");
    }

    @Test
    void anUnreachableBrokerOrAMalformedAddressIsOneLineAndExitTwo() throws Exception {
        int closedPort = NatsServerPorts.unused();
        CliRun unreachable = CliRun.download("--queue", "nats://127.0.0.1:" + closedPort + "/q", web.url("/f/a"));
        assertThat(unreachable.exitCode()).isEqualTo(2);
        assertThat(unreachable.err().strip()).doesNotContain("\n").contains("nats://127.0.0.1:" + closedPort);
        CliRun malformed = CliRun.download("--queue", "nats://127.0.0.1:4222/bad name", "-o", dir.resolve("o"));
        assertThat(malformed.exitCode()).isEqualTo(2);
        assertThat(malformed.err().strip()).doesNotContain("\n").contains("malformed queue address");
        CliRun stats = queueCommand("stats", "http://127.0.0.1/q");
        assertThat(stats.exitCode()).isEqualTo(2);
        assertThat(stats.err()).contains("the scheme must be nats://");
        // a mistyped name is reported, and no queue of that name is made by asking
        for (int ask = 0; ask < 2; ask++) {
            CliRun missing = queueCommand("stats", queue("no-such-queue"));
            assertThat(missing.exitCode()).isEqualTo(2);
            assertThat(missing.err().strip()).doesNotContain("\n").contains("no work queue 'no-such-queue'");
        }
    }

    /** A port nothing listens on. */
    static final class NatsServerPorts {
        static int unused() throws IOException {
            try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                return s.getLocalPort();
            }
        }
    }
}
