package dev.conduit.cli.download.text;

import java.io.IOException;
import java.net.UnknownHostException;
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
     * @param e an error from writing a file
     * @return whether it says the disk (or the user's quota) is full
     */
    public static boolean isDiskFull(IOException e) {
        String m = String.valueOf(e.getMessage());
        return m.contains("No space left") || m.contains("Disk quota exceeded");
    }
}
