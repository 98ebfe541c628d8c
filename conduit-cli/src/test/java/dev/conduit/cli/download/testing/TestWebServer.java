package dev.conduit.cli.download.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP server on 127.0.0.1 for the tests (JDK's com.sun.net.httpserver, one virtual thread
 * per exchange). Routes match the start of the raw request path; it logs every request path.
 */
public final class TestWebServer implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private final Map<String, HttpHandler> routes = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<String> requests = new ConcurrentLinkedQueue<>();
    private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();

    public TestWebServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 100);
        server.setExecutor(threads);
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getRawPath();
            String query = exchange.getRequestURI().getRawQuery();
            String full = query == null ? path : path + "?" + query;
            requests.add(full);
            counts.computeIfAbsent(full, p -> new AtomicInteger()).incrementAndGet();
            try (exchange) {
                HttpHandler handler = routes.entrySet().stream()
                        .filter(e -> path.startsWith(e.getKey()))
                        .max((a, b) -> Integer.compare(a.getKey().length(), b.getKey().length()))
                        .map(Map.Entry::getValue)
                        .orElse(null);
                if (handler == null) {
                    exchange.sendResponseHeaders(404, -1);
                } else {
                    handler.handle(exchange);
                }
            }
        });
        server.start();
    }

    /** Serves requests whose path starts with {@code prefix} with {@code handler}. */
    public TestWebServer route(String prefix, HttpHandler handler) {
        routes.put(prefix, handler);
        return this;
    }

    /** @return {@code http://127.0.0.1:PORT} + {@code path} */
    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** @return every request path seen so far, in arrival order */
    public List<String> requests() {
        return List.copyOf(requests);
    }

    /** @return how many times {@code path} (with its query) was requested */
    public int count(String path) {
        AtomicInteger n = counts.get(path);
        return n == null ? 0 : n.get();
    }

    public static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
