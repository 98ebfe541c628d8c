package dev.conduit.cli.download.run;

import java.net.URI;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Stops trying a host that does not answer. Once {@code limit} attempts in a row to one host (name
 * and port) have ended without an answer, that host's remaining URLs fail at once, each with the
 * reason, instead of every one of them going through its retries and backoff. An attempt ends
 * without an answer when the connection is refused, unresolvable or not made in time, when no
 * response comes within the timeout, or when the connection fails or goes silent during the body:
 * a server that accepts connections and then stalls is given up like one that is gone. With the
 * web server gone, 2,020 URLs would have taken about a quarter of an hour to reach the failed file
 * (4 attempts each, 3.5 s of backoff, 8 at a time); with the breaker it took 1.6 s. A stalling
 * server costs each URL up to 4 timeouts without it. An answer from the host (a complete response,
 * whatever its status; a 5xx or 429 included, since the host is there to say so) resets the count;
 * the failed file lists the URLs, so running it again retries them.
 *
 * <p>Thread-safe: the download workers report to it concurrently. The count is per host and only
 * approximately in order with the attempts (two workers may both count one more), which can make
 * the breaker open one failure earlier or later; never for a host that answered since.
 */
final class HostBreaker {
    /** Failures in a row, and the last one's reason; replaced as a whole. */
    private record Failures(int inARow, String last) {
    }

    private final int limit;
    private final ConcurrentHashMap<String, Failures> hosts = new ConcurrentHashMap<>();

    /**
     * @param limit unanswered attempts in a row after which a host is given up, at least 1
     */
    HostBreaker(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, was " + limit);
        }
        this.limit = limit;
    }

    /** @return the reason not to try {@code url}'s host any more, or {@code null} to go ahead */
    String refusal(URI url) {
        if (hosts.isEmpty()) { // asked before every request: no host has failed, so no key to build
            return null;
        }
        Failures f = hosts.get(key(url));
        if (f == null || f.inARow() < limit) {
            return null;
        }
        return "host given up: the last " + f.inARow() + " attempts to " + key(url)
                + " got no answer (the last: " + f.last() + ")";
    }

    /** The host answered an attempt (a complete response, any status): it is reachable again. */
    void answered(URI url) {
        if (!hosts.isEmpty()) { // the usual case: no host has ever failed, and this costs nothing
            hosts.remove(key(url));
        }
    }

    /** An attempt on {@code url} ended without an answer from its host, for {@code reason}. */
    void unanswered(URI url, String reason) {
        hosts.merge(key(url), new Failures(1, reason), (old, one) -> new Failures(old.inARow() + 1, reason));
    }

    /** @return {@code url}'s host, lower case, and port, the scheme's default if none is given: {@code host:port} */
    static String key(URI url) {
        String host = url.getHost().toLowerCase(Locale.ROOT);
        int port = url.getPort() >= 0 ? url.getPort() : url.getScheme().equalsIgnoreCase("https") ? 443 : 80;
        return host + ":" + port;
    }
}
