package dev.conduit.cli.download.testing;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A test-only HTTP/1.1 server on 127.0.0.1 whose answers are raw bytes chosen by the test, so it can
 * send what a real server library never would: odd framing, malformed heads, stalls, early closes.
 *
 * <p>Each accepted connection is served on its own virtual thread, which reads one request head at
 * a time (up to the blank line), records it as a {@link Request} with the connection's number
 * (1, 2, ... in accept order) and the request's index on that connection (0, 1, ...), and writes
 * the {@link Reply} the {@link Script} returns for it. What happens after the reply is the reply's
 * {@link After}. Connections accepted and connections ended are counted.
 *
 * <p>Bounded: a request head may be at most 64 kB; the tests send at most a few hundred requests.
 * {@link #close()} releases held connections and closes every socket.
 */
public final class ScriptedHttpServer implements AutoCloseable {

    /** What the connection does once a reply was written. */
    public enum After {
        /** Read the next request on the same connection. */
        KEEP_OPEN,
        /** Close the connection (a FIN). */
        CLOSE,
        /** Reset the connection (SO_LINGER 0: an RST). */
        RESET,
        /** Keep the connection silent until {@link #release()} or {@link #close()}, then close it. */
        HOLD,
        /** Keep the connection silent until {@link #release()} or {@link #close()}, then reset it. */
        HOLD_THEN_RESET
    }

    /**
     * The bytes to answer one request with, and what to do afterwards.
     *
     * @param trickle write the bytes one at a time, each flushed on its own
     */
    public record Reply(byte[] bytes, After after, boolean trickle) {
        public static Reply keepOpen(String latin1) {
            return new Reply(latin1.getBytes(StandardCharsets.ISO_8859_1), After.KEEP_OPEN, false);
        }

        public static Reply thenClose(String latin1) {
            return new Reply(latin1.getBytes(StandardCharsets.ISO_8859_1), After.CLOSE, false);
        }

        public static Reply thenReset(String latin1) {
            return new Reply(latin1.getBytes(StandardCharsets.ISO_8859_1), After.RESET, false);
        }

        public static Reply thenHold(String latin1) {
            return new Reply(latin1.getBytes(StandardCharsets.ISO_8859_1), After.HOLD, false);
        }

        public Reply then(After next) {
            return new Reply(bytes, next, trickle);
        }

        public Reply trickled() {
            return new Reply(bytes, after, true);
        }
    }

    /** The answer to each request; called on the connection's thread. */
    @FunctionalInterface
    public interface Script {
        public Reply answer(Request request);
    }

    /**
     * One request head as it came.
     *
     * @param connection  the connection's number, 1 for the first accepted
     * @param index       the request's index on its connection, 0 for the first
     * @param requestLine the first line, without CR LF, bytes as ISO-8859-1 characters
     * @param headers     the header lines, without CR LF
     */
    public record Request(int connection, int index, String requestLine, List<String> headers) {
        /** @return the request target: path and query as sent */
        public String target() {
            String[] parts = requestLine.split(" ");
            return parts.length > 1 ? parts[1] : "";
        }

        /** @return the values of the header {@code name} (compared without case), trimmed */
        public List<String> header(String name) {
            List<String> values = new ArrayList<>();
            for (String line : headers) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).equalsIgnoreCase(name)) {
                    values.add(line.substring(colon + 1).strip());
                }
            }
            return values;
        }

        public Optional<String> firstHeader(String name) {
            return header(name).stream().findFirst();
        }
    }

    private static final int MAX_REQUEST_HEAD = 64 * 1024;

    private final Script script;
    private final ServerSocket listener;
    private final Thread acceptor;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final List<Request> requests = new ArrayList<>();
    private final AtomicInteger accepted = new AtomicInteger();
    private final AtomicInteger ended = new AtomicInteger();
    private final CountDownLatch released = new CountDownLatch(1);

    public ScriptedHttpServer(Script script) throws IOException {
        this.script = script;
        this.listener = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        this.acceptor = Thread.ofVirtual().name("scripted-http-acceptor").start(this::acceptLoop);
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** @return {@code http://127.0.0.1:PORT} followed by {@code pathAndQuery} */
    public URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + port() + pathAndQuery);
    }

    /** @return connections accepted so far */
    public int connections() {
        return accepted.get();
    }

    /** @return connections whose serving thread has finished (closed by either side) */
    public int endedConnections() {
        return ended.get();
    }

    /** @return the requests so far, in the order their heads were read */
    public List<Request> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    /** @return the {@code i}-th request (0-based) */
    public Request request(int i) {
        return requests().get(i);
    }

    /** Lets every {@link After#HOLD} connection close. */
    public void release() {
        released.countDown();
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            Socket socket;
            try {
                socket = listener.accept();
            } catch (IOException closed) {
                return;
            }
            int number = accepted.incrementAndGet();
            sockets.add(socket);
            Thread.ofVirtual().name("scripted-http-" + number).start(() -> serve(socket, number));
        }
    }

    private void serve(Socket socket, int number) {
        try (socket) {
            socket.setTcpNoDelay(true);
            InputStream in = new BufferedInputStream(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            for (int index = 0; ; index++) {
                List<String> lines = readHead(in);
                if (lines == null) {
                    return; // the client closed the connection
                }
                Request request = new Request(number, index, lines.get(0), List.copyOf(lines.subList(1, lines.size())));
                synchronized (requests) {
                    requests.add(request);
                }
                Reply reply = script.answer(request);
                if (reply.trickle()) {
                    for (byte b : reply.bytes()) {
                        out.write(b);
                        out.flush();
                    }
                } else {
                    out.write(reply.bytes());
                    out.flush();
                }
                switch (reply.after()) {
                    case KEEP_OPEN -> { }
                    case CLOSE -> {
                        return;
                    }
                    case RESET -> {
                        socket.setSoLinger(true, 0);
                        return;
                    }
                    case HOLD -> {
                        released.await();
                        return;
                    }
                    case HOLD_THEN_RESET -> {
                        released.await();
                        socket.setSoLinger(true, 0);
                        return;
                    }
                }
            }
        } catch (IOException e) {
            // the client went away (or closed its end early): the connection is over
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            sockets.remove(socket);
            ended.incrementAndGet();
        }
    }

    /** Reads a request head up to its blank line; {@code null} at the end of the stream before any byte. */
    private static List<String> readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int last4 = 0; // the last four bytes read, the newest lowest
        int c;
        while ((c = in.read()) >= 0) {
            head.write(c);
            last4 = last4 << 8 | c;
            if (last4 == 0x0d0a0d0a) {
                byte[] b = head.toByteArray();
                String text = new String(b, 0, b.length - 4, StandardCharsets.ISO_8859_1);
                return Arrays.asList(text.split("\r\n", -1));
            }
            if (head.size() > MAX_REQUEST_HEAD) {
                throw new IOException("request head too large");
            }
        }
        if (head.size() == 0) {
            return null;
        }
        throw new IOException("the connection closed in the middle of a request head");
    }

    @Override
    public void close() throws IOException {
        released.countDown();
        listener.close();
        for (Socket s : sockets) {
            s.close();
        }
        acceptor.interrupt();
    }
}
