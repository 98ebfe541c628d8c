package dev.conduit.cli.download.http;

import dev.conduit.cli.download.testing.ScriptedHttpServer;
import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.conduit.cli.download.testing.ScriptedHttpServer.After;
import dev.conduit.cli.download.testing.ScriptedHttpServer.Reply;
import dev.conduit.cli.download.testing.ScriptedHttpServer.Request;
import dev.conduit.cli.download.testing.ScriptedHttpServer.Script;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Tests the small blocking HTTP/1.1 client, {@link Http1Client} with its {@link Http1Connection}s,
 * against a {@link ScriptedHttpServer} that answers with raw bytes chosen by each test and records
 * every request head with the connection it came on.
 *
 * <p>Covered: the request it sends (request line, {@code Host}, {@code User-Agent},
 * {@code Accept-Encoding}, non-ASCII URLs percent-encoded); keep-alive reuse, sequential and from
 * 8 platform or virtual threads; the three ways a body is framed ({@code Content-Length},
 * {@code Transfer-Encoding: chunked} with extensions and trailers, the connection's end); when a
 * connection must not be reused ({@code Connection: close}, HTTP/1.0, a close-delimited or broken
 * body, a discarded large body); interim 1xx responses; 204 and 304; malformed status lines,
 * header lines, {@code Content-Length} values and chunk sizes; the 64 kB head limit; read timeouts
 * for the head and the body; stale pooled connections retried transparently; connection refused;
 * {@link Http1Client#shutdownNow()} aborting a blocked read; and a User-Agent with a line break.
 */
class Http1ClientTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final Duration SHORT_TIMEOUT = Duration.ofMillis(300);
    private static final String USER_AGENT = "conduit-test/1.0 (+https://example.invalid/bot)";

    private ScriptedHttpServer server;
    private Http1Client client;

    @AfterEach
    void tearDown() throws IOException {
        if (client != null) {
            client.shutdownNow();
        }
        if (server != null) {
            server.close(); // also releases every held connection
        }
    }

    // ---------------------------------------------------------------- helpers

    private ScriptedHttpServer serve(Script script) throws IOException {
        server = new ScriptedHttpServer(script);
        return server;
    }

    private Http1Client client(Duration timeout) {
        client = new Http1Client(timeout, USER_AGENT);
        return client;
    }

    private FetchResponse get(String pathAndQuery) throws IOException, InterruptedException {
        return client.get(server.uri(pathAndQuery));
    }

    /** A 200 response with a {@code Content-Length} body. */
    private static String ok(String body) {
        return "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: " + body.length() + "\r\n\r\n" + body;
    }

    /** The body the path-derived scripts serve for {@code target}: different for every target. */
    private static String bodyFor(String target) {
        if (target.startsWith("/empty")) {
            return "";
        }
        int repeats = target.contains("big") ? 8_000 : 1 + Math.floorMod(target.hashCode(), 40);
        return ("<" + target + ">").repeat(repeats);
    }

    /** Reads the whole body as ISO-8859-1 text. */
    private static String text(FetchResponse response) throws IOException {
        try (InputStream in = response.body()) {
            return new String(in.readAllBytes(), ISO_8859_1);
        }
    }

    /** Encodes {@code parts} as one chunk each, sizes in lower-case hex, then the last chunk. */
    private static String chunked(String... parts) {
        StringBuilder b = new StringBuilder();
        for (String part : parts) {
            b.append(Integer.toHexString(part.length())).append("\r\n").append(part).append("\r\n");
        }
        return b.append("0\r\n\r\n").toString();
    }

    // ---------------------------------------------------------------- the request, keep-alive

    @Test
    void twoHundredSequentialGetsGetTheirBodiesOverOneKeptAliveConnection() throws Exception {
        serve(r -> Reply.keepOpen(ok(bodyFor(r.target()))));
        client(TIMEOUT);
        List<String> targets = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            String target = (i % 40 == 7 ? "/empty/" : "/files/") + i + "?q=" + i + "&x=y";
            targets.add(target);
            FetchResponse response = get(target);
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.headers().firstValueAsLong("content-length")).hasValue(bodyFor(target).length());
            assertThat(text(response)).as(target).isEqualTo(bodyFor(target));
        }

        assertThat(server.connections()).isEqualTo(1);
        List<Request> requests = server.requests();
        assertThat(requests).extracting(Request::target).containsExactlyElementsOf(targets);
        assertThat(requests).allSatisfy(r -> assertThat(r.connection()).isEqualTo(1));
        assertThat(requests).extracting(Request::index).containsExactlyElementsOf(IntStream.range(0, 200).boxed().toList());
        Request first = requests.get(0);
        assertThat(first.requestLine()).isEqualTo("GET /files/0?q=0&x=y HTTP/1.1");
        assertThat(first.header("Host")).containsExactly("127.0.0.1:" + server.port());
        assertThat(first.header("User-Agent")).containsExactly(USER_AGENT);
        assertThat(first.header("Accept-Encoding")).containsExactly("gzip, deflate");
        assertThat(first.header("Accept")).containsExactly("*/*");
    }

    @Test
    void aUrlWithoutPathAsksForTheRootAndNeverSendsTheFragment() throws Exception {
        serve(r -> Reply.keepOpen(ok("x")));
        client(TIMEOUT);
        URI base = server.uri("");

        text(client.get(base));
        text(client.get(URI.create(base + "?a=b")));
        text(client.get(URI.create(base + "/p?q=1#fragment")));

        assertThat(server.requests()).extracting(Request::requestLine)
                .containsExactly("GET / HTTP/1.1", "GET /?a=b HTTP/1.1", "GET /p?q=1 HTTP/1.1");
    }

    @ParameterizedTest(name = "{0} threads")
    @ValueSource(strings = {"platform", "virtual"})
    void eightThreadsOfFiftyGetsEachGetTheirOwnBodiesOverAtMostEightConnections(String kind) throws Exception {
        serve(r -> Reply.keepOpen(ok(bodyFor(r.target()))));
        client(TIMEOUT);
        int threads = 8;
        int perThread = 50;
        ThreadFactory factory = kind.equals("virtual") ? Thread.ofVirtual().factory() : Thread.ofPlatform().factory();
        CyclicBarrier start = new CyclicBarrier(threads);
        List<Future<List<String>>> results = new ArrayList<>();
        try (ExecutorService pool = Executors.newThreadPerTaskExecutor(factory)) {
            for (int t = 0; t < threads; t++) {
                int thread = t;
                results.add(pool.submit(() -> {
                    start.await(10, TimeUnit.SECONDS);
                    List<String> wrong = new ArrayList<>();
                    for (int i = 0; i < perThread; i++) {
                        String target = "/t" + thread + "/r" + i + (i % 10 == 3 ? "/big" : "") + "?n=" + i;
                        FetchResponse response = get(target);
                        String body = text(response);
                        if (response.status() != 200 || !body.equals(bodyFor(target))) {
                            wrong.add(target + " -> " + response.status() + " " + body.length() + " bytes");
                        }
                    }
                    return wrong;
                }));
            }
        }
        List<String> wrong = new ArrayList<>();
        for (Future<List<String>> result : results) {
            wrong.addAll(result.get(10, TimeUnit.SECONDS));
        }

        assertThat(wrong).isEmpty();
        assertThat(server.requests()).hasSize(threads * perThread);
        assertThat(server.connections()).isBetween(1, threads);
    }

    // ---------------------------------------------------------------- framing

    @Test
    void aChunkedBodyWithExtensionsMixedCaseHexAndTrailersIsDecodedAndTheConnectionReused() throws Exception {
        String lower = "abcdefghijklmnopqrstuvwxyz";
        String upper = lower.toUpperCase();
        String big = "0123456789".repeat(10_000); // 100,000 bytes = 0x186A0: more than the client's buffer
        String response = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "5;ext=1\r\nHello\r\n"
                + "1a ; name=\"quoted value\"\r\n" + lower + "\r\n"
                + "1A\r\n" + upper + "\r\n"
                + "186A0\r\n" + big + "\r\n"
                + "0;last=yes\r\nX-Trailer: one\r\nX-Other: two\r\n\r\n";
        serve(r -> Reply.keepOpen(r.index() == 0 ? response : ok("after the chunked one")));
        client(TIMEOUT);

        FetchResponse first = get("/chunked");
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.headers().firstValue("transfer-encoding")).hasValue("chunked");
        assertThat(text(first)).isEqualTo("Hello" + lower + upper + big);
        assertThat(text(get("/next"))).isEqualTo("after the chunked one");

        assertThat(server.connections()).isEqualTo(1);
        assertThat(server.request(1).connection()).isEqualTo(1);
        assertThat(server.request(1).index()).isEqualTo(1);
    }

    @Test
    void anEmptyChunkedBodyEndsAtOnceAndKeepsTheConnection() throws Exception {
        serve(r -> Reply.keepOpen(r.index() == 0
                ? "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"
                : ok("second")));
        client(TIMEOUT);

        assertThat(text(get("/empty-chunked"))).isEmpty();
        assertThat(text(get("/second"))).isEqualTo("second");
        assertThat(server.connections()).isEqualTo(1);
    }

    @Test
    void aResponseDribbledOneBytePerWriteParsesLikeAWholeOne() throws Exception {
        String response = "HTTP/1.1 100 Continue\r\n\r\n"
                + "HTTP/1.1 200 OK\r\nX-One: 1\r\nTransfer-Encoding: chunked\r\nX-Two: two\r\n\r\n"
                + "3;a=b\r\nabc\r\n" + chunked("defgh", "ij");
        serve(r -> (r.index() == 0 ? Reply.keepOpen(response) : Reply.keepOpen(ok("then this"))).trickled());
        client(TIMEOUT);

        FetchResponse first = get("/dribble");
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.headers().firstValue("x-one")).hasValue("1");
        assertThat(first.headers().firstValue("X-TWO")).hasValue("two");
        StringBuilder oneByOne = new StringBuilder();
        try (InputStream in = first.body()) {
            for (int c; (c = in.read()) >= 0; ) {
                oneByOne.append((char) c);
            }
        }
        assertThat(oneByOne).hasToString("abcdefghij");
        assertThat(text(get("/then"))).isEqualTo("then this");
        assertThat(server.connections()).isEqualTo(1);
    }

    @Test
    void aBodyDelimitedByTheConnectionsEndIsReadToEofAndTheNextRequestOpensANewConnection() throws Exception {
        String body = "until the end ".repeat(20_000); // 280,000 bytes: several reads
        serve(r -> r.target().equals("/eof")
                ? Reply.thenClose("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\n" + body)
                : Reply.keepOpen(ok("next")));
        client(TIMEOUT);

        FetchResponse first = get("/eof");
        assertThat(first.headers().firstValue("content-length")).isEmpty();
        assertThat(text(first)).isEqualTo(body);
        assertThat(text(get("/next"))).isEqualTo("next");

        assertThat(server.connections()).isEqualTo(2);
        assertThat(server.request(1).connection()).isEqualTo(2);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 5\r\n\r\nfirst",
        "HTTP/1.1 200 OK\r\nConnection: keep-alive, Close\r\nContent-Length: 5\r\n\r\nfirst",
        "HTTP/1.0 200 OK\r\nContent-Length: 5\r\n\r\nfirst",
        "HTTP/1.1 200 OK\r\nConnection: close\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nfirst\r\n0\r\n\r\n",
    })
    void connectionCloseOrHttp10MakesTheNextRequestUseANewConnection(String response) throws Exception {
        // the server itself keeps the connection open: only the client's honouring of the response counts
        serve(r -> Reply.keepOpen(r.connection() == 1 ? response : ok("second")));
        client(TIMEOUT);

        assertThat(text(get("/first"))).isEqualTo("first");
        await().atMost(Duration.ofSeconds(5)).until(() -> server.endedConnections() == 1); // the client closed it
        assertThat(text(get("/second"))).isEqualTo("second");

        assertThat(server.connections()).isEqualTo(2);
        assertThat(server.request(1).connection()).isEqualTo(2);
    }

    @Test
    void interimResponsesAreSkippedAndTheFinalOneReturned() throws Exception {
        String response = "HTTP/1.1 100 Continue\r\n\r\n"
                + "HTTP/1.1 103 Early Hints\r\nLink: </style.css>; rel=preload\r\n\r\n"
                + "HTTP/1.1 200 OK\r\nX-Final: yes\r\nContent-Length: 11\r\n\r\nfinal body!";
        serve(r -> Reply.keepOpen(r.index() == 0 ? response : ok("reused")));
        client(TIMEOUT);

        FetchResponse first = get("/interim");
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.headers().firstValue("X-Final")).hasValue("yes");
        assertThat(first.headers().firstValue("Link")).isEmpty();
        assertThat(text(first)).isEqualTo("final body!");
        assertThat(text(get("/after"))).isEqualTo("reused");
        assertThat(server.connections()).isEqualTo(1);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "HTTP/1.1 204 No Content\r\nX-A: 1\r\n\r\n",
        "HTTP/1.1 304 Not Modified\r\nETag: \"abc\"\r\nContent-Length: 1234\r\n\r\n",
        "HTTP/1.1 304 Not Modified\r\nTransfer-Encoding: chunked\r\n\r\n",
        "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n",
    })
    void responsesWithoutABodyEndAtOnceAndKeepTheConnection(String response) throws Exception {
        serve(r -> Reply.keepOpen(r.index() == 0 ? response : ok("next one")));
        client(TIMEOUT);

        FetchResponse first = get("/no-body");
        assertThat(first.status()).isEqualTo(Integer.parseInt(response.substring(9, 12)));
        try (InputStream in = first.body()) {
            assertThat(in.read()).isEqualTo(-1);
            assertThat(in.read(new byte[10])).isEqualTo(-1);
        }
        assertThat(text(get("/next"))).isEqualTo("next one");
        assertThat(server.connections()).isEqualTo(1);
        assertThat(server.request(1).connection()).isEqualTo(1);
    }

    @Test
    void aRepeatedIdenticalContentLengthIsAccepted() throws Exception {
        serve(r -> Reply.keepOpen("HTTP/1.1 200 OK\r\nContent-Length: 5, 5\r\nContent-Length: 5\r\n\r\nhello"));
        client(TIMEOUT);

        assertThat(text(get("/twice"))).isEqualTo("hello");
    }

    @Test
    void theBodyCanBeOpenedOnlyOnce() throws Exception {
        serve(r -> Reply.keepOpen(ok("once")));
        client(TIMEOUT);

        FetchResponse response = get("/once");
        assertThat(text(response)).isEqualTo("once");
        assertThatThrownBy(response::body).isInstanceOf(IllegalStateException.class);
    }

    // ---------------------------------------------------------------- malformed responses

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"HTTP/1.1 2OO OK", "garbage", "", "HTTP/1.1 200OK", "HTTP/2 200 OK",
        "HTTP/1.1  200 OK", "ICY 200 OK   ", "HTTP/1.1 20 OK", "http/1.1 200 OK"})
    void aMalformedStatusLineFails(String statusLine) throws Exception {
        serve(r -> Reply.keepOpen(statusLine + "\r\nContent-Length: 2\r\n\r\nhi"));
        client(TIMEOUT);

        assertThatThrownBy(() -> get("/bad-status"))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("malformed HTTP status line");
    }

    @Test
    void afterAMalformedResponseTheNextRequestGoesOverANewConnection() throws Exception {
        serve(r -> Reply.keepOpen(r.connection() == 1 ? "HTTP/1.1 2OO OK\r\n\r\n" : ok("fine")));
        client(TIMEOUT);

        assertThatThrownBy(() -> get("/bad")).isInstanceOf(IOException.class);
        assertThat(text(get("/good"))).isEqualTo("fine");
        assertThat(server.request(1).connection()).isEqualTo(2);
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"NoColonHere", ": empty name", " X-Folded: leading space", "\tX-Tab: leading tab",
        "X-Space : before the colon"})
    void aMalformedHeaderLineFails(String headerLine) throws Exception {
        serve(r -> Reply.keepOpen("HTTP/1.1 200 OK\r\nX-Fine: yes\r\n" + headerLine + "\r\nContent-Length: 0\r\n\r\n"));
        client(TIMEOUT);

        assertThatThrownBy(() -> get("/bad-header"))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("malformed HTTP header line");
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {
        "Content-Length: 5\r\nContent-Length: 6",
        "Content-Length: 5, 6",
        "Content-Length: -1",
        "Content-Length: abc",
        "Content-Length: ",
        "Content-Length: 0x10",
        "Content-Length: 5,",
    })
    void aMalformedOrConflictingContentLengthFails(String fields) throws Exception {
        serve(r -> Reply.keepOpen("HTTP/1.1 200 OK\r\n" + fields + "\r\n\r\nhello!"));
        client(TIMEOUT);

        assertThatThrownBy(() -> get("/bad-length"))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("malformed Content-Length");
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"zz", "-5", "", "0x5", ";ext=1", "5 5", "g"})
    void aMalformedChunkSizeFailsWhenTheBodyIsRead(String sizeLine) throws Exception {
        serve(r -> Reply.keepOpen("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                + sizeLine + "\r\nhello\r\n0\r\n\r\n"));
        client(TIMEOUT);

        FetchResponse response = get("/bad-chunk");
        assertThat(response.status()).isEqualTo(200);
        assertThatThrownBy(() -> text(response))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("malformed chunk size");
    }

    @Test
    void chunkDataNotFollowedByALineBreakFails() throws Exception {
        serve(r -> Reply.keepOpen("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "5\r\nhelloXX\r\n0\r\n\r\n"));
        client(TIMEOUT);

        FetchResponse response = get("/no-crlf");
        assertThatThrownBy(() -> text(response))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("malformed chunked body");
    }

    @Test
    void aHeadLargerThan64kBFailsWhetherOneLineOrManyLines() throws Exception {
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < 1_000; i++) {
            many.append("X-Header-").append(i).append(": ").append("v".repeat(70)).append("\r\n");
        }
        serve(r -> Reply.keepOpen(switch (r.target()) {
            case "/one-line" -> "HTTP/1.1 200 OK\r\nX-Big: " + "a".repeat(70_000) + "\r\nContent-Length: 0\r\n\r\n";
            case "/many-lines" -> "HTTP/1.1 200 OK\r\n" + many + "Content-Length: 0\r\n\r\n";
            default -> "HTTP/1.1 200 OK\r\nX-Big: " + "b".repeat(60_000) + "\r\nContent-Length: 2\r\n\r\nok";
        }));
        client(TIMEOUT);

        assertThatThrownBy(() -> get("/one-line"))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("larger than 64 kB");
        assertThatThrownBy(() -> get("/many-lines"))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("larger than 64 kB");
        FetchResponse justUnder = get("/just-under");
        assertThat(justUnder.headers().firstValue("X-Big")).hasValueSatisfying(v -> assertThat(v).hasSize(60_000));
        assertThat(text(justUnder)).isEqualTo("ok");
    }

    /**
     * The limit holds however the head is split into reads. It was checked only before a read, so a
     * head whose reads ended below 64 kB and whose last read brought all the rest was accepted, and
     * the test above failed when loopback happened to split it so. Here the reads are split on
     * purpose, through a socket whose input is a script, not the network.
     */
    @ParameterizedTest(name = "first read of {0} bytes")
    @ValueSource(ints = {1, 1_000, 30_000, 40_000, 60_000, 65_536})
    void aHeadLargerThan64kBFailsHoweverItsReadsAreSplit(int firstRead) throws Exception {
        StringBuilder head = new StringBuilder("HTTP/1.1 200 OK\r\n");
        for (int i = 0; i < 1_000; i++) {
            head.append("X-Header-").append(i).append(": ").append("v".repeat(70)).append("\r\n");
        }
        byte[] bytes = head.append("Content-Length: 0\r\n\r\n").toString().getBytes(ISO_8859_1);
        InputStream splitReads = new InputStream() {
            private int at;

            @Override
            public int read() {
                return at < bytes.length ? bytes[at++] & 0xff : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (at == bytes.length) {
                    return -1;
                }
                int n = Math.min(Math.min(len, bytes.length - at), at == 0 ? firstRead : Integer.MAX_VALUE);
                System.arraycopy(bytes, at, b, off, n);
                at += n;
                return n;
            }
        };
        Socket scripted = new Socket() {
            @Override
            public InputStream getInputStream() {
                return splitReads;
            }

            @Override
            public OutputStream getOutputStream() {
                return OutputStream.nullOutputStream();
            }
        };
        try (Http1Client owner = new Http1Client(TIMEOUT, USER_AGENT)) {
            Http1Connection connection = new Http1Connection(owner, "scripted:1", scripted);

            assertThatThrownBy(() -> connection.exchange("GET / HTTP/1.1\r\n\r\n".getBytes(ISO_8859_1), TIMEOUT))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("larger than 64 kB");
        }
    }

    // ---------------------------------------------------------------- broken connections, timeouts

    @Test
    void anEarlyEndOfAContentLengthBodyFailsWithTheMissingBytesAndTheConnectionIsDropped() throws Exception {
        serve(r -> r.target().equals("/short")
                ? Reply.thenClose("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n" + "x".repeat(40))
                : Reply.keepOpen(ok("whole")));
        client(TIMEOUT);

        FetchResponse response = get("/short");
        assertThatThrownBy(() -> text(response))
                .isInstanceOf(EOFException.class)
                .hasMessageContaining("60 bytes");
        assertThat(text(get("/next"))).isEqualTo("whole");
        assertThat(server.connections()).isEqualTo(2);
        assertThat(server.requests()).extracting(Request::connection).containsExactly(1, 2);
    }

    @Test
    void aFreshConnectionClosedBeforeAnyResponseFails() throws Exception {
        serve(r -> Reply.thenClose(""));
        client(TIMEOUT);

        assertThatThrownBy(() -> get("/nothing"))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("closed");
        assertThat(server.connections()).isEqualTo(1); // not retried: a fresh connection is not stale
    }

    @Test
    void aBodyThatStallsFailsWithAHttpTimeoutExceptionAfterTheTimeout() throws Exception {
        serve(r -> Reply.thenHold("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n" + "y".repeat(10)));
        client(SHORT_TIMEOUT);

        FetchResponse response = get("/stall-body");
        InputStream body = response.body();
        assertThat(body.readNBytes(10)).hasSize(10);
        long start = System.nanoTime();
        assertThatThrownBy(body::readAllBytes)
                .isInstanceOf(HttpTimeoutException.class)
                .hasMessageContaining("while reading the body");
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertThat(millis).isBetween(250L, 3_000L);
        server.release();
    }

    @Test
    void aServerThatNeverAnswersFailsWithAHttpTimeoutException() throws Exception {
        serve(r -> Reply.thenHold(""));
        client(SHORT_TIMEOUT);

        long start = System.nanoTime();
        assertThatThrownBy(() -> get("/stall"))
                .isInstanceOf(HttpTimeoutException.class)
                .isNotInstanceOf(HttpConnectTimeoutException.class)
                .hasMessageContaining("no response within");
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isBetween(250L, 3_000L);
        server.release();
    }

    @Test
    void aHeadThatStopsHalfWayFailsWithAHttpTimeoutException() throws Exception {
        serve(r -> Reply.thenHold("HTTP/1.1 200 OK\r\nContent-Le"));
        client(SHORT_TIMEOUT);

        assertThatThrownBy(() -> get("/half-head")).isInstanceOf(HttpTimeoutException.class);
        server.release();
    }

    @ParameterizedTest(name = "server ends it with {0}")
    @EnumSource(value = After.class, names = {"HOLD", "HOLD_THEN_RESET"})
    void aPooledConnectionTheServerClosedIsReplacedTransparently(After end) throws Exception {
        // keep-alive, no "Connection: close": then the server closes (or resets) the idle connection
        serve(r -> r.connection() == 1 ? Reply.keepOpen(ok("one")).then(end) : Reply.keepOpen(ok("two")));
        client(TIMEOUT);

        assertThat(text(get("/one"))).isEqualTo("one");
        server.release();
        await().atMost(Duration.ofSeconds(5)).until(() -> server.endedConnections() == 1);
        assertThat(text(get("/two"))).isEqualTo("two");

        assertThat(server.connections()).isEqualTo(2);
        assertThat(server.requests()).extracting(Request::connection).containsExactly(1, 2);
    }

    @Test
    void everyStalePooledConnectionIsTriedAndDroppedBeforeANewOneIsOpened() throws Exception {
        serve(r -> r.connection() <= 3 ? Reply.keepOpen(ok("old" + r.connection())).then(After.HOLD)
                : Reply.keepOpen(ok("new")));
        client(TIMEOUT);
        // three responses open at once need three connections; reading them pools all three
        FetchResponse a = get("/a");
        FetchResponse b = get("/b");
        FetchResponse c = get("/c");
        assertThat(List.of(text(a), text(b), text(c))).containsExactlyInAnyOrder("old1", "old2", "old3");
        server.release();
        await().atMost(Duration.ofSeconds(5)).until(() -> server.endedConnections() == 3);

        assertThat(text(get("/d"))).isEqualTo("new");
        assertThat(text(get("/e"))).isEqualTo("new");
        assertThat(server.connections()).isEqualTo(4);
        assertThat(server.requests()).extracting(Request::connection).containsExactly(1, 2, 3, 4, 4);
    }

    @Test
    void aRefusedConnectionFailsWithConnectException() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            port = probe.getLocalPort();
        }
        client(TIMEOUT);

        assertThatThrownBy(() -> client.get(URI.create("http://127.0.0.1:" + port + "/nobody")))
                .isInstanceOf(ConnectException.class);
    }

    // ---------------------------------------------------------------- discard, close, shutdown

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"content-length", "chunked"})
    void discardingASmallBodyKeepsTheConnection(String framing) throws Exception {
        String page = "not found ".repeat(100);
        String notFound = framing.equals("chunked")
                ? "HTTP/1.1 404 Not Found\r\nTransfer-Encoding: chunked\r\n\r\n" + chunked(page, page)
                : "HTTP/1.1 404 Not Found\r\nContent-Length: " + page.length() + "\r\n\r\n" + page;
        serve(r -> Reply.keepOpen(r.index() == 0 ? notFound : ok("after discard")));
        client(TIMEOUT);

        FetchResponse response = get("/missing");
        assertThat(response.status()).isEqualTo(404);
        response.discard();
        response.discard(); // twice: no harm
        assertThat(text(get("/next"))).isEqualTo("after discard");

        assertThat(server.connections()).isEqualTo(1);
        assertThat(server.request(1).connection()).isEqualTo(1);
    }

    @Test
    void discardingALargeBodyClosesTheConnection() throws Exception {
        String large = "L".repeat(1 << 20);
        serve(r -> Reply.keepOpen(r.connection() == 1 ? ok(large) : ok("fresh")));
        client(TIMEOUT);

        FetchResponse response = get("/large");
        response.discard();
        await().atMost(Duration.ofSeconds(5)).until(() -> server.endedConnections() == 1);
        assertThat(text(get("/next"))).isEqualTo("fresh");

        assertThat(server.connections()).isEqualTo(2);
        assertThat(server.request(1).connection()).isEqualTo(2);
    }

    @Test
    void closingABodyBeforeItsEndClosesTheConnection() throws Exception {
        serve(r -> Reply.keepOpen(r.connection() == 1 ? ok("0123456789".repeat(100)) : ok("fresh")));
        client(TIMEOUT);

        FetchResponse response = get("/partly");
        try (InputStream in = response.body()) {
            assertThat(in.readNBytes(10)).asString(ISO_8859_1).isEqualTo("0123456789");
        }
        assertThat(text(get("/next"))).isEqualTo("fresh");
        assertThat(server.request(1).connection()).isEqualTo(2);
    }

    @Test
    void shutdownNowAbortsAReadBlockedOnAStalledBody() throws Exception {
        serve(r -> Reply.thenHold("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n" + "z".repeat(10)));
        client(Duration.ofSeconds(30)); // far longer than the test: only the shutdown can end the read
        CountDownLatch reading = new CountDownLatch(1);
        CompletableFuture<Throwable> outcome = new CompletableFuture<>();
        Thread reader = Thread.ofPlatform().name("stalled-reader").start(() -> {
            try {
                InputStream body = get("/stall-body").body();
                body.readNBytes(10);
                reading.countDown();
                body.readAllBytes();
                outcome.complete(null);
            } catch (Throwable t) {
                outcome.complete(t);
            }
        });
        assertThat(reading.await(10, TimeUnit.SECONDS)).isTrue();

        client.shutdownNow();

        await().atMost(Duration.ofSeconds(10)).until(outcome::isDone);
        assertThat(outcome.get()).isInstanceOf(IOException.class).isNotInstanceOf(HttpTimeoutException.class);
        reader.join(Duration.ofSeconds(10));
        assertThatThrownBy(() -> get("/after-shutdown")).isInstanceOf(IOException.class);
    }

    @Test
    void shutdownNowAbortsAGetWaitingForItsHead() throws Exception {
        serve(r -> Reply.thenHold(""));
        client(Duration.ofSeconds(30));
        CompletableFuture<Throwable> outcome = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try {
                get("/never");
                outcome.complete(null);
            } catch (Throwable t) {
                outcome.complete(t);
            }
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> server.requests().size() == 1);

        client.shutdownNow();

        await().atMost(Duration.ofSeconds(10)).until(outcome::isDone);
        assertThat(outcome.get()).isInstanceOf(IOException.class).isNotInstanceOf(HttpTimeoutException.class);
    }

    @Test
    void anInterruptedVirtualThreadReadingABodyGetsAnInterruptedIOException() throws Exception {
        serve(r -> Reply.thenHold("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n" + "z".repeat(10)));
        client(Duration.ofSeconds(30));
        CountDownLatch reading = new CountDownLatch(1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread reader = Thread.ofVirtual().start(() -> {
            try {
                InputStream body = get("/stall-body").body();
                body.readNBytes(10);
                reading.countDown();
                body.readAllBytes();
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        assertThat(reading.await(10, TimeUnit.SECONDS)).isTrue();

        reader.interrupt();

        assertThat(reader.join(Duration.ofSeconds(10))).isTrue();
        assertThat(failure.get()).isInstanceOf(InterruptedIOException.class);
    }

    // ---------------------------------------------------------------- URLs and arguments

    @Test
    void nonAsciiUrlsAreSentPercentEncoded() throws Exception {
        serve(r -> Reply.keepOpen(ok("café")));
        client(TIMEOUT);
        int port = server.port();

        text(client.get(URI.create("http://127.0.0.1:" + port + "/caf%C3%A9")));
        text(client.get(new URI("http", null, "127.0.0.1", port, "/café", null, null)));
        text(client.get(new URI("http", null, "127.0.0.1", port, "/a b/ü", "q=ä ö", null)));

        assertThat(server.requests()).extracting(Request::requestLine).containsExactly(
                "GET /caf%C3%A9 HTTP/1.1",
                "GET /caf%C3%A9 HTTP/1.1",
                "GET /a%20b/%C3%BC?q=%C3%A4%20%C3%B6 HTTP/1.1");
        assertThat(server.requests()).allSatisfy(r -> {
            assertThat(r.requestLine().chars()).allMatch(c -> c >= 0x20 && c < 0x7f);
            assertThat(r.headers()).allSatisfy(h -> assertThat(h.chars()).allMatch(c -> c < 0x80));
        });
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"agent\r\nX-Injected: 1", "agent\nX-Injected: 1", "agent\r", "\nagent"})
    void aUserAgentWithALineBreakIsRejected(String userAgent) {
        assertThatThrownBy(() -> new Http1Client(TIMEOUT, userAgent))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("line break");
    }

    @Test
    void onlyHttpUrlsAreAccepted() {
        client(TIMEOUT);

        assertThatThrownBy(() -> client.get(URI.create("https://127.0.0.1:1/x")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    // ---------------------------------------------------------------- found wrong

    /** Found by this class: a tab or control character in a name used to slip past the check. */
    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"X-A: 1\r\nX-A\t: 2", "\u000b: v", "X-B\t: v"})
    void headerNamesThatHttpHeadersRejectFailWithIOException(String fields) throws Exception {
        serve(r -> Reply.keepOpen("HTTP/1.1 200 OK\r\n" + fields + "\r\nContent-Length: 0\r\n\r\n"));
        client(TIMEOUT);

        assertThatThrownBy(() -> get("/odd-names"))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("malformed HTTP header line");
    }

    /**
     * Found by this class: only the first Transfer-Encoding line was looked at. Now every line
     * counts, and a transfer coding other than chunked is refused rather than saved still encoded.
     */
    @Test
    void transferEncodingIsReadFromEveryLineAndOnlyChunkedIsAccepted() throws Exception {
        serve(r -> switch (r.target()) {
            case "/two-lines" -> Reply.keepOpen("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + chunked("gzipped bytes"));
            default -> Reply.keepOpen("HTTP/1.1 200 OK\r\nTransfer-Encoding: identity\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + chunked("plain bytes"));
        });
        client(Duration.ofSeconds(1));

        assertThatThrownBy(() -> get("/two-lines"))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("unsupported Transfer-Encoding: gzip, chunked");
        assertThat(text(get("/identity-then-chunked"))).isEqualTo("plain bytes");
    }
}
