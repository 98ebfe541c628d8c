package dev.conduit.cli.download.crawl;

import java.net.URI;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which URLs a recursive download requests, and at what depth: the crawl's rules and its memory.
 *
 * <h2>Scope</h2>
 * A URL is in the crawl when it is http or https on the start URL's host and port, below the start
 * URL's directory with {@code --no-parent}, and allowed by robots.txt. A URL outside is neither
 * requested nor listed anywhere.
 *
 * <h2>Depth, as wget counts it</h2>
 * The start page is depth 0; a URL's depth is its shortest link distance from it. The links of a
 * page at the limit are not followed, whatever they point to. Pages are fetched in parallel, so a
 * page may first be reached by a longer path: when it is found again at a smaller depth, it is
 * expanded again (its links followed from the new depth) without being fetched again.
 *
 * <p>Each URL has one {@link Visit}, made the first time it is seen; its depth only goes down. The
 * page is expanded at the depth {@link #expanding} reads, and a later {@link #offer} with a smaller
 * depth sees, under the same lock, that it was expanded at a larger one and asks for a new
 * expansion: so every page ends expanded at its shortest distance, and fetched once. Thread-safe.
 */
public final class Frontier {
    /** What to do with a link just found. */
    public enum Action {
        /** Request it: it is new. */
        FETCH,
        /** Follow its links again from a smaller depth; it was fetched (or is being) already. */
        EXPAND_AGAIN,
        /** Nothing: outside the crawl, too deep, or already seen at this depth or less. */
        NONE
    }

    /** The crawl's memory of one URL. */
    private static final class Visit {
        int depth;
        /** The depth its links were followed from, or -1 while they were not. */
        int expandedAt = -1;
        /** Where its page was saved, once it was; {@code null} for pages not (yet) saved. */
        Path page;
        URI pageUrl;

        Visit(int depth) {
            this.depth = depth;
        }
    }

    private final String host;
    private final int port;
    private final String parentDirectory;
    private final int maxDepth;
    private final RobotsRules robots;
    private final ConcurrentHashMap<String, Visit> visits = new ConcurrentHashMap<>();

    /**
     * @param start    the start URL (depth 0; it is claimed here)
     * @param maxDepth the deepest depth fetched ({@code -l}); {@link Integer#MAX_VALUE} for no limit
     * @param noParent never go above the start URL's directory
     * @param robots   what robots.txt allows
     */
    public Frontier(URI start, int maxDepth, boolean noParent, RobotsRules robots) {
        this.host = start.getHost().toLowerCase(Locale.ROOT);
        this.port = UrlText.effectivePort(start);
        String path = start.getRawPath() == null || start.getRawPath().isEmpty() ? "/" : start.getRawPath();
        this.parentDirectory = noParent ? path.substring(0, path.lastIndexOf('/') + 1) : "/";
        this.maxDepth = maxDepth;
        this.robots = robots;
        visits.put(UrlText.key(start), new Visit(0));
    }

    /** @return whether the crawl may request {@code url} (host, port, parent directory, robots.txt) */
    public boolean inScope(URI url) {
        if (url.getHost() == null || !url.getHost().toLowerCase(Locale.ROOT).equals(host) || UrlText.effectivePort(url) != port) {
            return false;
        }
        String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        if (!path.startsWith(parentDirectory)) {
            return false;
        }
        return robots.allows(url.getRawQuery() == null ? path : path + "?" + url.getRawQuery());
    }

    /**
     * Marks a URL as requested without a link to it (robots.txt, the target of a redirect).
     *
     * @return {@code true} if it was not requested before: the caller requests it
     */
    public boolean claim(URI url, int depth) {
        return visits.putIfAbsent(UrlText.key(url), new Visit(depth)) == null;
    }

    /**
     * A page at {@code depth - 1} links to {@code url}.
     *
     * @return what to do about it
     */
    public Action offer(URI url, int depth) {
        if (depth > maxDepth || !inScope(url)) {
            return Action.NONE;
        }
        String key = UrlText.key(url);
        Visit fresh = new Visit(depth);
        Visit known = visits.putIfAbsent(key, fresh);
        if (known == null) {
            return Action.FETCH;
        }
        synchronized (known) {
            if (depth >= known.depth) {
                return Action.NONE;
            }
            known.depth = depth;
            return known.expandedAt > depth && known.page != null ? Action.EXPAND_AGAIN : Action.NONE;
        }
    }

    /**
     * The page of {@code url} was saved and its links are about to be followed.
     *
     * @param url     the URL that was requested (the visit's key)
     * @param page    where the page is
     * @param pageUrl the page's own URL (after redirects), to resolve its links against
     * @return the depth to follow them from, or -1 when they must not be followed (at the limit)
     */
    public int expanding(URI url, Path page, URI pageUrl) {
        Visit v = visits.get(UrlText.key(url));
        if (v == null) {
            return -1;
        }
        synchronized (v) {
            v.page = page;
            v.pageUrl = pageUrl;
            if (v.expandedAt >= 0 && v.expandedAt <= v.depth) {
                return -1; // its links were followed from this depth or a smaller one already
            }
            v.expandedAt = v.depth; // also at the limit: found nearer later, it is expanded then
            return v.depth >= maxDepth ? -1 : v.depth;
        }
    }

    /** @return the saved page of {@code url} and its own URL, for an expansion again; {@code null} if none */
    public Path page(URI url) {
        Visit v = visits.get(UrlText.key(url));
        if (v == null) {
            return null;
        }
        synchronized (v) {
            return v.page;
        }
    }

    /** @return the URL the page of {@code url} came from (after redirects), or {@code url} */
    public URI pageUrl(URI url) {
        Visit v = visits.get(UrlText.key(url));
        if (v == null) {
            return url;
        }
        synchronized (v) {
            return v.pageUrl != null ? v.pageUrl : url;
        }
    }

    /** @return the deepest depth fetched */
    public int maxDepth() {
        return maxDepth;
    }
}
