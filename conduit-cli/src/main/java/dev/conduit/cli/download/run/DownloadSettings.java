package dev.conduit.cli.download.run;

import dev.conduit.cli.download.http.SchemeRouter;
import javax.net.ssl.SSLContext;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Everything the download run needs from the command line, already checked.
 *
 * @param outputDir       where files go
 * @param failedFile      where failed URLs and their reasons go
 * @param downloadWorkers concurrent downloads (virtual threads)
 * @param saveWorkers     threads moving finished bodies to their final names
 * @param maxPerHost      concurrent requests to one host; 0 for no limit beyond {@code downloadWorkers}
 * @param timeout         connect timeout, time to the response headers, and longest silence while reading a body
 * @param retries         extra attempts after a retryable failure
 * @param retryWait       the first backoff; each later one doubles
 * @param maxRedirects    redirects followed per URL
 * @param skipExisting    leave URLs whose file already exists alone
 * @param overwrite       replace files that existed before the run
 * @param maxSize         largest body accepted in bytes; 0 for no limit
 * @param userAgent       the User-Agent header
 * @param httpEngine      which HTTP engine carries {@code http://} URLs
 * @param proxy           the HTTP proxy every request goes through (unresolved), or {@code null} for none
 * @param tls             the TLS context for https ({@code --ca-cert}), or {@code null} for the JDK's default
 * @param crawl           how to follow links ({@code -r}), or {@code null} to fetch the URLs given and no others
 * @param waitBetween     at least this long between the starts of two requests to one host ({@code -w}); zero for none
 * @param limitRate       body bytes per second for the whole run ({@code --limit-rate}); 0 for no limit
 * @param resume          complete files from before the run that are shorter than the server's copy ({@code -c})
 */
public record DownloadSettings(Path outputDir, Path failedFile, int downloadWorkers, int saveWorkers, int maxPerHost,
                        Duration timeout, int retries, Duration retryWait, int maxRedirects,
                        boolean skipExisting, boolean overwrite, long maxSize, String userAgent,
                        SchemeRouter.Choice httpEngine, InetSocketAddress proxy, SSLContext tls, Crawl crawl,
                        Duration waitBetween, long limitRate, boolean resume) {

    /** The settings of a list download: no links followed. */
    public DownloadSettings(Path outputDir, Path failedFile, int downloadWorkers, int saveWorkers, int maxPerHost,
                            Duration timeout, int retries, Duration retryWait, int maxRedirects,
                            boolean skipExisting, boolean overwrite, long maxSize, String userAgent,
                            SchemeRouter.Choice httpEngine, InetSocketAddress proxy, SSLContext tls) {
        this(outputDir, failedFile, downloadWorkers, saveWorkers, maxPerHost, timeout, retries, retryWait, maxRedirects,
                skipExisting, overwrite, maxSize, userAgent, httpEngine, proxy, tls, null, Duration.ZERO, 0, false);
    }

    /**
     * How a recursive download ({@code -r}) follows links.
     *
     * @param maxDepth the deepest link distance fetched ({@code -l}); {@link Integer#MAX_VALUE} for no limit
     * @param noParent never above the start URL's directory ({@code -np})
     * @param robots   honour robots.txt (unless {@code --no-robots})
     */
    public record Crawl(int maxDepth, boolean noParent, boolean robots) {
    }
}
