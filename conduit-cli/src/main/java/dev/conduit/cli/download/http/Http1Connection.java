package dev.conduit.cli.download.http;

import dev.conduit.cli.download.text.Durations;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One HTTP/1.1 connection of an {@link Http1Client}: sends a request, parses the response head and
 * frames its body. Used by one exchange at a time.
 *
 * <p>Reading: bytes from the socket go into {@link #buffer}; the head is parsed from there, and a
 * body takes what is left in the buffer first, then reads the socket straight into the caller's
 * array, so a large body is copied once on its way to the file. Limits: a head of at most
 * {@link #MAX_HEAD_BYTES}, a chunk-size line of at most 1 kB; the head must arrive within the
 * timeout as a whole, a body may be silent for at most the timeout at a time.
 */
final class Http1Connection implements AutoCloseable {

    /** The most bytes of status line and headers accepted, like common servers' own limits. */
    static final int MAX_HEAD_BYTES = 64 * 1024;
    /** Bytes a discarded body may still have for the connection to be kept (read and dropped). */
    private static final int MAX_DRAIN = 64 * 1024;

    /** A reused connection the server had closed: nothing of a response came. The request may be sent again. */
    static final class StaleConnection extends IOException {
        StaleConnection(Throwable cause) {
            super("stale connection", cause);
        }
    }

    private final Http1Client owner;
    private final String key;
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final byte[] buffer = new byte[64 * 1024];
    private int pos;
    private int limit;
    /** Bytes of the current response head so far, against {@link #MAX_HEAD_BYTES}. */
    private int headBytes;
    private boolean used;
    private volatile boolean closed;

    Http1Connection(Http1Client owner, String key, Socket socket) throws IOException {
        this.owner = owner;
        this.key = key;
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    /** @return host and port, lower case: the pool this connection belongs to */
    String key() {
        return key;
    }

    /**
     * Sends {@code request} and reads the response head.
     *
     * @throws StaleConnection       if this connection was used before and failed before any byte of a response
     * @throws HttpTimeoutException  if the head did not arrive within {@code timeout}
     * @throws IOException           if the response is malformed or the connection failed
     */
    FetchResponse exchange(byte[] request, Duration timeout) throws IOException {
        boolean reused = used;
        used = true;
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            socket.setSoTimeout(Math.clamp(timeout.toMillis(), 1, Integer.MAX_VALUE));
            try {
                out.write(request);
                out.flush();
            } catch (IOException e) {
                throw reused ? new StaleConnection(e) : e;
            }
            while (true) {
                headBytes = 0;
                String statusLine;
                try {
                    statusLine = readHeadLine(deadline);
                } catch (SocketTimeoutException e) {
                    throw e;
                } catch (IOException e) {
                    // nothing of a response came on a connection that served one before: the server
                    // closed it while it was idle (or reset it); the caller sends the request again
                    throw reused && headBytes == 0 && pos == limit ? new StaleConnection(e) : e;
                }
                reused = false; // a byte came: from here on a failure is the response's
                Response response = parseHead(statusLine, deadline, timeout);
                if (response != null) {
                    return response;
                }
                // an interim response (100 Continue, 103 Early Hints): the real one follows
            }
        } catch (SocketTimeoutException e) {
            close();
            throw new HttpTimeoutException("no response within " + Durations.format(timeout));
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Parses the rest of a head; {@code null} for an interim (1xx) response, whose head is then consumed. */
    private Response parseHead(String statusLine, long deadline, Duration timeout) throws IOException {
        // "HTTP/1.1 200 OK": the version, a space, three digits, then a space and a reason or nothing
        if (statusLine.length() < 12 || !statusLine.startsWith("HTTP/1.") || statusLine.charAt(8) != ' '
                || !Character.isDigit(statusLine.charAt(9)) || !Character.isDigit(statusLine.charAt(10))
                || !Character.isDigit(statusLine.charAt(11))
                || (statusLine.length() > 12 && statusLine.charAt(12) != ' ')) {
            throw new IOException("malformed HTTP status line: " + printable(statusLine));
        }
        boolean http10 = statusLine.charAt(7) == '0';
        int status = Integer.parseInt(statusLine, 9, 12, 10);
        Map<String, List<String>> fields = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (String line; !(line = readHeadLine(deadline)).isEmpty(); ) {
            int colon = line.indexOf(':');
            if (colon <= 0 || !isToken(line, colon)) { // also rejects folded lines and "Name : value"
                throw new IOException("malformed HTTP header line: " + printable(line));
            }
            fields.computeIfAbsent(line.substring(0, colon), k -> new ArrayList<>(1)).add(line.substring(colon + 1).strip());
        }
        if (status >= 100 && status < 200 && status != 101) {
            return null;
        }
        boolean keepAlive = !http10 && !hasToken(fields, "Connection", "close");
        long length = -1;
        boolean chunked = false;
        List<String> codings = transferCodings(fields);
        if (!codings.isEmpty()) {
            // only chunked is framing we can undo; a body in another transfer coding (gzip as a
            // transfer coding, not a content coding) would otherwise be saved still encoded
            if (!codings.equals(List.of("chunked"))) {
                throw new IOException("unsupported Transfer-Encoding: " + printable(String.join(", ", codings)));
            }
            chunked = true;
        } else if (fields.get("Content-Length") instanceof List<String> lengths) {
            length = contentLength(lengths);
        }
        if (status == 204 || status == 304 || status == 101) {
            length = 0;
            chunked = false;
            keepAlive &= status != 101; // we asked for no upgrade: do not trust what follows
        } else if (!chunked && length < 0) {
            keepAlive = false; // the body ends with the connection
        }
        return new Response(status, fields, length, chunked, keepAlive, timeout);
    }

    private static long contentLength(List<String> values) throws IOException {
        long length = -1;
        for (String value : values) {
            for (String part : value.split(",", -1)) {
                long n;
                try {
                    n = Long.parseLong(part.strip());
                } catch (NumberFormatException e) {
                    n = -1;
                }
                if (n < 0 || (length >= 0 && n != length)) {
                    throw new IOException("malformed Content-Length: " + printable(String.join(", ", values)));
                }
                length = n;
            }
        }
        return length;
    }

    /** The transfer codings of all {@code Transfer-Encoding} lines in order, lower case, without {@code identity}. */
    private static List<String> transferCodings(Map<String, List<String>> fields) {
        List<String> codings = new ArrayList<>();
        for (String value : fields.getOrDefault("Transfer-Encoding", List.of())) {
            for (String part : value.split(",")) {
                String coding = part.strip().toLowerCase(Locale.ROOT);
                if (!coding.isEmpty() && !coding.equals("identity")) {
                    codings.add(coding);
                }
            }
        }
        return codings;
    }

    /** Whether {@code line}'s first {@code end} characters are an HTTP token (a field name, RFC 9110 5.6.2). */
    private static boolean isToken(String line, int end) {
        for (int i = 0; i < end; i++) {
            char c = line.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static boolean hasToken(Map<String, List<String>> fields, String name, String token) {
        for (String value : fields.getOrDefault(name, List.of())) {
            for (String part : value.split(",")) {
                if (part.strip().equalsIgnoreCase(token)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Reads one line of the head (without its CR LF), counting it in {@link #headBytes}. */
    private String readHeadLine(long deadline) throws IOException {
        int start = pos;
        while (true) {
            for (int i = start; i < limit; i++) {
                if (buffer[i] == '\n') {
                    int end = i > pos && buffer[i - 1] == '\r' ? i - 1 : i;
                    headBytes += i + 1 - pos;
                    if (headBytes >= MAX_HEAD_BYTES) {
                        // checked here too, not only before a read: how the head was split into
                        // reads must not decide whether a too-large head is accepted
                        throw headTooLarge();
                    }
                    String line = new String(buffer, pos, end - pos, StandardCharsets.ISO_8859_1);
                    pos = i + 1;
                    return line;
                }
            }
            if (headBytes + (limit - pos) >= MAX_HEAD_BYTES) {
                throw headTooLarge();
            }
            if (System.nanoTime() - deadline > 0) {
                throw new SocketTimeoutException("the response head came too slowly");
            }
            if (pos > 0) { // move the partial line to the front to make room
                System.arraycopy(buffer, pos, buffer, 0, limit - pos);
                limit -= pos;
                pos = 0;
            }
            start = limit;
            int n = in.read(buffer, limit, buffer.length - limit);
            if (n < 0) {
                throw new EOFException(headBytes == 0 && limit == 0 ? "the connection closed before a response"
                        : "the connection closed in the middle of the response head");
            }
            limit += n;
        }
    }

    private static IOException headTooLarge() {
        return new IOException("the response head is larger than " + MAX_HEAD_BYTES / 1024 + " kB");
    }

    /** Reads body bytes: the buffer's rest first, then the socket; -1 at the connection's end. */
    private int readRaw(byte[] b, int off, int len) throws IOException {
        if (pos < limit) {
            int n = Math.min(len, limit - pos);
            System.arraycopy(buffer, pos, b, off, n);
            pos += n;
            return n;
        }
        return in.read(b, off, len);
    }

    /** Reads a line inside a chunked body (a size line, a CR LF, a trailer) through the buffer. */
    private String readBodyLine() throws IOException {
        StringBuilder line = new StringBuilder();
        while (true) {
            if (pos == limit) {
                pos = 0;
                limit = 0;
                int n = in.read(buffer, 0, buffer.length);
                if (n < 0) {
                    throw new EOFException("the connection closed in the middle of a chunked body");
                }
                limit = n;
            }
            byte c = buffer[pos++];
            if (c == '\n') {
                int end = line.length();
                if (end > 0 && line.charAt(end - 1) == '\r') {
                    line.setLength(end - 1);
                }
                return line.toString();
            }
            if (line.length() >= 1024) {
                throw new IOException("a chunk-size line longer than 1 kB");
            }
            line.append((char) (c & 0xff));
        }
    }

    /** Closes the socket (aborting a read in progress) and leaves the pool; idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing a socket that failed: nothing more to do
        }
        owner.forget(this);
    }

    private static String printable(String s) {
        String cut = s.length() > 200 ? s.substring(0, 200) + "..." : s;
        StringBuilder b = new StringBuilder(cut.length());
        for (char c : cut.toCharArray()) {
            b.append(c < 0x20 || c == 0x7f ? '?' : c);
        }
        return b.toString();
    }

    /** One response on this connection; its body must be read to the end before the next request. */
    private final class Response implements FetchResponse {
        final int status;
        /** The header fields by name, compared without case; read-only once the response exists. */
        private final Map<String, List<String>> fields;
        /** {@link #fields} as the JDK's type, made when first asked for (few callers need more than a lookup). */
        private HttpHeaders headers;
        private final Duration timeout;
        private final boolean keepAlive;
        private final boolean chunked;
        /** Bytes left in the body (or in the current chunk when chunked); -1: until the connection ends. */
        private long remaining;
        private boolean opened;
        private boolean ended;

        Response(int status, Map<String, List<String>> fields, long length, boolean chunked, boolean keepAlive,
                 Duration timeout) {
            this.status = status;
            this.fields = fields;
            this.chunked = chunked;
            this.keepAlive = keepAlive;
            this.timeout = timeout;
            this.remaining = chunked ? 0 : length;
            if (!chunked && length == 0) {
                end();
            }
        }

        @Override
        public int status() {
            return status;
        }

        @Override
        public HttpHeaders headers() {
            if (headers == null) {
                headers = HttpHeaders.of(fields, (name, value) -> true);
            }
            return headers;
        }

        @Override
        public Optional<String> firstValue(String name) {
            List<String> values = fields.get(name);
            return values == null ? Optional.empty() : Optional.of(values.getFirst());
        }

        @Override
        public InputStream body() {
            if (opened) {
                throw new IllegalStateException("the body was opened already");
            }
            opened = true;
            return new Body();
        }

        @Override
        public void discard() {
            if (ended) {
                return;
            }
            if (opened || remaining < 0 || remaining > MAX_DRAIN) {
                close();
                return;
            }
            byte[] sink = new byte[8192];
            try (InputStream body = body()) {
                long total = 0;
                for (int n; !ended && total <= MAX_DRAIN && (n = body.read(sink)) >= 0; ) {
                    total += n;
                }
            } catch (IOException e) {
                close();
            }
        }

        /** The whole body was read: the connection is free for the next request (or closed). */
        private void end() {
            ended = true;
            if (keepAlive) { // a kept-alive body always ends at its framed length, so the next response starts clean
                owner.release(Http1Connection.this);
            } else {
                close();
            }
        }

        /** Moves to the next chunk; {@code false} after the last one (trailers read). */
        private boolean nextChunk(boolean first) throws IOException {
            if (!first && !readBodyLine().isEmpty()) {
                throw new IOException("malformed chunked body: no line break after a chunk");
            }
            String line = readBodyLine();
            int semicolon = line.indexOf(';');
            String size = (semicolon >= 0 ? line.substring(0, semicolon) : line).strip();
            try {
                remaining = Long.parseLong(size, 16);
            } catch (NumberFormatException e) {
                remaining = -1;
            }
            if (remaining < 0 || size.isEmpty()) {
                throw new IOException("malformed chunk size: " + printable(line));
            }
            if (remaining == 0) {
                while (!readBodyLine().isEmpty()) {
                    // trailer fields: not used
                }
                return false;
            }
            return true;
        }

        private final class Body extends InputStream {
            private boolean started;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (ended) {
                    return -1;
                }
                if (len == 0) {
                    return 0;
                }
                try {
                    if (chunked && remaining == 0) {
                        boolean first = !started;
                        started = true;
                        if (!nextChunk(first)) {
                            end();
                            return -1;
                        }
                    }
                    int want = remaining < 0 ? len : (int) Math.min(len, remaining);
                    int n = readRaw(b, off, want);
                    if (n < 0) {
                        if (remaining < 0) { // delimited by the connection's end
                            end();
                            return -1;
                        }
                        throw new EOFException("the connection closed " + remaining + " bytes before the end of the body");
                    }
                    if (remaining > 0) {
                        remaining -= n;
                        if (remaining == 0 && !chunked) {
                            end();
                        }
                    }
                    return n;
                } catch (SocketTimeoutException e) {
                    Http1Connection.this.close();
                    throw new HttpTimeoutException("no data for " + Durations.format(timeout) + " while reading the body");
                } catch (IOException e) {
                    Http1Connection.this.close();
                    if (Thread.currentThread().isInterrupted()) { // a virtual thread's socket read, interrupted
                        throw new InterruptedIOException("interrupted while reading the body");
                    }
                    throw e;
                }
            }

            /** Before the end: the rest of the body is not wanted, so the connection cannot be reused. */
            @Override
            public void close() {
                if (!ended) {
                    ended = true;
                    Http1Connection.this.close();
                }
            }
        }
    }
}
