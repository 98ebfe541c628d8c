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
 */
public record DownloadSettings(Path outputDir, Path failedFile, int downloadWorkers, int saveWorkers, int maxPerHost,
                        Duration timeout, int retries, Duration retryWait, int maxRedirects,
                        boolean skipExisting, boolean overwrite, long maxSize, String userAgent,
                        SchemeRouter.Choice httpEngine, InetSocketAddress proxy, SSLContext tls) {
}
