package dev.conduit.cli.download.run;

import dev.conduit.cli.download.output.SafeNames;

import java.net.URI;
import java.nio.file.Path;

/**
 * What the download stage hands to the save stage: a complete body in a temporary file, or the
 * news that nothing was fetched: the file is already there ({@code --skip-existing}), or a redirect
 * led to a URL this crawl requests anyway.
 *
 * @param job         the URL
 * @param name        the sanitised relative file name (see {@link SafeNames})
 * @param tempFile    the complete body in DIR, or {@code null} when skipped
 * @param bytes       the body's size in bytes (0 when skipped)
 * @param pageUrl     the URL the body came from, after redirects; {@code null} when there is no body here to read
 * @param contentType the response's Content-Type, or {@code null}
 * @param inPlace     the body was appended to the file at its final name ({@code -c}): nothing to move
 */
record Fetched(UrlJob job, String name, Path tempFile, long bytes, URI pageUrl, String contentType, boolean inPlace) {

    /** @return {@code true} when the download stage skipped this URL */
    boolean skipped() {
        return tempFile == null && !inPlace;
    }
}
