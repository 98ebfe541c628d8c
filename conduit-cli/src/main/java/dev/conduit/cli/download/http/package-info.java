/**
 * The HTTP engines behind {@link dev.conduit.cli.download.http.HttpEngine}:
 * {@link dev.conduit.cli.download.http.Http1Client} (our small blocking HTTP/1.1 client) for
 * {@code http://}, {@link dev.conduit.cli.download.http.JdkHttpEngine} ({@code java.net.http}, TLS and
 * HTTP/2) for {@code https://}, chosen per URL by {@link dev.conduit.cli.download.http.SchemeRouter}.
 * Both answer with a {@link dev.conduit.cli.download.http.FetchResponse} and throw the same exceptions.
 */
package dev.conduit.cli.download.http;
