package dev.conduit.cli.download.run;

import dev.conduit.cli.download.output.OutputTree;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * Writes the failed file: every URL that failed, each under a {@code #} comment with its reason.
 * Comments are skipped by {@link UrlInput}, so the file is itself valid input and
 * {@code conduit download -i FAILED -o DIR} retries exactly those URLs:
 * <pre>
 * # conduit download: 2 of 1000 URLs failed (2026-11-22T03:10:00Z)
 * # retry them with: conduit download -i DIR/failed.txt -o DIR
 *
 * # HTTP 404
 * http://example.org/missing
 * # malformed URL: Illegal character in path at character 20
 * http://example.org/a b
 * </pre>
 * The file is written to a temporary name and renamed, so it is complete or absent. With no
 * failure, an existing failed file is replaced by one that lists none (it may have been this run's
 * input, so it is not deleted).
 */
public final class FailedFile {

    /** One failed URL. */
    public record Entry(UrlJob job, String reason) {
    }

    private FailedFile() {
    }

    /**
     * Writes {@code failed} (in input order) to {@code file}, or clears an existing file when there are none.
     *
     * @return {@code true} if a file was written
     * @throws IOException if it cannot be written
     */
    public static boolean write(Path file, Path outputDir, List<Entry> failed, int total) throws IOException {
        if (failed.isEmpty() && !Files.exists(file)) {
            return false;
        }
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path temp = OutputTree.createWithUsualPermissions(dir, ".conduit-failed-", ".tmp");
        try {
            try (Writer w = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
                String when = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
                if (failed.isEmpty()) {
                    w.write("# conduit download: no URL failed (" + when + ")\n");
                } else {
                    w.write("# conduit download: " + failed.size() + " of " + total + " URLs failed (" + when + ")\n");
                    w.write("# retry them with: conduit download -i " + file + " -o " + outputDir + "\n");
                }
                for (Entry e : failed) {
                    w.write("\n# " + oneLine(e.reason()) + "\n");
                    w.write(e.job().text() + "\n");
                }
            }
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return true;
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static String oneLine(String s) {
        return s.replace('\r', ' ').replace('\n', ' ');
    }
}
