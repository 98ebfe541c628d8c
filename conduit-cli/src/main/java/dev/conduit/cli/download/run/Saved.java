package dev.conduit.cli.download.run;

import java.net.URI;
import java.nio.file.Path;

/**
 * What the save stage produces: where one URL's body now lives.
 *
 * @param job         the URL
 * @param file        the final file, relative to the output directory
 * @param bytes       its size in bytes
 * @param skipped     {@code true} if nothing was fetched (the file already existed, or a redirect led to a URL requested anyway)
 * @param pageUrl     the URL the file's content came from, after redirects; {@code null} when the file is not this URL's
 * @param contentType the response's Content-Type, or {@code null}
 */
public record Saved(UrlJob job, Path file, long bytes, boolean skipped, URI pageUrl, String contentType) {
}
