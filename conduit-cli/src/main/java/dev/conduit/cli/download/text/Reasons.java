package dev.conduit.cli.download.text;

import java.io.IOException;
import java.net.UnknownHostException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.channels.UnresolvedAddressException;

/** Exceptions told in words fit for the failed file and the terminal: one line, the telling part first. */
public final class Reasons {
    private Reasons() {
    }

    /**
     * The reason to show for {@code e}: the first message along its causes, on one line, or the
     * name of its class when none has one.
     *
     * @param e what went wrong
     * @return one line, never empty
     */
    public static String describe(Throwable e) {
        // The JDK's client wraps the telling exception in one without a message: "ConnectException"
        // alone would hide that the host name did not resolve, or that the connection was refused.
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof FileSystemException fs) {
                return fileProblem(fs);
            }
            if (t instanceof UnresolvedAddressException || t instanceof UnknownHostException) {
                String host = t.getMessage();
                return host == null || host.isBlank() ? "unknown host" : "unknown host " + host;
            }
            String m = t.getMessage();
            if (m != null && !m.isBlank()) {
                return m.replace('\n', ' ');
            }
        }
        return e.getClass().getSimpleName();
    }

    /**
     * A file system error names its file in its message and, for the usual ones, gives no reason:
     * "cannot read /nonexistent: /nonexistent". Say what happened; the caller's sentence names the file,
     * and another file involved (a rename's target) is named here.
     */
    private static String fileProblem(FileSystemException e) {
        String what = e instanceof NoSuchFileException ? "no such file or directory"
                : e instanceof AccessDeniedException ? "permission denied"
                : e instanceof NotDirectoryException ? "not a directory"
                : e instanceof FileAlreadyExistsException ? "already exists"
                : e.getReason() != null ? e.getReason() : e.getClass().getSimpleName();
        if (e.getReason() != null && !what.equals(e.getReason())) {
            what = what + " (" + e.getReason() + ")";
        }
        return e.getOtherFile() == null ? what : what + " (" + e.getOtherFile() + ")";
    }

    /**
     * @param e an error from writing a file
     * @return whether it says the disk (or the user's quota) is full
     */
    public static boolean isDiskFull(IOException e) {
        String m = String.valueOf(e.getMessage());
        return m.contains("No space left") || m.contains("Disk quota exceeded");
    }
}
