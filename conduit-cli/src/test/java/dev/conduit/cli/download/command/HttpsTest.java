package dev.conduit.cli.download.command;

import dev.conduit.cli.download.testing.CliRun;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import org.eclipse.jetty.alpn.server.ALPNServerConnectionFactory;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http2.server.HTTP2ServerConnectionFactory;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.conduit.cli.download.testing.TestFiles.readFailedFile;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * https end to end: real TLS servers on 127.0.0.1 (the JDK's {@code HttpsServer} for HTTP/1.1, Jetty
 * for HTTP/2) with a certificate made for the test by the JDK's {@code keytool}, trusted through
 * {@code --ca-cert}.
 */
class HttpsTest {
    private static final char[] PASSWORD = "conduit-test".toCharArray();

    @TempDir
    static Path keys;
    private static Path certificate;
    private static HttpsServer server;
    private static ExecutorService threads;
    private static final AtomicInteger requests = new AtomicInteger();

    @TempDir
    Path tmp;

    @BeforeAll
    static void startServer() throws Exception {
        certificate = keys.resolve("server.pem");
        Path keyStore = makeKeyStore("server", "san=ip:127.0.0.1", certificate);
        threads = Executors.newVirtualThreadPerTaskExecutor();
        server = startServer(keyStore);
    }

    /** Makes a self-signed key pair for {@code san} and writes its certificate to {@code certificateFile}. */
    private static Path makeKeyStore(String name, String san, Path certificateFile) throws IOException, InterruptedException {
        Path keyStore = keys.resolve(name + ".p12");
        keytool("-genkeypair", "-alias", name, "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
                "-dname", "CN=" + name, "-ext", san, "-keystore", keyStore.toString(),
                "-storetype", "PKCS12", "-storepass", new String(PASSWORD));
        keytool("-exportcert", "-rfc", "-alias", name, "-keystore", keyStore.toString(),
                "-storepass", new String(PASSWORD), "-file", certificateFile.toString());
        return keyStore;
    }

    private static HttpsServer startServer(Path keyStore) throws IOException, GeneralSecurityException {
        HttpsServer https = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        https.setHttpsConfigurator(new HttpsConfigurator(serverContext(keyStore)));
        https.setExecutor(threads);
        https.createContext("/", exchange -> {
            requests.incrementAndGet();
            byte[] body = ("secret of " + exchange.getRequestURI().getRawPath()).getBytes(StandardCharsets.UTF_8);
            try (exchange; OutputStream out = exchange.getResponseBody()) {
                exchange.sendResponseHeaders(200, body.length);
                out.write(body);
            }
        });
        https.start();
        return https;
    }

    @AfterAll
    static void stopServer() {
        server.stop(0);
        threads.shutdownNow();
    }

    @Test
    void savesHttpsUrlsFromAServerWhoseAuthorityIsGivenWithCaCert() {
        Path out = tmp.resolve("out");
        List<String> urls = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            urls.add(url("/s" + i));
        }

