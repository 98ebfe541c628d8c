package dev.conduit.cli.download.http;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;

/**
 * The {@link HttpEngine} over the JDK's {@link HttpClient}: HTTP/2 negotiated on {@code https},
 * HTTP/1.1 on {@code http}. It carries every {@code https://} URL, and every URL with
 * {@code --http-engine jdk}. Bodies arrive as a {@link BodyStream} that gives up after the read
 * timeout of silence.
 */
final class JdkHttpEngine implements HttpEngine {

    /** The HTTP client's read buffer size property (bytes), read once when the client's classes load. */
    static final String CLIENT_BUFFER_PROPERTY = "jdk.httpclient.bufsize";
    /**
     * The read buffer we ask for: 64 kB instead of the client's 16 kB default makes a quarter of
     * the hand-offs per body byte (each buffer travels through the client's subscribers, the
     * {@link BodyStream} and one file write), which shows on large files; with
     * {@link BodyStream#AHEAD} buffers requested ahead per body it is still about half a megabyte
     * per download worker.
     */
    static final int CLIENT_BUFFER_BYTES = 64 * 1024;

    /**
     * Where the HTTP client runs the work its selector thread hands off (parsing a response,
     * delivering body buffers, completing the exchange): right there, on the selector thread. The
     * client calls its executor only from that thread (elsewhere it runs the task inline), and
     * nothing we give it blocks: {@link BodyStream#onNext} only offers to a channel, and the file
     * writes, gunzipping and retries happen in the download workers. So the selector thread is an
     * event loop like curl's, and a response no longer travels through two more threads (a virtual
     * thread per hand-off before). Measured cold on tmpfs, interleaved with the virtual-thread
     * executor: 20 files of 10 MiB 4-8 % faster with 5 % less CPU in each of three sessions; 2,000
     * small files 5-9 % faster in two sessions, no different in two others. The JDK's client allows
     * such an executor (its receiver expects to run "in the selector" with one).
     */
    private static final Executor CLIENT_EXECUTOR = Runnable::run;

    private final Duration timeout;
    private final String userAgent;
    private final HttpClient client;

    /**
     * @param proxy the HTTP proxy for every request (plain requests in absolute form, https tunnelled
     *              with CONNECT), or {@code null} to connect directly
     * @param tls   the TLS context (the certificates trusted), or {@code null} for the JDK's default
     */
    JdkHttpEngine(Duration timeout, String userAgent, InetSocketAddress proxy, SSLContext tls) {
        this.timeout = timeout;
        this.userAgent = userAgent;
        useLargerClientBuffers();
        HttpClient.Builder builder = HttpClient.newBuilder()
                .executor(CLIENT_EXECUTOR)
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER); // followed by hand, with a limit
        if (proxy != null) {
            builder.proxy(ProxySelector.of(proxy));
        }
        if (tls != null) {
            builder.sslContext(tls);
        }
        this.client = builder.build();
    }

    @Override
    public FetchResponse get(URI url, long from) throws IOException, InterruptedException {
        HttpRequest.Builder builder = HttpRequest.newBuilder(url);
        if (from >= 0) {
            builder.header("Range", "bytes=" + from + "-");
        }
        if ("http".equalsIgnoreCase(url.getScheme())) {
            // HTTP/2 stays on for https (negotiated in the TLS handshake). On cleartext the client
            // would offer an h2c upgrade with every request, which few servers accept and which
            // costs a settings frame per request; curl and wget do not offer it either.
            builder.version(HttpClient.Version.HTTP_1_1);
        }
        HttpRequest request = builder
                .GET()
                .timeout(timeout)
                .header("User-Agent", userAgent)
                .header("Accept-Encoding", from >= 0 ? "identity" : "gzip, deflate")
                .build();
        return new Response(client.send(request, HttpResponse.BodyHandlers.ofPublisher()), timeout);
    }

    @Override
    public void shutdownNow() {
        client.shutdownNow();
    }

    @Override
    public void close() {
        client.close();
    }

    /**
     * Asks for {@link #CLIENT_BUFFER_BYTES} read buffers unless the user set the property (for
     * example with {@code JAVA_OPTS=-Djdk.httpclient.bufsize=...}). Takes effect only if no HTTP
     * client was created in this JVM before, which holds for the {@code conduit} program.
     */
    private static void useLargerClientBuffers() {
        if (System.getProperty(CLIENT_BUFFER_PROPERTY) == null) {
            System.setProperty(CLIENT_BUFFER_PROPERTY, Integer.toString(CLIENT_BUFFER_BYTES));
        }
    }

    private record Response(HttpResponse<Flow.Publisher<List<ByteBuffer>>> response, Duration timeout)
            implements FetchResponse {
        @Override
        public int status() {
            return response.statusCode();
        }

        @Override
        public HttpHeaders headers() {
            return response.headers();
        }

        @Override
        public InputStream body() {
            BodyStream body = new BodyStream(timeout);
            response.body().subscribe(body);
            return body;
        }

        /** Cancels the body so its connection is released. */
        @Override
        public void discard() {
            response.body().subscribe(new Flow.Subscriber<>() {
                @Override
                public void onSubscribe(Flow.Subscription s) {
                    s.cancel();
                }

                @Override
                public void onNext(List<ByteBuffer> item) {
                }

                @Override
                public void onError(Throwable t) {
                }

                @Override
                public void onComplete() {
                }
            });
        }
    }
}
