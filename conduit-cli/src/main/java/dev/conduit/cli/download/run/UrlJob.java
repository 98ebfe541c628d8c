package dev.conduit.cli.download.run;

import java.net.URI;

/**
 * One URL to fetch: a line of input, or a link found by a recursive download.
 *
 * @param index       position in the run, from 0; identifies the job in the run's outcome table;
 *                    -1 for an {@linkplain #expandAgain expansion again}, which is no URL of its own
 * @param text        the line as given (trimmed), or the link
 * @param url         the parsed http or https URL without its fragment, or {@code null} if malformed
 * @param problem     why the line is not a usable URL, or {@code null} if it is
 * @param depth       its link distance from the start page ({@code -r}); 0 for a list's URLs
 * @param expandAgain follow the links of this already fetched page again, from a smaller depth
 */
public record UrlJob(int index, String text, URI url, String problem, int depth, boolean expandAgain) {

    /** A URL of a list: depth 0. */
    public UrlJob(int index, String text, URI url, String problem) {
        this(index, text, url, problem, 0, false);
    }

    /** @return {@code true} when the line could not be used as a URL */
    public boolean malformed() {
        return url == null;
    }

    @Override
    public String toString() {
        return text;
    }
}
