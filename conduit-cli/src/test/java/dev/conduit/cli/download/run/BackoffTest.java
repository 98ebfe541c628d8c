package dev.conduit.cli.download.run;

import org.junit.jupiter.api.Test;

import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Retry-After as servers write it, and the backoff between attempts. */
class BackoffTest {

    @Test
    void readsRetryAfterAsSecondsOrAsAnHttpDate() {
        assertThat(Backoff.retryAfter(headers("Retry-After", "7"))).contains(Duration.ofSeconds(7));
        String inTenSeconds = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(10));
        assertThat(Backoff.retryAfter(headers("Retry-After", inTenSeconds)).orElseThrow())
                .isBetween(Duration.ofSeconds(5), Duration.ofSeconds(10));
        assertThat(Backoff.retryAfter(headers("Retry-After", "whenever"))).isEmpty();
        assertThat(Backoff.retryAfter(headers("X-Other", "1"))).isEmpty();
    }

    @Test
    void backoffDoublesWithJitterAndIsCapped() {
        Backoff backoff = new Backoff(Duration.ofMillis(100));
        assertThat(backoff.after(1)).isBetween(Duration.ofMillis(80), Duration.ofMillis(120));
        assertThat(backoff.after(3)).isBetween(Duration.ofMillis(320), Duration.ofMillis(480));
        assertThat(backoff.after(40)).isLessThanOrEqualTo(Backoff.MAX_BACKOFF.multipliedBy(12).dividedBy(10));
    }

    private static HttpHeaders headers(String name, String value) {
        return HttpHeaders.of(Map.of(name, List.of(value)), (a, b) -> true);
    }
}
