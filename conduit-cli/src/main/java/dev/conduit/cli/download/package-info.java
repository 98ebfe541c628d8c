/**
 * {@code conduit download}: seed 001's website downloader as a tool. The code is split by job, and
 * each package imports only the ones below it:
 * <pre>
 * command   the command line: options, the progress displays, the summary
 *   run     one run: the download and save stages wired into a pipeline (a loop with -r), the ledger, the failed file
 *     crawl   -r's rules: scope, depth, robots.txt, a page's links (jsoup), URL keys
 *     http    the HTTP engines (our HTTP/1.1 client, the JDK's client for https, the router)
 *     output  the output directory: safe names, temporary files, final names, run markers
 *     text    sizes, durations and exception reasons written for people
 * </pre>
 * {@code dev.conduit.cli} (the program) is above them all: {@code ConduitCli} adds the command
 * and {@code --help}/{@code --version} to it, and nothing here imports the program.
 */
package dev.conduit.cli.download;
