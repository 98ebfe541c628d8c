package dev.conduit.cli.download.output;

import dev.conduit.cli.download.text.Reasons;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The output directory: temporary files, final names, and who gets which name.
 *
 * <p>This is the seed's "file lock, done right". The seed's savers took a lock, looked for a free
 * file number and created the file; here no lock is held at all. A final name is claimed by
 * {@link Files#createLink hard-linking} the complete temporary file to it: {@code link(2)} fails
 * atomically if the name exists, whoever created it (another saver, another program), so two
 * savers can never get the same name, an existing file is never replaced, and the file appears
 * under its final name complete or not at all. On a loser's {@link FileAlreadyExistsException} it
 * tries {@code name-1.ext}, {@code name-2.ext}, ... On file systems without hard links it falls back
 * to an in-process claim plus a rename, which is atomic against this run's savers but only
 * check-then-act against other programs.
 *
 * <p>{@code --overwrite} replaces files that existed before the run (an atomic rename over them),
 * but never a file this run saved: two URLs that map to one name still both survive. The set of
 * names saved in this run is also how {@code --skip-existing} tells an old file from a new one.
 *
 * <p>Thread-safe; meant to be shared by every download and save worker.
 */
public final class OutputTree {
    private final Path root;
    /** Final paths (absolute, normalised) saved or being saved by this run; only grows. */
    private final Set<Path> claimedThisRun = ConcurrentHashMap.newKeySet();
    /** Temporary files named (and perhaps created) and not yet placed or deleted, for {@link #deleteTempFiles()}. */
    private final Set<Path> liveTempFiles = ConcurrentHashMap.newKeySet();
    /** This run's random token, in its temporary files' names and its {@link RunMarker}'s lock file. */
    private final String token = Long.toString(ThreadLocalRandom.current().nextLong() >>> 1, 36);
    private final String tempPrefix = ".conduit-" + token + "-";
    /** Marks this run's temporary files as in use while it runs; {@code null} before or without one. */
    private volatile RunMarker marker;
    private final AtomicLong tempCount = new AtomicLong();
    /**
     * Parent directories already made or checked by this run: the directory a name's parent maps
     * to (itself, or with {@code .d} components). This run only adds files next to them, which
     * cannot change the mapping, so most files skip the look at each component and the mkdir.
     * Cleared when a parent turns out to be missing (another program removed it).
     */
    private final Map<Path, Path> knownParents = new ConcurrentHashMap<>();

    /**
     * @param root the output directory; it must exist and be writable (see {@link #prepare})
     */
    public OutputTree(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    /**
     * Creates {@code dir} if needed and proves it writable by creating and deleting a file in it.
     *
     * @return {@code null} if usable, else a one-line reason naming the directory
     */
    public static String prepare(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (FileAlreadyExistsException e) {
            return "output directory " + dir + " exists and is not a directory";
        } catch (IOException e) {
            return "cannot create output directory " + dir + ": " + Reasons.describe(e);
        }
        try {
            Path probe = createWithUsualPermissions(dir, ".conduit-probe-", ".tmp");
            Files.delete(probe);
            return null;
        } catch (IOException e) {
            return "output directory " + dir + " is not writable: " + Reasons.describe(e);
        }
    }

    /**
     * Starts the run in this directory: marks its temporary files as in use and deletes those that
     * killed runs left behind ({@link RunMarker}). Best effort: without a marker the run goes on,
     * and its leftovers, should it be killed, stay. Call once, before any temporary file is named.
     */
    public void startRun() {
        try {
            RunMarker m = RunMarker.claim(root, token);
            marker = m;
            m.sweep();
        } catch (IOException e) {
            // no marker: see above
        }
    }

    /** Ends the run: its temporary files are no longer marked as in use. Idempotent, any thread. */
    public void endRun() {
        RunMarker m = marker;
        if (m != null) {
            m.close();
        }
    }

    /** @return the output directory, absolute */
    public Path root() {
        return root;
    }

    /**
     * Names a new temporary file in the output directory (same file system, so the final move is a
     * rename) and counts it as live. The file itself is made by whoever first writes it, with
     * {@code CREATE_NEW}: creating it here and opening it again to write cost two more system calls
     * per URL (about 5% of a run of 2,000 small files), and a URL that fails before its body came
     * needs no file at all. The names are this run's random token and a counter: unique within the
     * run, and a file someone else put there makes the create fail rather than be written into.
     */
    public Path newTempName() {
        Path temp = root.resolve(tempPrefix + tempCount.incrementAndGet() + ".part");
        liveTempFiles.add(temp);
        return temp;
    }

    /**
     * Creates a new empty file with a random name in {@code dir}. Unlike {@link Files#createTempFile}
     * (owner-only, 0600) it gets the permissions any new file gets (0666 less the umask), because
     * it becomes a file the user keeps (the failed file; here, the writability probe).
     */
    public static Path createWithUsualPermissions(Path dir, String prefix, String suffix) throws IOException {
        while (true) {
            // 63 random bits: Long.toUnsignedString in base 36 goes through BigInteger for half the values
            Path p = dir.resolve(prefix + Long.toString(ThreadLocalRandom.current().nextLong() >>> 1, 36) + suffix);
            try {
                return Files.createFile(p);
            } catch (FileAlreadyExistsException taken) {
                // 1 in 2^64 odds; pick another name
            }
        }
    }

    /** Deletes a temporary file that will not be placed. */
    public void deleteTempFile(Path temp) throws IOException {
        liveTempFiles.remove(temp);
        Files.deleteIfExists(temp);
    }

    /** Deletes every temporary file still live (the run is being abandoned); best effort. */
    public void deleteTempFiles() {
        for (Path temp : liveTempFiles) {
            try {
                deleteTempFile(temp);
            } catch (IOException ignored) {
                // best effort during shutdown; the name shows it is a leftover
            }
        }
    }

    /**
     * @return the file for {@code name} if it is a regular file (not through a link) that existed
     *         before this run, else {@code null}
     */
    public Path fileBeforeRun(String name) {
        Path target = resolveInside(name);
        return Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS) && !claimedThisRun.contains(target) ? target : null;
    }

    /** @return {@code true} if the file for {@code name} exists and was not written by this run */
    public boolean existedBeforeRun(String name) {
        Path target = resolveInside(name);
        return Files.exists(target, LinkOption.NOFOLLOW_LINKS) && !claimedThisRun.contains(target);
    }

    /**
     * Moves a complete temporary file to the final name for {@code name}, or to the first free
     * {@code name-N} variant, and returns where it went. The temporary file is gone afterwards.
     *
     * @param overwrite replace a file at the name that existed before this run
     * @return the final path, relative to the output directory
     * @throws IOException if the file cannot be placed (the temporary file is then still there)
     */
    public Path place(String name, Path temp, boolean overwrite) throws IOException {
        try {
            return placeOnce(name, temp, overwrite);
        } catch (NoSuchFileException e) {
            // another program may have removed a directory this run made: make it again, once
            if (knownParents.isEmpty() || !Files.exists(temp, LinkOption.NOFOLLOW_LINKS)) {
                throw e;
            }
            knownParents.clear();
            return placeOnce(name, temp, overwrite);
        }
    }

    private Path placeOnce(String name, Path temp, boolean overwrite) throws IOException {
        Path target = placeForParents(resolveInside(name));
        if (overwrite && !Files.isDirectory(target) && claimedThisRun.add(target)) {
            try {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                liveTempFiles.remove(temp);
                return root.relativize(target);
            } catch (FileSystemException raced) {
                if (!Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
                    throw raced;
                }
                // another saver made a directory there (URL /a/b beside /a) since the look: a free name below
            }
        }
        for (int n = 0; n < 100_000; n++) {
            Path candidate = n == 0 ? target : withSuffix(target, n);
            if (n > 0 && claimedThisRun.contains(candidate)) {
                continue;
            }
            if (claim(temp, candidate)) {
                return root.relativize(candidate);
            }
        }
        throw new IOException("no free name for " + name + " after 100000 tries");
    }

    /** Atomically gives {@code candidate} the content of {@code temp} unless the name is taken. */
    private boolean claim(Path temp, Path candidate) throws IOException {
        try {
            Files.createLink(candidate, temp);
        } catch (FileAlreadyExistsException taken) {
            return false;
        } catch (UnsupportedOperationException | FileSystemException noHardLinks) {
            return claimByRename(temp, candidate);
        }
        claimedThisRun.add(candidate);
        deleteTempFile(temp);
        return true;
    }

    private boolean claimByRename(Path temp, Path candidate) throws IOException {
        if (!claimedThisRun.add(candidate)) {
            return false;
        }
        try {
            Files.move(temp, candidate, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
            if (Files.exists(candidate, LinkOption.NOFOLLOW_LINKS)) {
                return false;
            }
            Files.move(temp, candidate);
        }
        liveTempFiles.remove(temp);
        return true;
    }

    /**
     * Creates the parent directories of {@code target} and returns where the file goes. Where a
     * parent name is already a regular file (URL {@code /a} saved, then {@code /a/b}), the directory
     * is {@code a.d} instead.
     */
    private Path placeForParents(Path target) throws IOException {
        Path known = knownParents.get(target.getParent());
        if (known != null) {
            return known.resolve(target.getFileName().toString());
        }
        Path placed = adjustedForFileParents(target);
        try {
            Files.createDirectories(placed.getParent());
        } catch (FileAlreadyExistsException raced) {
            // another saver made a file where we wanted a directory, between our look and our mkdir
            placed = adjustedForFileParents(target);
            Files.createDirectories(placed.getParent());
        }
        knownParents.put(target.getParent(), placed.getParent());
        return placed;
    }

    /** Replaces each parent component that exists as a non-directory by {@code component.d}. */
    private Path adjustedForFileParents(Path target) {
        Path relative = root.relativize(target);
        Path current = root;
        for (int i = 0; i < relative.getNameCount() - 1; i++) {
            String part = relative.getName(i).toString();
            Path next = current.resolve(part);
            while (Files.exists(next, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(next, LinkOption.NOFOLLOW_LINKS)) {
                part = part + ".d";
                next = current.resolve(part);
            }
            current = next;
        }
        return current.resolve(relative.getFileName().toString());
    }

    /** Resolves a sanitised relative name and checks, once more, that it stays inside the root. */
    private Path resolveInside(String name) {
        Path p = root.resolve(name).normalize();
        if (!p.startsWith(root) || p.equals(root)) {
            throw new IllegalArgumentException("file name " + name + " would land outside " + root);
        }
        return p;
    }

    /** {@code dir/name.ext} to {@code dir/name-n.ext}. */
    static Path withSuffix(Path target, int n) {
        String file = target.getFileName().toString();
        int dot = file.lastIndexOf('.');
        String named = dot > 0 ? file.substring(0, dot) + "-" + n + file.substring(dot) : file + "-" + n;
        return target.resolveSibling(named);
    }
}
