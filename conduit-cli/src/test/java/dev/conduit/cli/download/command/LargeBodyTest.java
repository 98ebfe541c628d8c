package dev.conduit.cli.download.command;

import dev.conduit.cli.download.testing.TestWebServer;
import dev.conduit.cli.ConduitCli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A 200 MB body through a downloader whose heap is capped at 64 MB: it must stream to disk. The
 * download runs in a child JVM (this test's own java and class path, {@code -Xmx64m}); the server
 * in this JVM generates the body on the fly and hashes what it sends, so neither side ever holds
 * the body in memory.
 */
class LargeBodyTest {
    private static final long SIZE = 200L * 1024 * 1024;
    private static final int BLOCK = 64 * 1024;

    @TempDir
    Path tmp;

    @Test
    void twoHundredMegabytesAreStreamedIntactWithA64MegabyteHeap() throws Exception {
        AtomicReference<String> sentSha = new AtomicReference<>();
        try (TestWebServer server = new TestWebServer()) {
            server.route("/big.bin", ex -> {
                ex.sendResponseHeaders(200, SIZE);
                MessageDigest sha = sha256();
                byte[] block = new byte[BLOCK];
                try (OutputStream out = ex.getResponseBody()) {
                    for (long i = 0; i < SIZE / BLOCK; i++) {
                        fill(block, i);
                        sha.update(block);
                        out.write(block);
                    }
                }
                sentSha.set(HexFormat.of().formatHex(sha.digest()));
            });
            Path out = tmp.resolve("out");
            Path log = tmp.resolve("child.log");
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
            Process child = new ProcessBuilder(List.of(java, "-Xmx64m", "-XX:+ExitOnOutOfMemoryError",
                    "-cp", classPath, ConduitCli.class.getName(),
                    "download", server.url("/big.bin"), "-o", out.toString(), "--timeout", "60s"))
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            try {
                assertThat(child.waitFor(150, TimeUnit.SECONDS)).as("child finished in time").isTrue();
            } finally {
                child.destroyForcibly();
            }

            assertThat(child.exitValue()).as(Files.readString(log)).isZero();
            Path saved = out.resolve("127.0.0.1_" + server.port()).resolve("big.bin");
            assertThat(saved).hasSize(SIZE);
            assertThat(sha256Of(saved)).isEqualTo(sentSha.get());
            assertThat(Files.readString(log)).contains("1 saved, 0 skipped, 0 failed of 1 URLs");
        }
    }

    /** Deterministic, incompressible-looking bytes for block {@code index} (xorshift). */
    private static void fill(byte[] block, long index) {
        long x = index * 0x9E3779B97F4A7C15L + 1;
        for (int i = 0; i < block.length; i += 8) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
            for (int k = 0; k < 8; k++) {
                block[i + k] = (byte) (x >>> (8 * k));
            }
        }
    }

    private static String sha256Of(Path file) throws IOException {
        MessageDigest sha = sha256();
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                sha.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
