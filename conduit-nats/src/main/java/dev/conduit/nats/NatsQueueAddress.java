package dev.conduit.nats;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.regex.Pattern;

/**
 * Where a queue lives: {@code nats://HOST:PORT/NAME}. The name becomes part of JetStream stream and
 * subject names, so it is limited to letters, digits, {@code -} and {@code _} (at most 64).
 *
 * @param host the broker's host
 * @param port the broker's client port
 * @param name the queue's name
 */
public record NatsQueueAddress(String host, int port, String name) {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    /** Checks the parts. */
    public NatsQueueAddress {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("queue address needs a host");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("queue address port must be 1-65535, was " + port);
        }
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("queue name must be 1-64 letters, digits, '-' or '_', was '" + name + "'");
        }
    }

    /**
     * Parses {@code nats://HOST:PORT/NAME} (the port defaults to 4222).
     *
     * @param text the address
     * @return the parsed address
     * @throws IllegalArgumentException naming the address and what is wrong with it
     */
    public static NatsQueueAddress parse(String text) {
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw bad(text, e.getReason());
        }
        if (!"nats".equals(uri.getScheme())) {
            throw bad(text, "the scheme must be nats://");
        }
        if (uri.getHost() == null) {
            throw bad(text, "it has no host");
        }
        if (uri.getUserInfo() != null || uri.getQuery() != null || uri.getFragment() != null) {
            throw bad(text, "user names, queries and fragments are not supported");
        }
        String path = uri.getPath() == null ? "" : uri.getPath();
        if (path.length() < 2 || path.indexOf('/', 1) >= 0) {
            throw bad(text, "the path must be the queue's name, as in nats://HOST:PORT/NAME");
        }
        try {
            return new NatsQueueAddress(uri.getHost(), uri.getPort() < 0 ? 4222 : uri.getPort(), path.substring(1));
        } catch (IllegalArgumentException e) {
            throw bad(text, e.getMessage());
        }
    }

    private static IllegalArgumentException bad(String text, String why) {
        return new IllegalArgumentException("malformed queue address '" + text + "': " + why);
    }

    /**
     * Gives the broker's URL.
     *
     * @return the broker's URL, {@code nats://HOST:PORT}
     */
    public String serverUrl() {
        String h = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
        return "nats://" + h + ":" + port;
    }

    @Override
    public String toString() {
        return serverUrl() + "/" + name;
    }
}
