package dev.conduit.cli.download.output;

import dev.conduit.cli.download.testing.CliRun;
import dev.conduit.cli.download.testing.MisbehavingServer;
import dev.conduit.cli.download.testing.TestWebServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@link RunMarker}: the leftovers of killed runs go, the files of live runs and of strangers stay.
 * A live run is another process holding its lock, as in real use; a killed run is a real conduit
 * process ended with SIGKILL.
 */
class RunMarkerTest {
    @TempDir
    Path dir;

    @Test
    void sweepsOnlyTheFilesOfRunsWhoseLockNobodyHolds() throws Exception {
        Path outside = Files.writeString(dir.resolveSibling(dir.getFileName() + "-outside"), "not conduit's");
        Files.createFile(dir.resolve(".conduit-dead1.lock"));
        Files.writeString(dir.resolve(".conduit-dead1-1.part"), "half a body");
        Files.createFile(dir.resolve(".conduit-dead1-22.part"));
        Files.createSymbolicLink(dir.resolve(".conduit-dead1-3.part"), outside);
        Files.createFile(dir.resolve(".conduit-nolock-1.part"));
        Files.createFile(dir.resolve(".conduit-live2-1.part"));
        Files.createFile(dir.resolve("keep.txt"));

        Process holder = holdLock(dir.resolve(".conduit-live2.lock"));
        try (RunMarker mine = RunMarker.claim(dir, "mine3")) {
            assertThat(mine.sweep()).isEqualTo(2);

            assertThat(names()).containsExactlyInAnyOrder(".conduit-dead1-3.part", ".conduit-nolock-1.part",
                    ".conduit-live2.lock", ".conduit-live2-1.part", "keep.txt", ".conduit-mine3.lock");
            assertThat(outside).hasContent("not conduit's");
        } finally {
            holder.getOutputStream().close(); // lets it end
            assertThat(holder.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(dir.resolve(".conduit-mine3.lock")).doesNotExist();

        // its holder is gone now: the next run sweeps it
        try (RunMarker next = RunMarker.claim(dir, "next4")) {
            assertThat(next.sweep()).isEqualTo(1);
        }
        assertThat(names()).containsExactlyInAnyOrder(".conduit-dead1-3.part", ".conduit-nolock-1.part", "keep.txt");
    }

    @Test
    void theTemporaryFilesOfAKilledRunAreDeletedByTheNextRun() throws Exception {
        Path out = dir.resolve("out");
        try (MisbehavingServer stalling = new MisbehavingServer(); TestWebServer good = new TestWebServer()) {
            good.route("/ok", ex -> TestWebServer.send(ex, 200, "ok"));
            Process killed = java(List.of("dev.conduit.cli.ConduitCli", "download", stalling.url("/stall-body"),
                    "-o", out.toString(), "--timeout", "60s", "-q"));
            try {
                // half the body is in its temporary file, and the server has gone silent
                await().atMost(Duration.ofSeconds(60)).until(() -> partsIn(out).stream()
                        .anyMatch(p -> p.toFile().length() == MisbehavingServer.BODY_SIZE / 2));
            } finally {
                killed.destroyForcibly(); // SIGKILL: no shutdown hook, no cleanup
                assertThat(killed.waitFor(30, TimeUnit.SECONDS)).isTrue();
            }
            assertThat(partsIn(out)).isNotEmpty();

            CliRun next = CliRun.download(good.url("/ok"), "-o", out, "-q");

            assertThat(next.exitCode()).as(next.toString()).isEqualTo(0);
            assertThat(out.resolve("127.0.0.1_" + good.port()).resolve("ok")).hasContent("ok");
            try (Stream<Path> left = Files.list(out)) {
                assertThat(left.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith(".conduit-"));
            }
        }
    }

    private List<String> names() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).toList();
        }
    }

    private static List<Path> partsIn(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".part")).toList();
        }
    }

    /** Starts another JVM that locks {@code lockFile} as a running conduit does, until its input closes. */
    private static Process holdLock(Path lockFile) throws IOException {
        Process p = java(List.of(LockHolder.class.getName(), lockFile.toString()));
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        assertThat(out.readLine()).isEqualTo("locked");
        return p;
    }

    private static Process java(List<String> mainAndArgs) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path")));
        command.addAll(mainAndArgs);
        return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    }

    /** The other process: locks the file, says so, and holds the lock until its standard input ends. */
    public static final class LockHolder {
        public static void main(String[] args) throws IOException {
            try (FileChannel channel = FileChannel.open(Path.of(args[0]), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
                if (channel.tryLock() == null) {
                    System.exit(1);
                }
                System.out.println("locked");
                System.out.flush();
                while (System.in.read() >= 0) {
                    // hold the lock
                }
            }
        }
    }
}