        CliRun run = CliRun.download(urls, "-o", out, "--ca-cert", certificate, "-q");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(0);
        Path host = out.resolve("127.0.0.1_" + server.getAddress().getPort());
        for (int i = 0; i < 20; i++) {
            assertThat(host.resolve("s" + i)).hasContent("secret of /s" + i);
        }
    }

    @Test
    void aServerWhoseCertificateIsNotTrustedFailsWithTheReasonAndNothingSaved() throws IOException {
        Path out = tmp.resolve("out");
        int before = requests.get();

        CliRun run = CliRun.download(url("/untrusted"), "-o", out, "--retries", 0, "-q");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        Map<String, String> failed = readFailedFile(out.resolve("failed.txt"));
        assertThat(failed.get(url("/untrusted")))
                .startsWith("TLS with 127.0.0.1:" + server.getAddress().getPort() + " failed: the server's certificate is not trusted")
                .contains("--ca-cert");
        assertThat(requests.get()).isEqualTo(before); // no request crossed an untrusted connection
        assertThat(out.resolve("127.0.0.1_" + server.getAddress().getPort())).doesNotExist();
    }

    @Test
    void aTrustedCertificateForAnotherNameIsRefusedAndSaidSo() throws Exception {
        Path elsewhere = keys.resolve("elsewhere.pem");
        HttpsServer wrongName = startServer(makeKeyStore("elsewhere", "san=dns:elsewhere.invalid", elsewhere));
        try {
            String url = "https://127.0.0.1:" + wrongName.getAddress().getPort() + "/x";
            Path out = tmp.resolve("out");

            CliRun run = CliRun.download(url, "-o", out, "--ca-cert", elsewhere, "--retries", 0, "-q");

            assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
            assertThat(readFailedFile(out.resolve("failed.txt")).get(url))
                    .startsWith("TLS with 127.0.0.1:" + wrongName.getAddress().getPort()
                            + " failed: the server's certificate is for another name (")
                    .contains("127.0.0.1");
        } finally {
            wrongName.stop(0);
        }
    }

    /**
     * HTTP/2: Jetty on 127.0.0.1 offers h2 and HTTP/1.1 by ALPN; every request must arrive over h2,
     * and a body of several flow-control windows (8 MiB) must come through intact with the small ones.
     */
    @Test
    void fetchesOverHttp2WhenTheServerOffersIt() throws Exception {
        byte[] large = new byte[8 << 20];
        new Random(42).nextBytes(large);
        Queue<String> protocols = new ConcurrentLinkedQueue<>();
        Server jetty = new Server();
        HttpConfiguration config = new HttpConfiguration();
        SecureRequestCustomizer secure = new SecureRequestCustomizer();
        secure.setSniHostCheck(false); // no SNI is sent for an IP address
        config.addCustomizer(secure);
        SslContextFactory.Server tls = new SslContextFactory.Server();
        tls.setKeyStorePath(keys.resolve("server.p12").toString());
        tls.setKeyStoreType("PKCS12");
        tls.setKeyStorePassword(new String(PASSWORD));
        HttpConnectionFactory http1 = new HttpConnectionFactory(config);
        ALPNServerConnectionFactory alpn = new ALPNServerConnectionFactory();
        alpn.setDefaultProtocol(http1.getProtocol());
        ServerConnector connector = new ServerConnector(jetty, new SslConnectionFactory(tls, alpn.getProtocol()), alpn,
                new HTTP2ServerConnectionFactory(config), http1);
        connector.setHost("127.0.0.1");
        jetty.addConnector(connector);
        jetty.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                protocols.add(request.getConnectionMetaData().getProtocol());
                String path = request.getHttpURI().getPath();
                byte[] body = path.equals("/large") ? large : ("h2 body of " + path).getBytes(StandardCharsets.UTF_8);
                response.setStatus(200);
                response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
                response.write(true, ByteBuffer.wrap(body), callback);
                return true;
            }
        });
        jetty.start();
        try {
            String base = "https://127.0.0.1:" + connector.getLocalPort();
            List<String> urls = new ArrayList<>();
            urls.add(base + "/large");
            for (int i = 0; i < 30; i++) {
                urls.add(base + "/h" + i);
            }
            Path out = tmp.resolve("out");

            CliRun run = CliRun.download(urls, "-o", out, "--ca-cert", certificate, "-q");

            assertThat(run.exitCode()).as(run.toString()).isEqualTo(0);
            Path host = out.resolve("127.0.0.1_" + connector.getLocalPort());
            assertThat(host.resolve("large")).hasBinaryContent(large);
            for (int i = 0; i < 30; i++) {
                assertThat(host.resolve("h" + i)).hasContent("h2 body of /h" + i);
            }
            assertThat(protocols).hasSize(31).containsOnly("HTTP/2.0");
        } finally {
            jetty.stop();
        }
    }

    /**
     * {@code --proxy} with an https URL: the client asks the proxy to {@code CONNECT} to the server
     * and speaks TLS with the server itself through the tunnel, so the certificate is still checked.
     */
    @Test
    void tunnelsHttpsThroughAProxyWithConnect() throws IOException {
        Path out = tmp.resolve("out");
        try (ConnectProxy proxy = new ConnectProxy()) {
            CliRun run = CliRun.download(url("/t1"), url("/t2"), "-o", out, "--ca-cert", certificate,
                    "--proxy", "http://127.0.0.1:" + proxy.port(), "-q");

            assertThat(run.exitCode()).as(run.toString()).isEqualTo(0);
            Path host = out.resolve("127.0.0.1_" + server.getAddress().getPort());
            assertThat(host.resolve("t1")).hasContent("secret of /t1");
            assertThat(host.resolve("t2")).hasContent("secret of /t2");
            assertThat(proxy.requestLines).isNotEmpty()
                    .allSatisfy(line -> assertThat(line).isEqualTo("CONNECT 127.0.0.1:" + server.getAddress().getPort() + " HTTP/1.1"));
        }
    }

    /**
     * A proxy that only tunnels: reads a {@code CONNECT host:port} request, connects, answers 200
     * and copies bytes both ways until either side closes. 127.0.0.1 only.
     */
    private static final class ConnectProxy implements AutoCloseable {
        final Queue<String> requestLines = new ConcurrentLinkedQueue<>();
        private final ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        private final Queue<Socket> sockets = new ConcurrentLinkedQueue<>();

        ConnectProxy() throws IOException {
            Thread.ofVirtual().start(() -> {
                while (!listener.isClosed()) {
                    try {
                        Socket client = listener.accept();
                        sockets.add(client);
                        Thread.ofVirtual().start(() -> tunnel(client));
                    } catch (IOException closed) {
                        return;
                    }
                }
            });
        }

        int port() {
            return listener.getLocalPort();
        }

        private void tunnel(Socket client) {
            try {
                InputStream in = client.getInputStream();
                String head = readHead(in);
                String requestLine = head.substring(0, head.indexOf("\r\n"));
                requestLines.add(requestLine);
                String[] parts = requestLine.split(" ");
                if (!parts[0].equals("CONNECT")) {
                    client.getOutputStream().write("HTTP/1.1 405 Method Not Allowed\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    client.close();
                    return;
                }
                int colon = parts[1].lastIndexOf(':');
                Socket target = new Socket(parts[1].substring(0, colon), Integer.parseInt(parts[1].substring(colon + 1)));
                sockets.add(target);
                client.getOutputStream().write("HTTP/1.1 200 Connection Established\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                Thread.ofVirtual().start(() -> copy(target, client));
                copy(client, target);
            } catch (IOException | RuntimeException e) {
                // the client or the server went away; the test sees the run's outcome
            }
        }

        private static String readHead(InputStream in) throws IOException {
            StringBuilder head = new StringBuilder();
            for (int c; (c = in.read()) >= 0; ) {
                head.append((char) c);
                if (head.length() >= 4 && head.substring(head.length() - 4).equals("\r\n\r\n")) {
                    break;
                }
            }
            return head.toString();
        }

        private static void copy(Socket from, Socket to) {
            try (from; to) {
                from.getInputStream().transferTo(to.getOutputStream());
            } catch (IOException closed) {
                // one side closed: closing both ends the tunnel
            }
        }

        @Override
        public void close() throws IOException {
            listener.close();
            for (Socket s : sockets) {
                s.close();
            }
        }
    }

    @Test
    void aCaCertFileWithoutACertificateIsAUsageErrorNamingTheFile() throws IOException {
        Path notACertificate = Files.writeString(tmp.resolve("notes.pem"), "just some text\n");

        CliRun run = CliRun.download(url("/x"), "-o", tmp.resolve("out"), "--ca-cert", notACertificate);

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.err()).contains("--ca-cert " + notACertificate + ": ");
        CliRun missing = CliRun.download(url("/x"), "-o", tmp.resolve("out"), "--ca-cert", tmp.resolve("none.pem"));
        assertThat(missing.exitCode()).as(missing.toString()).isEqualTo(2);
        assertThat(missing.err()).contains("--ca-cert " + tmp.resolve("none.pem") + ": ");
    }

    private static String url(String path) {
        return "https://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    private static SSLContext serverContext(Path keyStore) throws IOException, GeneralSecurityException {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStore)) {
            ks.load(in, PASSWORD);
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, PASSWORD);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), null, null);
        return context;
    }

    /** Runs the keytool of the JDK running the tests; fails the test with its output if it fails. */
    private static void keytool(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException("keytool " + String.join(" ", args) + " failed: " + output);
        }
    }
}
