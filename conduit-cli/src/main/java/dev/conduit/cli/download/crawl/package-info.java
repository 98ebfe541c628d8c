/**
 * The crawl of {@code conduit download -r}: {@link dev.conduit.cli.download.crawl.Frontier} (what is
 * in scope, each URL's depth, what to fetch and what to expand again),
 * {@link dev.conduit.cli.download.crawl.Links} (a page's links, by jsoup),
 * {@link dev.conduit.cli.download.crawl.RobotsRules} (robots.txt) and
 * {@link dev.conduit.cli.download.crawl.UrlText} (URLs as people write them, and the key that makes
 * two of them one). It knows nothing of HTTP or of the pipeline; {@code run} wires it into a loop.
 */
package dev.conduit.cli.download.crawl;
