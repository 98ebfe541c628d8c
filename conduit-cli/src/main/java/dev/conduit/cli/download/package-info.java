/**
 * {@code conduit download}: seed 001's website downloader as a tool.
 *
 * <p>The flow is two stage functions that know nothing of how they are wired:
 * {@link dev.conduit.cli.download.DownloadStage} (URL to a complete temporary file in the output
 * directory, with retries, backoff, timeouts and size limits) and
 * {@link dev.conduit.cli.download.SaveStage} (temporary file to its final, sanitised, atomically
 * claimed name, see {@link dev.conduit.cli.download.OutputTree}). {@link dev.conduit.cli.download.DownloadRun}
 * wires them into a {@code dev.conduit.pipeline.Pipeline} and keeps a ledger with one slot per URL,
 * so every URL ends saved, skipped or in the failed file ({@link dev.conduit.cli.download.FailedFile}),
 * which is itself valid input. The HTTP goes through an {@link dev.conduit.cli.download.HttpEngine}:
 * {@link dev.conduit.cli.download.Http1Client} (our small HTTP/1.1 client) for {@code http://},
 * {@link dev.conduit.cli.download.JdkHttpEngine} ({@code java.net.http}) for {@code https://}, chosen
 * per URL by {@link dev.conduit.cli.download.SchemeRouter}.
 * {@link dev.conduit.cli.download.DownloadCommand} is the command line;
 * {@link dev.conduit.cli.download.StartupTraining} is a typical run for the launcher to record its
 * start-up cache from.
 */
package dev.conduit.cli.download;
