package dev.conduit.cli.download.crawl;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * URLs as people and pages write them: percent-encodes what a URL may not hold (a space, {@code "},
 * {@code <}, {@code >}, {@code \}, {@code ^}, a backquote, braces, {@code |}, control and non-ASCII
 * characters), as browsers and wget do, and drops the fragment (it is never sent). Also the key
 * that says two URLs are the same resource. Pure functions.
 */
public final class UrlText {
    private static final String UNSAFE = " \"<>\\^`{|}";

    private UrlText() {
    }

    /**
     * @param text a URL, possibly with unsafe characters and a fragment
     * @return the URL with those characters percent-encoded (UTF-8) and without its fragment
     * @throws URISyntaxException if it is still not a URL
     */
    public static URI parse(String text) throws URISyntaxException {
        StringBuilder b = null;
        int end = text.indexOf('#');
        if (end < 0) {
            end = text.length();
        }
        for (int i = 0; i < end; i++) {
            char c = text.charAt(i);
            boolean unsafe = c <= 0x20 || c >= 0x7f || UNSAFE.indexOf(c) >= 0;
            if (unsafe && b == null) {
                b = new StringBuilder(end + 16).append(text, 0, i);
            }
            if (!unsafe) {
                if (b != null) {
                    b.append(c);
                }
            } else if (Character.isHighSurrogate(c) && i + 1 < end) {
                encode(b, text.substring(i, i + 2));
                i++;
            } else {
                encode(b, String.valueOf(c));
            }
        }
        return new URI(b != null ? b.toString() : text.substring(0, end));
    }

    private static void encode(StringBuilder b, String chars) {
        for (byte x : chars.getBytes(StandardCharsets.UTF_8)) {
            b.append('%').append(Character.toUpperCase(Character.forDigit((x >> 4) & 0xf, 16)))
                    .append(Character.toUpperCase(Character.forDigit(x & 0xf, 16)));
        }
    }

    /**
     * The key that identifies a resource: scheme and host in lower case, the scheme's default port
     * left out, {@code .} and {@code ..} resolved, an empty path as {@code /}, the query kept, no
     * fragment. {@code http://Example.org:80/a/./b} and {@code http://example.org/a/b} have one key.
     *
     * @param url an absolute http or https URL with a host
     * @return its key
     */
    public static String key(URI url) {
        String scheme = url.getScheme().toLowerCase(Locale.ROOT);
        int port = url.getPort();
        if (port == defaultPort(scheme)) {
            port = -1;
        }
        String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        if (path.contains("/.")) {
            path = URI.create("http://h" + path).normalize().getRawPath();
        }
        String host = url.getHost().toLowerCase(Locale.ROOT);
        return scheme + "://" + host + (port >= 0 ? ":" + port : "") + path
                + (url.getRawQuery() != null ? "?" + url.getRawQuery() : "");
    }

    /** @return 443 for https, 80 for anything else */
    public static int defaultPort(String scheme) {
        return "https".equalsIgnoreCase(scheme) ? 443 : 80;
    }

    /** @return the port {@code url} connects to: its own, or the scheme's default */
    public static int effectivePort(URI url) {
        return url.getPort() >= 0 ? url.getPort() : defaultPort(url.getScheme());
    }
}
