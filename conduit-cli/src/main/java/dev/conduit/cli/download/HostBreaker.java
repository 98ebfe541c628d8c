package dev.conduit.cli.download;

import java.net.URI;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Stops trying a host that accepts no connections. Once {@code limit} connection attempts to one
 * host (name and port) in a row have failed, refused, timed out or unresolvable, with no response
 * from it in between, that host's remaining URLs fail at once, each with the reason, instead of
 * every one of them going through its retries and backoff. With the web server gone, 2,020 URLs
 * would have taken about a quarter of an hour to reach the failed file (4 attempts each, 3.5 s of
 * backoff, 8 at a time); with the breaker it took 1.6 s. Any response from the host, whatever its
 * status, resets the count; the failed file lists the URLs, so running it again retries them.
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
     * @param limit failed connection attempts in a row after which a host is given up, at least 1
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
        return "host given up: the last " + f.inARow() + " connection attempts to " + key(url)
                + " failed (the last: " + f.last() + ")";
    }

    /** The host answered (any status): it is reachable again. */
    void answered(URI url) {
        if (!hosts.isEmpty()) { // the usual case: no host has ever failed, and this costs nothing
            hosts.remove(key(url));
        }
    }

    /** A connection to {@code url}'s host could not be made, for {@code reason}. */
    void connectionFailed(URI url, String reason) {
        hosts.merge(key(url), new Failures(1, reason), (old, one) -> new Failures(old.inARow() + 1, reason));
    }

    private static String key(URI url) {
        String host = url.getHost().toLowerCase(Locale.ROOT);
        int port = url.getPort() >= 0 ? url.getPort() : url.getScheme().equalsIgnoreCase("https") ? 443 : 80;
        return host + ":" + port;
    }
}
