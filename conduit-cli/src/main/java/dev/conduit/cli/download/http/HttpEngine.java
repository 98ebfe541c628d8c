package dev.conduit.cli.download.http;

import java.io.IOException;
import java.net.URI;

/**
 * Sends one GET and returns its response once the headers have arrived. Implementations are safe
 * for any number of threads at once and meant for virtual threads: they block on the network.
 *
 * <p>Errors: {@link java.net.http.HttpConnectTimeoutException} when connecting takes longer than
 * the timeout, {@link java.net.http.HttpTimeoutException} when the headers do not come within it,
 * {@link java.net.ConnectException} when the host refuses or cannot be resolved, another
 * {@link IOException} for anything else on the wire.
 */
public interface HttpEngine extends AutoCloseable {

    /**
     * Sends a GET for {@code url} with the run's User-Agent and {@code Accept-Encoding: gzip, deflate};
     * redirects are not followed (the caller does that, with its limit).
     *
     * @throws IOException          as the interface describes
     * @throws InterruptedException if the calling thread is interrupted while waiting
     */
    default FetchResponse get(URI url) throws IOException, InterruptedException {
        return get(url, -1);
    }

    /**
     * Sends a GET, as {@link #get(URI)}, for the body from byte {@code from} on ({@code -c}): with
     * {@code Range: bytes=FROM-} and {@code Accept-Encoding: identity} (a range of a compressed
     * body is of no use for appending). The server may answer 206, 416, or 200 with the whole body.
     *
     * @param from the first byte wanted, or -1 for a plain GET
     * @throws IOException          as the interface describes
     * @throws InterruptedException if the calling thread is interrupted while waiting
     */
    FetchResponse get(URI url, long from) throws IOException, InterruptedException;

    /** Aborts the exchanges in flight (their reads fail) and closes every connection; returns at once. */
    void shutdownNow();

    /** Closes the idle connections; call when no exchange is in flight any more. */
    @Override
    void close();
}
