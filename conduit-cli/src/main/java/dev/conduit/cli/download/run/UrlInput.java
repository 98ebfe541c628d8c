package dev.conduit.cli.download.run;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.net.URISyntaxException;
import dev.conduit.cli.download.crawl.UrlText;
import dev.conduit.cli.download.output.SafeNames;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads the URLs to fetch: one a line, surrounding blanks trimmed, blank lines and lines starting
 * with {@code #} skipped (so a failed file, whose reasons are {@code #} comments, is valid input).
 * A line that is not an absolute http or https URL with a host still becomes a job, marked
 * malformed with the reason, so it is reported and listed as failed rather than dropped.
 */
public final class UrlInput {
    /** A comment after a URL: blanks, then {@code #} (a {@code #} inside a URL starts its fragment). */
    private static final Pattern TRAILING_COMMENT = Pattern.compile("\\s+#.*$");

    private final List<UrlJob> jobs = new ArrayList<>();
    private final Set<String> seen = new HashSet<>();
    private int duplicates;

    /** Adds one URL given on the command line (blank and comment arguments are ignored too). */
    public void add(String line) {
        String text = TRAILING_COMMENT.matcher(line.strip()).replaceFirst("");
        if (text.isEmpty() || text.startsWith("#")) {
            return;
        }
        UrlJob job = parse(jobs.size(), text);
        if (!job.malformed() && !seen.add(UrlText.key(job.url()))) {
            duplicates++; // the same URL twice in one list is fetched once
            return;
        }
        jobs.add(job);
    }

    /** @return how many lines named a URL an earlier line had named (they are left out of {@link #jobs()}) */
    public int duplicates() {
        return duplicates;
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
            uri = UrlText.parse(text); // a space is percent-encoded, as wget does; the fragment is dropped
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
            return new UrlJob(index, text, null, uri.getRawAuthority() != null
                    ? "malformed URL: the host '" + SafeNames.percentDecode(uri.getRawAuthority()) + "' is not a host name"
                    : "malformed URL: no host");
        }
        return new UrlJob(index, text, uri, null);
    }
}
