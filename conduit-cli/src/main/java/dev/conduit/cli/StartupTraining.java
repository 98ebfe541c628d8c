package dev.conduit.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.zip.GZIPOutputStream;

/**
 * {@code conduit startup-training} (hidden): a few typical downloads, for the {@code ./conduit}
 * launcher to record a start-up cache from.
 *
 * <p>A JVM spends most of a short {@code conduit download} loading, linking and compiling the
 * code it needs (the HTTP client alone is a few thousand methods). On JDK 25 and later the
 * launcher runs this command once with {@code -XX:AOTCacheOutput}; the JVM writes the classes this
 * run loaded, already parsed and linked, and their method profiles into a cache file, and later
 * runs start from it ({@code -XX:AOTCache}). What is cached is what ran here, so this run takes the
 * paths real runs take: many small bodies and a few large ones, a gzip body, a redirect, a 503
 * that is retried, a 404, the per-file lines and the summary and report.
 *
 * <p>The server is a {@link HttpServer} on 127.0.0.1 in this JVM; nothing leaves the machine.
 * Output goes to a temporary directory, deleted afterwards; nothing is printed. Exit code 0 once
 * the downloads ran (their 404 is expected), 1 if the training itself could not run.
 */
@Command(name = "startup-training", hidden = true,
        description = "Run a few downloads from a server on 127.0.0.1, for recording a start-up cache.")
final class StartupTraining implements Callable<Integer> {
    private static final int SMALL_FILES = 400;
    private static final int SMALL_BYTES = 2 * 1024;
    private static final int LARGE_FILES = 4;
    private static final int LARGE_BYTES = 2 * 1024 * 1024;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Whether {@code /flaky} has answered 503 once (it answers 200 after that). */
    private final AtomicBoolean flakyFailed = new AtomicBoolean();

    /** Builds the program's command line for a run's arguments, as a real run does. */
    private final Function<String[], CommandLine> program;

    /**
     * @param program builds the program's command line for given arguments ({@link ConduitCli#commandLine(String...)})
     */
    StartupTraining(Function<String[], CommandLine> program) {
        this.program = program;
    }

    /**
     * Runs the training downloads.
     *
     * @return 0 when the downloads ran, 1 when the server or the directory could not be set up
     */
    @Override
    public Integer call() {
        Path dir = null;
        try (ExecutorService serverThreads = Executors.newVirtualThreadPerTaskExecutor()) {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
            server.setExecutor(serverThreads);
            server.createContext("/", this::serve);
            server.start();
            try {
                dir = Files.createTempDirectory("conduit-training-");
                String base = "http://127.0.0.1:" + server.getAddress().getPort();
                Path urls = dir.resolve("urls.txt");
                Files.write(urls, urls(base), StandardCharsets.UTF_8);
                PrintWriter discard = new PrintWriter(Writer.nullWriter());
                // once as a script sees it (a line per file, the summary, the report), once quiet;
                // short waits, so that a loopback that misbehaves cannot hold up the launcher long
                String out = dir.resolve("out").toString();
                download(discard, "-i", urls.toString(), "-o", out, "--report", "--retry-wait", "10ms", "--timeout", "10s");
                download(discard, "-i", urls.toString(), "-o", out, "--quiet", "--skip-existing", "--retry-wait", "10ms",
                        "--timeout", "10s");
                return 0;
            } finally {
                server.stop(0);
            }
        } catch (IOException | RuntimeException e) {
            spec.commandLine().getErr().println("conduit startup-training: " + e);
            return 1;
        } finally {
            if (dir != null) {
                deleteTree(dir);
            }
        }
    }

    private void download(PrintWriter out, String... args) {
        List<String> command = new ArrayList<>(List.of("download"));
        command.addAll(Arrays.asList(args));
        String[] argv = command.toArray(String[]::new);
        program.apply(argv).setOut(out).setErr(out).execute(argv); // as a real run builds it
    }

    private static List<String> urls(String base) {
        List<String> urls = new ArrayList<>();
        for (int i = 0; i < SMALL_FILES; i++) {
            urls.add(base + "/small/" + i + ".html");
        }
        for (int i = 0; i < LARGE_FILES; i++) {
            urls.add(base + "/large/" + i + ".bin");
        }
        urls.addAll(List.of(base + "/gzip/page.html", base + "/moved", base + "/flaky", base + "/missing"));
        return urls;
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            if (path.startsWith("/small/")) {
                send(exchange, 200, SMALL_BYTES);
            } else if (path.startsWith("/large/")) {
                send(exchange, 200, LARGE_BYTES);
            } else if (path.startsWith("/gzip/")) {
                exchange.getResponseHeaders().add("Content-Encoding", "gzip");
                exchange.sendResponseHeaders(200, 0);
                try (OutputStream out = new GZIPOutputStream(exchange.getResponseBody())) {
                    out.write(new byte[64 * 1024]);
                }
            } else if (path.equals("/moved")) {
                exchange.getResponseHeaders().add("Location", "/small/0.html?moved");
                exchange.sendResponseHeaders(302, -1);
            } else if (path.equals("/flaky") && flakyFailed.compareAndSet(false, true)) {
                exchange.sendResponseHeaders(503, -1);
            } else if (path.equals("/flaky")) {
                send(exchange, 200, SMALL_BYTES);
            } else {
                exchange.sendResponseHeaders(404, -1);
            }
        }
    }

    private static void send(HttpExchange exchange, int status, int bytes) throws IOException {
        byte[] block = new byte[Math.min(bytes, 64 * 1024)];
        Arrays.fill(block, (byte) 'x');
        exchange.sendResponseHeaders(status, bytes);
        try (OutputStream out = exchange.getResponseBody()) {
            for (int left = bytes; left > 0; left -= block.length) {
                out.write(block, 0, Math.min(left, block.length));
            }
        }
    }

    private static void deleteTree(Path dir) {
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                    Files.delete(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException ignored) {
            // a temporary directory; the system cleans it up eventually
        }
    }
}
