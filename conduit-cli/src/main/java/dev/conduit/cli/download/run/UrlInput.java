package dev.conduit.cli.download.run;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads the URLs to fetch: one a line, surrounding blanks trimmed, blank lines and lines starting
 * with {@code #} skipped (so a failed file, whose reasons are {@code #} comments, is valid input).
 * A line that is not an absolute http or https URL with a host still becomes a job, marked
 * malformed with the reason, so it is reported and listed as failed rather than dropped.
 */
public final class UrlInput {
    private final List<UrlJob> jobs = new ArrayList<>();

    /** Adds one URL given on the command line (blank and comment arguments are ignored too). */
    public void add(String line) {
        String text = line.strip();
        if (text.isEmpty() || text.startsWith("#")) {
            return;
        }
        jobs.add(parse(jobs.size(), text));
    }

    /**
     * Adds every URL line read from {@code reader}, which is read to its end but not closed.
     *
     * @throws IOException if reading fails
     */
    public void addAll(Reader reader) throws IOException {
        BufferedReader lines = reader instanceof BufferedReader b ? b : new BufferedReader(reader);
        for (String line; (line = lines.readLine()) != null; ) {
            add(line);
        }
    }

    /** @return the jobs in input order, indexed from 0 */
    public List<UrlJob> jobs() {
        return List.copyOf(jobs);
    }

    /** Parses one trimmed, non-comment line. */
    static UrlJob parse(int index, String text) {
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            return new UrlJob(index, text, null, "malformed URL: " + e.getReason()
                    + (e.getIndex() >= 0 ? " at character " + (e.getIndex() + 1) : ""));
        }
        String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
        if (scheme == null) {
            return new UrlJob(index, text, null, "malformed URL: no scheme (expected http:// or https://)");
        }
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return new UrlJob(index, text, null, "unsupported URL scheme '" + uri.getScheme() + "' (only http and https)");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            return new UrlJob(index, text, null, "malformed URL: no host");
        }
        if (uri.getRawFragment() == null) {
            return new UrlJob(index, text, uri, null);
        }
        // The fragment is for the browser; it is never sent to the server.
        return new UrlJob(index, text, URI.create(text.substring(0, text.indexOf('#'))), null);
    }
}
