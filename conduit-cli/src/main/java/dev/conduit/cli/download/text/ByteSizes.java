package dev.conduit.cli.download.text;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads and writes byte counts: {@code 500k}, {@code 10M}, {@code 1.5G} (powers of 1024), or plain bytes. */
public final class ByteSizes {
    private static final Pattern FORM = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([kmgt])?i?b?");

    private ByteSizes() {
    }

    /**
     * Parses a size.
     *
     * @throws IllegalArgumentException naming the text, if it is not a size
     */
    public static long parse(String text) {
        Matcher m = FORM.matcher(text.strip().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a size (examples: 500k, 10M, 2G, 1048576)");
        }
        int power = m.group(2) == null ? 0 : "kmgt".indexOf(m.group(2)) + 1;
        java.math.BigDecimal bytes = new java.math.BigDecimal(m.group(1)).multiply(java.math.BigDecimal.valueOf(1024).pow(power));
        if (bytes.compareTo(java.math.BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            throw new IllegalArgumentException("'" + text + "' is too large: at most " + Long.MAX_VALUE + " bytes (8 EiB)");
        }
        return bytes.longValue();
    }

    /** Formats a byte count for people: {@code 512 B}, {@code 12.3 kB}, {@code 4.0 MB} (powers of 1000). */
    public static String format(long bytes) {
        if (bytes < 1000) {
            return bytes + " B";
        }
        String[] units = {"kB", "MB", "GB", "TB"};
        double v = bytes;
        int u = -1;
        while (v >= 1000 && u < units.length - 1) {
            v /= 1000;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }
}
