package dev.conduit.cli.download.run;

import dev.conduit.cli.download.crawl.RobotsRules;
import dev.conduit.cli.download.http.FetchResponse;
import dev.conduit.cli.download.http.HttpEngine;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.InflaterInputStream;

/** Reads a site's robots.txt once, before a crawl; a site without one (or that cannot answer) allows everything, as wget takes it. */
final class RobotsFile {
    /** The most of a robots.txt that is read (RFC 9309 asks crawlers for at least 500 KiB). */
    private static final int MAX_BYTES = 512 * 1024;

    private RobotsFile() {
    }

    static RobotsRules read(HttpEngine http, URI url, String userAgent) throws InterruptedException {
        try {
            FetchResponse response = http.get(url);
            if (response.status() != 200) {
                response.discard();
                return RobotsRules.ALLOW_ALL;
            }
            String encoding = response.firstValue("Content-Encoding").orElse("identity").strip().toLowerCase(Locale.ROOT);
            try (InputStream raw = response.body();
                 InputStream body = switch (encoding) {
                     case "gzip", "x-gzip" -> new GZIPInputStream(raw);
                     case "deflate" -> new InflaterInputStream(raw);
                     default -> raw;
                 }) {
                return RobotsRules.parse(new String(body.readNBytes(MAX_BYTES), StandardCharsets.UTF_8), userAgent);
            }
        } catch (IOException e) {
            return RobotsRules.ALLOW_ALL;
        }
    }
}
