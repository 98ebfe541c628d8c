/**
 * The {@code conduit download} command line: {@link dev.conduit.cli.download.command.DownloadCommand}
 * declares and checks the options, reads the URLs, starts a {@code run}, and prints the summary;
 * {@link dev.conduit.cli.download.command.BarProgress} (a terminal) and
 * {@link dev.conduit.cli.download.command.LineProgress} (a pipe or a log) show the run as it goes.
 */
package dev.conduit.cli.download.command;
