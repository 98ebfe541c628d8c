package dev.conduit.nats;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The worker processes' ledgers read together: how often each item was finished, and by whom. */
record Ledger(Map<String, Integer> counts, int lines) {
    static Ledger read(List<Path> files) throws IOException {
        Map<String, Integer> counts = new HashMap<>();
        int lines = 0;
        for (Path f : files) {
            if (!Files.exists(f)) {
                continue;
            }
            for (String line : Files.readAllLines(f)) {
                if (line.isBlank()) {
                    continue;   // a line cut by a kill
                }
                String[] parts = line.split(" ");
                if (parts.length < 3) {
                    continue;
                }
                counts.merge(parts[0], 1, Integer::sum);
                lines++;
            }
        }
        return new Ledger(counts, lines);
    }

    /** @return items finished more than once, counted once per extra time */
    int duplicates() {
        return lines - counts.size();
    }

    static int lines(Path f) {
        try {
            return Files.exists(f) ? (int) Files.lines(f).count() : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    @Override
    public String toString() {
        return counts.size() + " distinct items in " + lines + " ledger lines (" + duplicates() + " duplicates)";
    }
}
