package dev.conduit.cli.download.run;

import java.nio.file.Path;

/**
 * What the save stage produces: where one URL's body now lives.
 *
 * @param job     the URL
 * @param file    the final file, relative to the output directory
 * @param bytes   its size in bytes
 * @param skipped {@code true} if nothing was fetched because the file already existed
 */
public record Saved(UrlJob job, Path file, long bytes, boolean skipped) {
}
