package dev.conduit.cli.download.output;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Turns a URL into a relative file name that is safe to create under the output directory:
 * {@code host[_port]/path/segments}, with {@code index.html} for a directory.
 *
 * <p>What "safe" means here, rule by rule:
 * <ul>
 *   <li>Segments are percent-decoded one at a time, so {@code %2e%2e} is seen as {@code ..} and
 *       {@code %2F} cannot smuggle a separator into a name.</li>
 *   <li>{@code .} and empty segments are dropped; {@code ..} removes the segment before it but never
 *       climbs above the host directory; so absolute paths ({@code //etc/passwd}) and traversals
 *       ({@code ../../etc/passwd}) land inside {@code host/}.</li>
 *   <li>Control characters, both slashes and the characters Windows reserves ({@code <>:"|?*}) become
 *       {@code _}; trailing dots and spaces are removed (Windows drops them silently); a name that
 *       is empty afterwards becomes {@code _}.</li>
 *   <li>Device names Windows reserves ({@code CON}, {@code NUL}, {@code COM1}, ...) get a leading
 *       {@code _}.</li>
 *   <li>A segment is at most {@value #MAX_SEGMENT_BYTES} bytes of UTF-8 (file systems allow 255;
 *       the rest leaves room for a collision suffix); a longer one is cut and ends in a hash of the
 *       whole segment, so two long names that differ only at the end stay different. A path longer
 *       than {@value #MAX_PATH_CHARS} characters is folded into {@code host/_long/hash-lastsegment}.</li>
 *   <li>The query, if any, is kept after an {@code @} (as wget does on Windows), sanitised the same way.</li>
 * </ul>
 * The result never starts with {@code .}, so it cannot collide with the downloader's own temporary
 * files ({@code DIR/.conduit-*.part}). Pure functions; safe for any number of threads.
 */
public final class SafeNames {
    static final int MAX_SEGMENT_BYTES = 200;
    static final int MAX_PATH_CHARS = 1000;

    private static final Pattern RESERVED_DEVICE =
            Pattern.compile("(?i)(con|prn|aux|nul|com[0-9]|lpt[0-9])(\\..*)?");

    private SafeNames() {
    }

    /**
     * Returns the relative file name for {@code url}, segments separated by {@code /}.
     *
     * @param url an absolute http or https URL with a host
     * @return a relative path such as {@code example.org/docs/index.html}
     */
    public static String fileNameFor(URI url) {
        List<String> segments = new ArrayList<>();
        String rawPath = url.getRawPath() == null ? "" : url.getRawPath();
        boolean directory = true; // an empty path, or one ending in '/', '.' or '..' (however encoded)
        for (String raw : rawPath.split("/", -1)) {
            String segment = percentDecode(raw);
            directory = segment.isEmpty() || segment.equals(".") || segment.equals("..");
            if (segment.isEmpty() || segment.equals(".")) {
                continue;
            }
            if (segment.equals("..")) {
                if (!segments.isEmpty()) {
                    segments.removeLast();
                }
                continue;
            }
            segments.add(segment);
        }
        if (directory || segments.isEmpty()) {
            segments.add("index.html");
        }
        if (url.getRawQuery() != null && !url.getRawQuery().isEmpty()) {
            int last = segments.size() - 1;
            segments.set(last, segments.get(last) + "@" + percentDecode(url.getRawQuery()));
        }

        StringBuilder path = new StringBuilder(hostDirectory(url));
        List<String> safe = new ArrayList<>();
        for (String segment : segments) {
            safe.add(safeSegment(segment));
        }
        for (String segment : safe) {
            path.append('/').append(segment);
        }
        if (path.length() > MAX_PATH_CHARS) {
            String whole = String.join("/", segments);
            return hostDirectory(url) + "/_long/" + shortHash(whole) + "-" + safe.getLast();
        }
        return path.toString();
    }

    /** The first path component: the host in lower case, then {@code _port} when one is given. */
    static String hostDirectory(URI url) {
        String host = url.getHost() == null ? "unknown-host" : url.getHost().toLowerCase(Locale.ROOT);
        String name = safeSegment(url.getPort() >= 0 ? host + "_" + url.getPort() : host);
        return name.startsWith(".") ? "_" + name : name;
    }

    /**
     * Makes one decoded path segment safe as a single file name (see the class comment). Runs three
     * times per URL, so the usual case (nothing to change) allocates nothing and runs no regex.
     */
    static String safeSegment(String segment) {
        String name = replaceUnsafeCharacters(segment);
        int end = name.length();
        while (end > 0 && (name.charAt(end - 1) == '.' || name.charAt(end - 1) == ' ')) {
            end--;
        }
        if (end < name.length()) {
            name = name.substring(0, end);
        }
        if (name.isEmpty()) {
            name = "_";
        }
        if (mayBeDeviceName(name) && RESERVED_DEVICE.matcher(name).matches()) {
            name = "_" + name;
        }
        return limitLength(name, segment);
    }

    /**
     * Control characters, both slashes and {@code <>:"|?*} to {@code _}. Every such character is
     * in the Basic Multilingual Plane, so looking at chars rather than code points finds the same
     * ones (a surrogate is never one of them).
     */
    private static String replaceUnsafeCharacters(String segment) {
        char[] replaced = null;
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || "/\\<>:\"|?*".indexOf(c) >= 0) {
                if (replaced == null) {
                    replaced = segment.toCharArray();
                }
                replaced[i] = '_';
            }
        }
        return replaced == null ? segment : new String(replaced);
    }

    /** Whether {@link #RESERVED_DEVICE} could match: those names start with c, p, a, n or l and have 3 letters or more. */
    private static boolean mayBeDeviceName(String name) {
        return name.length() >= 3 && "cpanlCPANL".indexOf(name.charAt(0)) >= 0;
    }

    /** Cuts {@code name} to {@link #MAX_SEGMENT_BYTES}, keeping a short extension and adding a hash of {@code original}. */
    private static String limitLength(String name, String original) {
        if (name.length() <= MAX_SEGMENT_BYTES / 3 || utf8Length(name) <= MAX_SEGMENT_BYTES) { // a char is at most 3 bytes
            return name;
        }
        int dot = name.lastIndexOf('.');
        String extension = dot > 0 && name.length() - dot <= 16 ? name.substring(dot) : "";
        String tail = "~" + shortHash(original) + extension;
        String stem = name.substring(0, name.length() - extension.length());
        int budget = MAX_SEGMENT_BYTES - utf8Length(tail);
        StringBuilder cut = new StringBuilder();
        int used = 0;
        for (int i = 0; i < stem.length(); ) {
            int cp = stem.codePointAt(i);
            int bytes = utf8Length(new String(Character.toChars(cp)));
            if (used + bytes > budget) {
                break;
            }
            cut.appendCodePoint(cp);
            used += bytes;
            i += Character.charCount(cp);
        }
        return cut + tail;
    }

    /** Decodes {@code %XX} escapes as UTF-8; a malformed escape is kept as it is. Never turns {@code +} into a space. */
    public static String percentDecode(String raw) {
        if (raw.indexOf('%') < 0) {
            return raw;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); ) {
            char c = raw.charAt(i);
            if (c == '%' && i + 2 < raw.length()
                    && Character.digit(raw.charAt(i + 1), 16) >= 0 && Character.digit(raw.charAt(i + 2), 16) >= 0) {
                bytes.write(Character.digit(raw.charAt(i + 1), 16) * 16 + Character.digit(raw.charAt(i + 2), 16));
                i += 3;
            } else {
                int cp = raw.codePointAt(i);
                bytes.writeBytes(new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8));
                i += Character.charCount(cp);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static int utf8Length(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    private static String shortHash(String s) {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 5);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
