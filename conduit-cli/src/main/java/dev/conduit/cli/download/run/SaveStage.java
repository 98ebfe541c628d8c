package dev.conduit.cli.download.run;

import dev.conduit.cli.download.text.Reasons;
import dev.conduit.cli.download.output.OutputTree;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The save stage: a complete temporary file in, the file under its final name out ({@link Saved}),
 * or a {@link DownloadFailure}. The name is claimed atomically by {@link OutputTree#place}; the
 * file is renamed, never copied, so this stage costs a few metadata operations per file whatever
 * its size. It does not know how it is wired; any number of threads may call {@link #apply}.
 */
final class SaveStage {
    private final OutputTree tree;
    private final boolean overwrite;

    SaveStage(OutputTree tree, boolean overwrite) {
        this.tree = tree;
        this.overwrite = overwrite;
    }

    /**
     * Moves one body to its final name.
     *
     * @param fetched what the download stage produced
     * @return where it went
     * @throws DownloadFailure if it cannot be placed; the temporary file is then removed
     */
    Saved apply(Fetched fetched) throws DownloadFailure {
        if (fetched.inPlace()) {
            return new Saved(fetched.job(), Path.of(fetched.name()), fetched.bytes(), false, fetched.pageUrl(),
                    fetched.contentType());
        }
        if (fetched.skipped()) {
            return new Saved(fetched.job(), Path.of(fetched.name()), 0, true, fetched.pageUrl(), fetched.contentType());
        }
        try {
            Path file = tree.place(fetched.name(), fetched.tempFile(), overwrite);
            return new Saved(fetched.job(), file, fetched.bytes(), false, fetched.pageUrl(), fetched.contentType());
        } catch (IOException | RuntimeException e) {
            try {
                tree.deleteTempFile(fetched.tempFile());
            } catch (IOException ignored) {
                // reported below; the leftover is a '.conduit-*.part' file, never a final name
            }
            String reason = "cannot save as " + fetched.name() + ": " + Reasons.describe(e);
            throw new DownloadFailure(fetched.job(), e instanceof IOException io && Reasons.isDiskFull(io)
                    ? "disk full: " + reason : reason, e);
        }
    }
}
