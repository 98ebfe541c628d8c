package dev.conduit.nats;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;

/**
 * A {@code nats-server -js} of the test's own: on 127.0.0.1, on a free port, with a temporary store;
 * started, killed with SIGKILL and restarted on the same store by the test. Tests never touch a
 * server they did not start.
 *
 * <p>The binary is Debian's {@code nats-server} package. If it is missing and we are root (a fresh CI
 * machine), it is installed with apt-get once per JVM; otherwise the test fails with a message
 * naming the command to run. It is never skipped.
 */
public final class NatsServer implements AutoCloseable {
    private static final Object INSTALL = new Object();
    private static volatile String binary;

    private final Path store;
    private final int port;
    private final Path log;
    private Process process;

    private NatsServer(Path store, int port) {
        this.store = store;
        this.port = port;
        this.log = store.resolveSibling(store.getFileName() + ".log");
    }

    /** Starts a fresh server. */
    public static NatsServer start() throws IOException {
        Path dir = Files.createTempDirectory("conduit-nats-");
        NatsServer s = new NatsServer(dir.resolve("js"), freePort());
        s.launch();
        return s;
    }

    /** @return the port clients connect to */
    public int port() {
        return port;
    }

    /** @return {@code nats://127.0.0.1:PORT/name} */
    public NatsQueueAddress address(String name) {
        return new NatsQueueAddress("127.0.0.1", port, name);
    }

    /** @return the server process's id */
    public long pid() {
        return process.pid();
    }

    /** Kills the server with SIGKILL and waits until it is gone. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** Starts the server again on the same port and store. */
    public void restart() throws IOException {
        launch();
    }

    private void launch() throws IOException {
        Files.createDirectories(store);
        ProcessBuilder pb = new ProcessBuilder(binary(), "-a", "127.0.0.1", "-p", Integer.toString(port), "-js",
                "-sd", store.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        process = pb.start();
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(20)).until(() -> {
            if (!process.isAlive()) {
                throw new IllegalStateException("nats-server exited with " + process.exitValue() + "; its log: "
                        + Files.readString(log));
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return true;
            } catch (IOException notYet) {
                return false;
            }
        });
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** @return the nats-server binary, installed if missing and possible */
    static String binary() {
        String b = binary;
        if (b != null) {
            return b;
        }
        synchronized (INSTALL) {
            if (binary == null) {
                binary = find();
                if (binary == null) {
                    install();
                    binary = find();
                }
                if (binary == null) {
                    throw new IllegalStateException("nats-server is not installed and could not be installed; the broker "
                            + "tests need it: apt-get install -y nats-server (Debian's package, 2.9 or newer)");
                }
            }
            return binary;
        }
    }

    private static String find() {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : (path + ":/usr/sbin:/usr/bin:/usr/local/bin").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "nats-server"))) {
                return Path.of(dir, "nats-server").toString();
            }
        }
        return null;
    }

    private static void install() {
        if (!"root".equals(System.getProperty("user.name"))) {
            throw new IllegalStateException("nats-server is missing and this user cannot install it; run as root: "
                    + "apt-get install -y nats-server");
        }
        System.err.println("[conduit-nats tests] nats-server is missing: installing Debian's package nats-server ...");
        run(List.of("apt-get", "update", "-qq"));
        run(List.of("apt-get", "install", "-y", "-qq", "nats-server"));
    }

    private static void run(List<String> command) {
        try {
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
            pb.environment().put("DEBIAN_FRONTEND", "noninteractive");
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes());
            if (p.waitFor() != 0) {
                throw new IllegalStateException("'" + String.join(" ", command) + "' failed (exit " + p.exitValue()
                        + ") while installing nats-server for the broker tests:\n" + out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run '" + String.join(" ", command) + "' to install nats-server", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while installing nats-server", e);
        }
    }

    /** Kills the server and deletes its store. */
    @Override
    public void close() throws IOException {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        Path dir = store.getParent();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
