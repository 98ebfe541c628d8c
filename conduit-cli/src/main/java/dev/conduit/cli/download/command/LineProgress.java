package dev.conduit.cli.download.command;

import dev.conduit.cli.download.run.Progress;
import dev.conduit.cli.download.run.Saved;
import dev.conduit.cli.download.run.UrlJob;
import dev.conduit.cli.download.text.ByteSizes;
import dev.conduit.cli.download.text.Durations;

import java.io.PrintWriter;
import java.time.Duration;

/**
 * One line per finished URL and per retry, for logs and pipes (when standard output is not a
 * terminal): what was saved on standard output, retries and failures on standard error.
 */
final class LineProgress extends Progress {
    private final PrintWriter out;
    private final PrintWriter err;

    LineProgress(PrintWriter out, PrintWriter err) {
        this.out = out;
        this.err = err;
    }

    @Override
    public void retrying(UrlJob job, int attempt, String reason, Duration wait) {
        line(err, "retry   %s: %s; attempt %d in %s", job.text(), reason, attempt + 1, Durations.format(wait));
    }

    @Override
    public void saved(Saved saved) {
        super.saved(saved);
        if (saved.skipped()) {
            line(out, "[%d/%d] skipped %s (exists: %s)", finished.get(), total, saved.job().text(), saved.file());
        } else {
            line(out, "[%d/%d] saved   %s (%s) <- %s", finished.get(), total, saved.file(),
                    ByteSizes.format(saved.bytes()), saved.job().text());
        }
    }

    @Override
    public void failed(UrlJob job, String reason) {
        super.failed(job, reason);
        line(err, "[%d/%d] FAILED  %s: %s", finished.get(), total, job.text(), reason);
    }

    private void line(PrintWriter to, String format, Object... args) {
        synchronized (this) { // one line at a time, whichever stream
            to.printf(format + "%n", args);
            to.flush();
        }
    }
}
