/**
 * One download run. {@link dev.conduit.cli.download.run.DownloadRun} wires two stage functions that
 * know nothing of how they are wired into a {@code dev.conduit.pipeline.Pipeline}:
 * {@link dev.conduit.cli.download.run.DownloadStage} (URL to a complete temporary file, with retries,
 * backoff, the host breaker, timeouts and size limits) and {@link dev.conduit.cli.download.run.SaveStage}
 * (temporary file to its final name). It keeps a ledger with one slot per URL, so every URL ends
 * saved, skipped or in the failed file ({@link dev.conduit.cli.download.run.FailedFile}), which is
 * itself valid input ({@link dev.conduit.cli.download.run.UrlInput}).
 */
package dev.conduit.cli.download.run;
