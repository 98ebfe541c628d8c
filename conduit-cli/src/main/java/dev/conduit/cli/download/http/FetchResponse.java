package dev.conduit.cli.download.http;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpHeaders;
import java.util.Optional;

/**
 * The response to one GET, whichever HTTP engine made it ({@link Http1Client} for {@code http://},
 * {@link JdkHttpEngine} for {@code https://}). Used by one thread at a time.
 */
public interface FetchResponse {

    /** @return the status code, for example 200 */
    int status();

    /** @return the response headers (names compared without case) */
    HttpHeaders headers();

    /**
     * The first value of one header; an engine may answer without building {@link #headers()}.
     *
     * @param name the header's name, in any case
     * @return its first value, if the response has it
     */
    default Optional<String> firstValue(String name) {
        return headers().firstValue(name);
    }

    /**
     * Opens the body; call at most once. Reads block until data arrives and throw
     * {@link java.net.http.HttpTimeoutException} after the engine's read timeout of silence; an
     * interrupted virtual thread gets an {@link IOException}. Closing the stream before its end
     * gives up the connection.
     *
     * @return the body as it came over the wire (still gzipped if the server gzipped it)
     * @throws IOException if the body cannot be opened
     */
    InputStream body() throws IOException;

    /** Throws the body away (a redirect's, an error page's) and releases the connection; never throws. */
    void discard();
}
