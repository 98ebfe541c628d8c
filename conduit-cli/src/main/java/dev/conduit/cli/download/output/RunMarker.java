package dev.conduit.cli.download.output;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.regex.Pattern;

/**
 * Tells the temporary files of a run that is still going from those of a run that was killed.
 *
 * <p>A run names its temporary files {@code .conduit-TOKEN-N.part} in the output directory and,
 * while it runs, holds an exclusive lock on {@code .conduit-TOKEN.lock} there. The operating system
 * drops a lock when its process ends, however it ends ({@code kill -9}, a crash, the machine going
 * down), so a lock file that nobody holds marks temporary files that nobody will finish: the next
 * run into the directory deletes them, and the lock file. Without this, every killed run left its
 * bodies in flight behind for good (never under a final name, but taking space).
 *
 * <p>What is never deleted: the files of a run whose lock is held (another conduit writing into the
 * same directory), {@code .part} files without a lock file (another program's, or those of a run
 * whose lock file was swept between its creation and its locking, which is harmless: that run
 * deletes its own files), and anything reached through a symbolic link.
 *
 * <p>POSIX record locks belong to a process, and closing any descriptor of a file drops the
 * process's locks on it; so the check of another run's lock must not happen in the process that
 * holds it. Two runs in one JVM (tests) see each other as live: the JDK reports the overlap.
 */
final class RunMarker implements AutoCloseable {
    private static final String PREFIX = ".conduit-";
    private static final Pattern TOKEN = Pattern.compile("[0-9a-z]{1,20}");

    private final Path lockFile;
    private final FileChannel channel;

    private RunMarker(Path lockFile, FileChannel channel) {
        this.lockFile = lockFile;
        this.channel = channel;
    }

    /**
     * Creates and locks {@code .conduit-TOKEN.lock} in {@code dir}.
     *
     * @param token the run's token, as in its temporary file names ({@code [0-9a-z]+})
     * @throws IOException if the lock file cannot be made or locked; the run can go on without it
     */
    static RunMarker claim(Path dir, String token) throws IOException {
        Path lockFile = dir.resolve(PREFIX + token + ".lock");
        FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        try {
            if (channel.tryLock() == null) {
                throw new IOException("cannot lock " + lockFile);
            }
            return new RunMarker(lockFile, channel);
        } catch (IOException | RuntimeException e) {
            channel.close();
            Files.deleteIfExists(lockFile);
            throw e;
        }
    }

    /**
     * Deletes the temporary files and lock files of runs into {@code dir} that ended without
     * cleaning up. Best effort: a file that cannot be looked at or deleted is left.
     *
     * @return how many temporary files were deleted
     */
    int sweep() {
        Path dir = lockFile.getParent();
        int deleted = 0;
        try (DirectoryStream<Path> locks = Files.newDirectoryStream(dir, PREFIX + "*.lock")) {
            for (Path lock : locks) {
                String name = lock.getFileName().toString();
                String token = name.substring(PREFIX.length(), name.length() - ".lock".length());
                if (lock.equals(lockFile) || !TOKEN.matcher(token).matches() || !abandoned(lock)) {
                    continue;
                }
                try (DirectoryStream<Path> parts = Files.newDirectoryStream(dir, PREFIX + token + "-*.part")) {
                    for (Path part : parts) {
                        if (Files.isRegularFile(part, LinkOption.NOFOLLOW_LINKS) && Files.deleteIfExists(part)) {
                            deleted++;
                        }
                    }
                }
                Files.deleteIfExists(lock);
            }
        } catch (IOException e) {
            // best effort: the leftovers stay until a later run manages
        }
        return deleted;
    }

    /** @return whether nobody holds {@code lock}: its run has ended */
    private static boolean abandoned(Path lock) {
        try (FileChannel other = FileChannel.open(lock, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
            FileLock held = other.tryLock();
            if (held == null) {
                return false; // another process holds it: that run is going on
            }
            held.release();
            return true;
        } catch (OverlappingFileLockException sameJvm) {
            return false;
        } catch (IOException e) {
            return false; // a symbolic link, a directory, gone already: not ours to judge
        }
    }

    /** Releases the lock and deletes the lock file; idempotent. */
    @Override
    public synchronized void close() {
        if (!channel.isOpen()) {
            return;
        }
        try {
            Files.deleteIfExists(lockFile); // first: the lock is still held, so no sweeper takes it for dead
        } catch (IOException e) {
            // a later run finds it unlocked and removes it
        }
        try {
            channel.close();
        } catch (IOException e) {
            // closing releases the lock even when it reports an error
        }
    }
}
