package dev.conduit.cli.download.http;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;

/**
 * The run's {@link HttpEngine}: {@code http://} URLs to the small {@link Http1Client} (unless
 * {@code --http-engine jdk} or {@code --proxy}), everything else to the JDK's client. The JDK's client is created on
 * the first URL that needs it, so a run of plain-HTTP URLs never loads it (a tenth of a second of a
 * cold start).
 */
public final class SchemeRouter implements HttpEngine {

    /** Which engine carries {@code http://} URLs; {@code https://} always goes to the JDK's. */
    public enum Choice {
        /** The small HTTP/1.1 client for {@code http://}, the JDK's for {@code https://}. */
        AUTO,
        /** The JDK's {@code java.net.http} client for every URL. */
        JDK
    }

    private final Duration timeout;
    private final String userAgent;
    private final InetSocketAddress proxy;
    private final SSLContext tls;
    private final Http1Client plain;
    private final Object lock = new Object();
    private volatile JdkHttpEngine jdk;
    private volatile boolean shutDown;

    /**
     * @param proxy the HTTP proxy for every request, or {@code null}; the small client does not speak
     *              to proxies, so with one every URL goes to the JDK's client
     * @param tls   the TLS context for https, or {@code null} for the JDK's default
     */
    public SchemeRouter(Choice choice, Duration timeout, String userAgent, InetSocketAddress proxy, SSLContext tls) {
        this.timeout = timeout;
        this.userAgent = userAgent;
        this.proxy = proxy;
        this.tls = tls;
        this.plain = choice == Choice.AUTO && proxy == null ? new Http1Client(timeout, userAgent) : null;
    }

    @Override
    public FetchResponse get(URI url, long from) throws IOException, InterruptedException {
        if (plain != null && "http".equalsIgnoreCase(url.getScheme())) {
            return plain.get(url, from);
        }
        return jdk().get(url, from);
    }

    private JdkHttpEngine jdk() throws IOException {
        JdkHttpEngine engine = jdk;
        if (engine == null) {
            synchronized (lock) {
                if (shutDown) {
                    throw new IOException("the HTTP client is closed");
                }
                engine = jdk;
                if (engine == null) {
                    jdk = engine = new JdkHttpEngine(timeout, userAgent, proxy, tls);
                }
            }
        }
        return engine;
    }

    @Override
    public void shutdownNow() {
        stop(true);
    }

    @Override
    public void close() {
        stop(false);
    }

    /** Stops both engines, at once or letting them finish; no JDK client is created afterwards. */
    private void stop(boolean now) {
        JdkHttpEngine engine;
        synchronized (lock) {
            shutDown = true;
            engine = jdk;
        }
        for (HttpEngine e : new HttpEngine[] {plain, engine}) {
            if (e != null && now) {
                e.shutdownNow();
            } else if (e != null) {
                e.close();
            }
        }
    }
}
