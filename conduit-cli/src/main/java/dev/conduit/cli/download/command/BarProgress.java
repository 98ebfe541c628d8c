package dev.conduit.cli.download.command;

import dev.conduit.cli.download.run.Progress;
import dev.conduit.cli.download.text.ByteSizes;

import java.io.PrintStream;
import java.util.Locale;

/**
 * The status line on a terminal, redrawn in place on standard error four times a second:
 * {@code download  37/120 files  12.3 MB  4.1 MB/s  0:00:07}. It is drawn by its own daemon thread,
 * so the clock ticks and the bytes move during a large file, when no file completes for a while.
 *
 * <p>Why not a progress-bar library: the one used before (over JLine) froze its clock between
 * files, counted its percentage in files, and made the JVM stop catching SIGINT once the bar was
 * shown (JLine installs its own handlers), so Ctrl-C killed a run with no cleanup. This line needs
 * only a carriage return and "erase to end of line".
 */
final class BarProgress extends Progress {
    private static final long REDRAW_MILLIS = 250;

    private final PrintStream err;
    private final int width;
    private volatile boolean closed;
    private Thread drawer;

    BarProgress(PrintStream err) {
        this.err = err;
        int columns = 80;
        try {
            columns = Integer.parseInt(System.getenv().getOrDefault("COLUMNS", "80").strip());
        } catch (NumberFormatException ignored) {
            // keep 80
        }
        this.width = Math.max(20, columns - 1);
    }

    @Override
    public void start(int total) {
        super.start(total);
        drawer = Thread.ofPlatform().daemon(true).name("download-progress").start(() -> {
            while (!closed) {
                draw();
                try {
                    Thread.sleep(REDRAW_MILLIS);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
    }

    /** @return the status line for the counts now */
    String line() {
        long nanos = System.nanoTime() - startNanos;
        double seconds = Math.max(1e-3, nanos / 1e9);
        long b = bytesSoFar();
        long s = nanos / 1_000_000_000L;
        String text = String.format(Locale.ROOT, "download  %d/%d files  %s  %s/s  %d:%02d:%02d",
                finished.get(), total, ByteSizes.format(b), ByteSizes.format((long) (b / seconds)), s / 3600, s / 60 % 60, s % 60);
        return text.length() > width ? text.substring(0, width) : text;
    }

    private synchronized void draw() {
        err.print("\r" + line() + "\033[K");
        err.flush();
    }

    @Override
    public void close() {
        closed = true;
        if (drawer != null) {
            drawer.interrupt();
            try {
                drawer.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            draw();
            err.println();
        }
    }
}
