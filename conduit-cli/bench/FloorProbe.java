import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * The floor for compare-curl: the least a JVM program can do to fetch the benchmark's files, so
 * that conduit's time can be split into what the JVM costs on this machine and what conduit adds.
 * Not a tool: one thread, one selector, N keep-alive connections to the single host of the list,
 * GET with a Content-Length answer and status 200 only (anything else ends the run with exit 1),
 * no retries, no redirects, no timeouts. Like conduit, each body goes to a temporary file that is
 * linked under its final name once complete, then unlinked, so it pays for the same file-system
 * calls; the output tree is the URL's path under DIR, as curl writes it with --create-dirs.
 *
 * <pre>java FloorProbe URL_FILE DIR [CONNECTIONS]</pre>
 */
public final class FloorProbe {
    private static final int BUFFER = 64 * 1024;
    private static final byte[] HEAD_END = {'\r', '\n', '\r', '\n'};

    /** One connection and the response it is reading. */
    private static final class Connection {
        final SocketChannel channel;
        final ByteBuffer buffer = ByteBuffer.allocateDirect(BUFFER);
        String url;
        Path target;
        Path temp;
        FileChannel out;
        long bodyLeft = -1; // -1 while the head is still being read

        Connection(SocketChannel channel) {
            this.channel = channel;
        }
    }

    private final ArrayDeque<String> urls;
    private final Path dir;
    private final Set<Path> madeDirs = new HashSet<>();
    private int temps;
    private int saved;

    private FloorProbe(List<String> urls, Path dir) {
        this.urls = new ArrayDeque<>(urls);
        this.dir = dir;
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: java FloorProbe URL_FILE DIR [CONNECTIONS]");
            System.exit(2);
        }
        List<String> urls = Files.readAllLines(Path.of(args[0])).stream().map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        int connections = args.length > 2 ? Integer.parseInt(args[2]) : 8;
        try {
            int saved = new FloorProbe(urls, Path.of(args[1])).run(connections);
            System.out.println("floor probe: saved " + saved + " of " + urls.size());
        } catch (IOException | RuntimeException e) {
            System.err.println("floor probe: " + e);
            System.exit(1);
        }
    }

    private int run(int connections) throws IOException {
        if (urls.isEmpty()) {
            return 0;
        }
        URI first = URI.create(urls.peek());
        if (!"http".equals(first.getScheme()) || first.getPort() < 0) {
            throw new IllegalArgumentException("only http://host:port/ URLs: " + first);
        }
        InetSocketAddress server = new InetSocketAddress(first.getHost(), first.getPort());
        try (Selector selector = Selector.open()) {
            int open = 0;
            for (int i = 0; i < connections && !urls.isEmpty(); i++) {
                SocketChannel channel = SocketChannel.open(server);
                channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                channel.configureBlocking(false);
                Connection c = new Connection(channel);
                sendNext(c);
                channel.register(selector, SelectionKey.OP_READ, c);
                open++;
            }
            while (open > 0) {
                selector.select();
                for (Iterator<SelectionKey> it = selector.selectedKeys().iterator(); it.hasNext(); ) {
                    SelectionKey key = it.next();
                    it.remove();
                    Connection c = (Connection) key.attachment();
                    if (!onReadable(c)) {
                        key.cancel();
                        c.channel.close();
                        open--;
                    }
                }
            }
        }
        return saved;
    }

    /** Sends the next URL's request on {@code c}; false when there is none left. */
    private boolean sendNext(Connection c) throws IOException {
        String url = urls.poll();
        if (url == null) {
            return false;
        }
        URI uri = URI.create(url);
        String path = uri.getRawPath();
        c.url = url;
        c.target = dir.resolve(path.substring(1));
        c.bodyLeft = -1;
        c.buffer.clear();
        ByteBuffer request = ByteBuffer.wrap(("GET " + path + " HTTP/1.1\r\nHost: " + uri.getRawAuthority()
                + "\r\nUser-Agent: conduit-floor-probe\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        while (request.hasRemaining()) {
            c.channel.write(request); // a few dozen bytes into an empty socket buffer: never short
        }
        return true;
    }

    /** Reads what has arrived on {@code c}; false once the connection has no more work. */
    private boolean onReadable(Connection c) throws IOException {
        if (c.channel.read(c.buffer) < 0) {
            throw new IOException("connection closed during " + c.url);
        }
        c.buffer.flip();
        if (c.bodyLeft < 0 && !readHead(c)) {
            c.buffer.compact(); // the head is not complete yet: keep it, read more
            return true;
        }
        while (c.buffer.hasRemaining()) {
            c.bodyLeft -= c.out.write(c.buffer);
        }
        c.buffer.clear();
        if (c.bodyLeft > 0) {
            return true;
        }
        if (c.bodyLeft < 0) {
            throw new IOException("more bytes than Content-Length from " + c.url);
        }
        c.out.close();
        Files.createLink(c.target, c.temp);
        Files.delete(c.temp);
        saved++;
        return sendNext(c);
    }

    /** Parses the head once it is all in the buffer, and opens the temporary file. */
    private boolean readHead(Connection c) throws IOException {
        int end = indexOf(c.buffer, HEAD_END);
        if (end < 0) {
            if (c.buffer.limit() == c.buffer.capacity()) {
                throw new IOException("head over " + BUFFER + " bytes from " + c.url);
            }
            return false;
        }
        byte[] bytes = new byte[end];
        c.buffer.get(bytes);
        c.buffer.position(end + HEAD_END.length);
        String[] lines = new String(bytes, StandardCharsets.ISO_8859_1).split("\r\n");
        if (!lines[0].startsWith("HTTP/1.1 200 ")) {
            throw new IOException(lines[0] + " for " + c.url);
        }
        for (String line : lines) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.regionMatches(true, 0, "Content-Length", 0, colon)) {
                c.bodyLeft = Long.parseLong(line.substring(colon + 1).strip());
            }
        }
        if (c.bodyLeft < 0) {
            throw new IOException("no Content-Length for " + c.url);
        }
        Path parent = c.target.getParent();
        if (madeDirs.add(parent)) {
            Files.createDirectories(parent);
        }
        c.temp = parent.resolve(".floor-" + temps++ + ".part");
        c.out = FileChannel.open(c.temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        return true;
    }

    private static int indexOf(ByteBuffer buffer, byte[] pattern) {
        int last = buffer.limit() - pattern.length;
        outer:
        for (int i = buffer.position(); i <= last; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (buffer.get(i + j) != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
