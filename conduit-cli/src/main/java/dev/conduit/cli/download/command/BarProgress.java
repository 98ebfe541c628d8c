package dev.conduit.cli.download.command;

import dev.conduit.cli.download.run.Progress;
import dev.conduit.cli.download.run.Saved;
import dev.conduit.cli.download.run.UrlJob;
import dev.conduit.cli.download.text.ByteSizes;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

import java.util.Locale;

/**
 * A terminal progress bar (me.tongfei:progressbar, drawn on standard error): files done of total,
 * elapsed time and ETA by the library; bytes and byte rate in its extra message.
 */
final class BarProgress extends Progress {
    private ProgressBar bar;
    private volatile long lastMessageNanos;

    @Override
    public void start(int total) {
        super.start(total);
        bar = new ProgressBarBuilder()
                .setTaskName("download")
                .setInitialMax(total)
                .setUnit(" files", 1)
                .setStyle(ProgressBarStyle.COLORFUL_UNICODE_BLOCK)
                .setUpdateIntervalMillis(200)
                .build();
    }

    @Override
    public void bytes(long n) {
        super.bytes(n);
        long now = System.nanoTime();
        if (now - lastMessageNanos > 200_000_000L) { // a racy check is fine: it only limits redraw work
            lastMessageNanos = now;
            updateMessage(now);
        }
    }

    @Override
    public void saved(Saved saved) {
        super.saved(saved);
        bar.step();
    }

    @Override
    public void failed(UrlJob job, String reason) {
        super.failed(job, reason);
        bar.step();
    }

    private void updateMessage(long now) {
        double seconds = Math.max(1e-3, (now - startNanos) / 1e9);
        long b = bytes.sum();
        bar.setExtraMessage(String.format(Locale.ROOT, "%s, %s/s", ByteSizes.format(b), ByteSizes.format((long) (b / seconds))));
    }

    @Override
    public void close() {
        if (bar != null) {
            updateMessage(System.nanoTime());
            bar.close();
        }
    }
}
