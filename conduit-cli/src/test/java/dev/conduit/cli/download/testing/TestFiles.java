package dev.conduit.cli.download.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Reads what a download left in its output directory. */
public final class TestFiles {
    private TestFiles() {
    }

    /** @return every regular file under {@code root}, at any depth */
    public static List<Path> listFiles(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).toList();
        }
    }

    /** @return the failed file's URLs, in its order, each with the reason in the comment above it */
    public static Map<String, String> readFailedFile(Path file) throws IOException {
        Map<String, String> failures = new LinkedHashMap<>();
        String reason = null;
        for (String line : Files.readAllLines(file)) {
            if (line.startsWith("# ")) {
                reason = line.substring(2);
            } else if (!line.isBlank()) {
                failures.put(line, reason);
            }
        }
        return failures;
    }
}
