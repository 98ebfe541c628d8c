package dev.conduit.cli.download.run;

import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How long to wait before the next attempt: exponential backoff ({@code first}, then doubling, up
 * to {@link #MAX_BACKOFF}), with +-20% jitter so that many workers failing together do not retry in
 * lockstep; or what the server asked for in {@code Retry-After}, which takes precedence.
 */
final class Backoff {
    /** The longest exponential wait. */
    static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    /** The longest {@code Retry-After} honoured; a server asking for more makes the URL fail at once. */
    static final Duration MAX_RETRY_AFTER = Duration.ofSeconds(120);

    private final Duration first;

    Backoff(Duration first) {
        this.first = first;
    }

    /** @return the wait before attempt {@code attempt + 1}, after {@code attempt} failed attempts (1 or more) */
    Duration after(int attempt) {
        long base = first.toMillis() << Math.min(attempt - 1, 20);
        long capped = Math.min(base, MAX_BACKOFF.toMillis());
        double jitter = 0.8 + 0.4 * ThreadLocalRandom.current().nextDouble();
        return Duration.ofMillis(Math.round(capped * jitter));
    }

    /**
     * Reads {@code Retry-After}: delay seconds or an HTTP date.
     *
     * @return the wait the server asked for, or empty if there is no usable header
     */
    static Optional<Duration> retryAfter(HttpHeaders headers) {
        Optional<String> value = headers.firstValue("Retry-After").map(String::strip);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        String v = value.get();
        if (v.chars().allMatch(Character::isDigit) && !v.isEmpty() && v.length() < 10) {
            return Optional.of(Duration.ofSeconds(Long.parseLong(v)));
        }
        try {
            ZonedDateTime when = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
            Duration d = Duration.between(ZonedDateTime.now(when.getZone()), when);
            return Optional.of(d.isNegative() ? Duration.ZERO : d);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
