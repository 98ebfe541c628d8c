package dev.conduit.cli.download.run;

import dev.conduit.cli.download.output.SafeNames;
import java.nio.file.Path;

/**
 * What the download stage hands to the save stage: a complete body in a temporary file, or the
 * news that the file is already there ({@code --skip-existing}) and nothing was fetched.
 *
 * @param job      the URL
 * @param name     the sanitised relative file name (see {@link SafeNames})
 * @param tempFile the complete body in DIR, or {@code null} when skipped
 * @param bytes    the body's size in bytes (0 when skipped)
 */
record Fetched(UrlJob job, String name, Path tempFile, long bytes) {

    /** @return {@code true} when the download stage skipped this URL because its file exists */
    boolean skipped() {
        return tempFile == null;
    }
}
