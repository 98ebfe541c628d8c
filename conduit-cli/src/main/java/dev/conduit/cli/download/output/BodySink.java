package dev.conduit.cli.download.output;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Opens a URL's temporary file for writing its body; replaced in tests to simulate a full disk. */
@FunctionalInterface
public interface BodySink {
    /**
     * @param tempFile the file, named by {@link OutputTree#newTempName()}
     * @param create   {@code true} for the URL's first body: create the file, failing if it exists;
     *                 {@code false} for a retry: truncate the file the first one created
     * @return the open file; the caller closes it
     * @throws IOException if it cannot be opened
     */
    WritableByteChannel open(Path tempFile, boolean create) throws IOException;

    /**
     * @return the usual sink: the temporary file itself, created (never taken over) by the first
     *         body, truncated for a retry, never followed through a symbolic link
     */
    static BodySink files() {
        return (temp, create) -> create
                ? FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)
                : FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING, LinkOption.NOFOLLOW_LINKS);
    }
}
