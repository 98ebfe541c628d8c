package dev.conduit.cli.download.command;

import dev.conduit.cli.download.run.Progress;
import dev.conduit.cli.download.run.Saved;
import dev.conduit.cli.download.run.UrlJob;
import dev.conduit.cli.download.text.ByteSizes;
import dev.conduit.cli.download.text.Durations;

import java.io.PrintWriter;
import java.time.Duration;

/** One line per finished URL and per retry, for logs and pipes (when standard output is not a terminal). */
final class LineProgress extends Progress {
    private final PrintWriter out;

    LineProgress(PrintWriter out) {
        this.out = out;
    }

    @Override
    public void retrying(UrlJob job, int attempt, String reason, Duration wait) {
        line("retry   %s: %s; attempt %d in %s", job.text(), reason, attempt + 1, Durations.format(wait));
    }

    @Override
    public void saved(Saved saved) {
        super.saved(saved);
        if (saved.skipped()) {
            line("[%d/%d] skipped %s (exists: %s)", finished.get(), total, saved.job().text(), saved.file());
        } else {
            line("[%d/%d] saved   %s (%s) <- %s", finished.get(), total, saved.file(),
                    ByteSizes.format(saved.bytes()), saved.job().text());
        }
    }

    @Override
    public void failed(UrlJob job, String reason) {
        super.failed(job, reason);
        line("[%d/%d] FAILED  %s: %s", finished.get(), total, job.text(), reason);
    }

    private void line(String format, Object... args) {
        synchronized (out) {
            out.printf(format + "%n", args);
            out.flush();
        }
    }
}
