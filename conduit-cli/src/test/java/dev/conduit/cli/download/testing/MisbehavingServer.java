package dev.conduit.cli.download.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A raw-socket HTTP/1.1 server on 127.0.0.1 that misbehaves on purpose, which a real HTTP server
 * library will not do: by request path (a query is ignored, so one behaviour can have several URLs),
 * <ul>
 *   <li>{@code /stall}: reads the request and never answers;</li>
 *   <li>{@code /stall-body}: sends headers and half the body, then goes silent;</li>
 *   <li>{@code /reset-once}: the first time, sends headers and part of the body, then resets the
 *       connection (SO_LINGER 0, so the client gets an RST); afterwards serves the whole body;</li>
 *   <li>{@code /reset-always}: resets every time.</li>
 * </ul>
 * Bodies are {@link #body()}. Every socket is closed by {@link #close()}.
 */
public final class MisbehavingServer implements AutoCloseable {
    public static final int BODY_SIZE = 100_000;

    private final ServerSocket listener;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
    private final Thread acceptor;

    public MisbehavingServer() throws IOException {
        listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = Thread.ofVirtual().name("misbehaving-server").start(this::acceptLoop);
    }

    public static byte[] body() {
        byte[] b = new byte[BODY_SIZE];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) ('a' + i % 26);
        }
        return b;
    }

    public String url(String path) {
        return "http://127.0.0.1:" + listener.getLocalPort() + path;
    }

    public int count(String path) {
        AtomicInteger n = counts.get(path);
        return n == null ? 0 : n.get();
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            try {
                Socket s = listener.accept();
                sockets.add(s);
                Thread.ofVirtual().start(() -> serve(s));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serve(Socket s) {
        try {
            String path = readRequestPath(s.getInputStream());
            int n = counts.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
            OutputStream out = s.getOutputStream();
            byte[] body = body();
            String headers = "HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: "
                    + body.length + "\r\nConnection: close\r\n\r\n";
            String route = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
            switch (route) {
                case "/stall" -> { } // hold the socket open until close()
                case "/stall-body" -> {
                    out.write(headers.getBytes(StandardCharsets.US_ASCII));
                    out.write(body, 0, body.length / 2);
                    out.flush();
                }
                case "/reset-once", "/reset-always" -> {
                    out.write(headers.getBytes(StandardCharsets.US_ASCII));
                    if (route.equals("/reset-always") || n == 1) {
                        out.write(body, 0, 5_000);
                        out.flush();
                        s.setSoLinger(true, 0); // close with RST: "connection reset" on the client
                        s.close();
                    } else {
                        out.write(body);
                        out.flush();
                        s.close();
                    }
                }
                default -> {
                    out.write("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                            .getBytes(StandardCharsets.US_ASCII));
                    s.close();
                }
            }
        } catch (IOException e) {
            // the client went away; nothing to do
        }
    }

    /** Reads up to the blank line ending the request head and returns the request path. */
    private static String readRequestPath(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0) {
            head.append((char) c);
            if (head.length() >= 4 && head.substring(head.length() - 4).equals("\r\n\r\n")) {
                break;
            }
        }
        String[] requestLine = head.toString().split("\r\n", 2)[0].split(" ");
        return requestLine.length > 1 ? requestLine[1] : "";
    }

    @Override
    public void close() throws IOException {
        listener.close();
        for (Socket s : sockets) {
            s.close();
        }
        acceptor.interrupt();
    }
}
