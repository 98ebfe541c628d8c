package dev.conduit.cli.download.text;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads and writes the durations of the command line: {@code 30s}, {@code 500ms}, {@code 2m}, or plain seconds. */
public final class Durations {
    private static final Pattern FORM = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)?");

    private Durations() {
    }

    /**
     * Parses a duration.
     *
     * @throws IllegalArgumentException naming the text, if it is not a duration
     */
    public static Duration parse(String text) {
        Matcher m = FORM.matcher(text.strip().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a duration (examples: 30s, 500ms, 2m, 10)");
        }
        double amount = Double.parseDouble(m.group(1));
        if (amount > 1e12) { // more than 30,000 years in seconds: a typo, and past what a Duration of millis holds
            throw new IllegalArgumentException("'" + text + "' is too long a duration");
        }
        String unit = m.group(2) == null ? "s" : m.group(2);
        double millis = switch (unit) {
            case "ms" -> amount;
            case "s" -> amount * 1e3;
            case "m" -> amount * 60e3;
            default -> amount * 3600e3;
        };
        return Duration.ofMillis(Math.round(millis));
    }

    /** Formats a duration for people: {@code 850 ms}, {@code 3.2 s}, {@code 2 min 5 s}. */
    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms < 1000) {
            return ms + " ms";
        }
        if (ms < 60_000) {
            return String.format(Locale.ROOT, "%.1f s", ms / 1e3);
        }
        return (ms / 60_000) + " min " + (ms % 60_000) / 1000 + " s";
    }
}
