package dev.conduit.cli.download.command;

import dev.conduit.cli.download.testing.CliRun;
import dev.conduit.cli.download.testing.TestWebServer;
import com.sun.net.httpserver.HttpExchange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.Proxy;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;

import static dev.conduit.cli.download.testing.TestFiles.readFailedFile;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code --proxy}: every request goes through a real forward proxy on 127.0.0.1, or fails naming it. */
class ProxyTest {
    @TempDir
    Path tmp;

    /**
     * A forward proxy: takes requests in absolute form ({@code GET http://host:port/path}), fetches
     * them from the origin directly and relays status and body; anything else gets 400.
     */
    private static final class ForwardProxy implements AutoCloseable {
        final TestWebServer server = new TestWebServer();
        final ConcurrentLinkedQueue<URI> relayed = new ConcurrentLinkedQueue<>();

        ForwardProxy() throws IOException {
            server.route("/", this::relay);
        }

        private void relay(HttpExchange exchange) throws IOException {
            URI target = exchange.getRequestURI();
            if (!target.isAbsolute()) {
                TestWebServer.send(exchange, 400, "not a proxy request: " + target);
                return;
            }
            relayed.add(target);
            HttpURLConnection origin = (HttpURLConnection) target.toURL().openConnection(Proxy.NO_PROXY);
            int status = origin.getResponseCode();
            byte[] body;
            try (InputStream in = status < 400 ? origin.getInputStream() : origin.getErrorStream()) {
                body = in == null ? new byte[0] : in.readAllBytes();
            }
            exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }

        String url() {
            return "http://127.0.0.1:" + server.port();
        }

        @Override
        public void close() {
            server.close();
        }
    }

    @ParameterizedTest(name = "--http-engine {0}")
    @ValueSource(strings = {"auto", "jdk"})
    void everyUrlGoesThroughTheProxyOnceAndIsSavedIntact(String engine) throws IOException {
        Path out = tmp.resolve("out");
        try (TestWebServer origin = new TestWebServer(); ForwardProxy proxy = new ForwardProxy()) {
            origin.route("/f", ex -> TestWebServer.send(ex, 200, "body of " + ex.getRequestURI().getRawPath()));
            List<String> urls = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                urls.add(origin.url("/f" + i));
            }

            CliRun run = CliRun.download(urls, "-o", out, "--proxy", proxy.url(), "--http-engine", engine, "-q");

            assertThat(run.exitCode()).as(run.toString()).isEqualTo(0);
            Path host = out.resolve("127.0.0.1_" + origin.port());
            for (int i = 0; i < 30; i++) {
                assertThat(host.resolve("f" + i)).hasContent("body of /f" + i);
                assertThat(origin.count("/f" + i)).isEqualTo(1);
            }
            // the small built-in client does not speak to proxies: nothing may have gone around it
            assertThat(proxy.relayed).map(URI::toString).containsExactlyInAnyOrderElementsOf(urls);
        }
    }

    @Test
    void aProxyThatIsNotThereFailsEachUrlNamingTheProxy() throws IOException {
        int deadPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            deadPort = s.getLocalPort(); // closed again: connections to it are refused
        }
        Path out = tmp.resolve("out");
        try (TestWebServer origin = new TestWebServer()) {
            origin.route("/", ex -> TestWebServer.send(ex, 200, "never asked"));
            List<String> urls = List.of(origin.url("/a"), origin.url("/b"));

            CliRun run = CliRun.download(urls, "-o", out, "--proxy", "http://127.0.0.1:" + deadPort,
                    "--retries", 0, "-q");

            assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
            assertThat(origin.requests()).isEmpty();
            Map<String, String> failed = readFailedFile(out.resolve("failed.txt"));
            assertThat(failed).containsOnlyKeys(urls);
            assertThat(failed.values()).allSatisfy(reason ->
                    assertThat(reason).startsWith("cannot connect to proxy 127.0.0.1:" + deadPort + " ("));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp://proxy.example:21", "http://user:secret@proxy.example:3128",
            "http://proxy.example", "http://proxy.example:3128/path", "http://proxy example:3128"})
    void aProxyThatIsNotHttpHostPortIsAUsageError(String value) {
        CliRun run = CliRun.download("http://127.0.0.1:9/x", "-o", tmp.resolve("out"), "--proxy", value);

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.err()).contains("--proxy must be http://HOST:PORT, was '" + value + "'");
        assertThat(tmp.resolve("out")).doesNotExist();
    }
}
