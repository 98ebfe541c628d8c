package dev.conduit.cli.download.run;

import java.net.URI;

/**
 * One line of input: the text the user gave and, if it is a usable URL, the parsed form.
 *
 * @param index   position in the input, from 0; identifies the job in the run's outcome table
 * @param text    the line as given (trimmed)
 * @param url     the parsed http or https URL without its fragment, or {@code null} if malformed
 * @param problem why the line is not a usable URL, or {@code null} if it is
 */
public record UrlJob(int index, String text, URI url, String problem) {

    /** @return {@code true} when the line could not be used as a URL */
    boolean malformed() {
        return url == null;
    }

    @Override
    public String toString() {
        return text;
    }
}
