package dev.conduit.cli.download.crawl;

import org.jsoup.Jsoup;
import org.jsoup.internal.StringUtil;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * The links of an HTML page, parsed with jsoup: {@code a href}, {@code link href}, {@code img src},
 * {@code script src}, {@code source src}, and every candidate of {@code srcset}; resolved against the
 * page's URL (or its {@code <base href>}), without fragments, http and https only (so
 * {@code mailto:}, {@code javascript:} and {@code data:} are ignored), each once, in page order.
 */
public final class Links {
    private static final String SELECTOR = "a[href], area[href], link[href], img[src], script[src], source[src], "
            + "img[srcset], source[srcset]";

    private Links() {
    }

    /**
     * @param page    the saved page
     * @param pageUrl where it came from (after redirects), to resolve relative links against
     * @return the absolute http and https URLs it links to
     * @throws IOException if the file cannot be read
     */
    public static Set<URI> of(Path page, URI pageUrl) throws IOException {
        Document doc = Jsoup.parse(page.toFile(), null, pageUrl.toString());
        Set<URI> links = new LinkedHashSet<>();
        for (Element e : doc.select(SELECTOR)) {
            for (String attr : new String[] {"href", "src"}) {
                if (e.hasAttr(attr)) {
                    add(links, e.absUrl(attr));
                }
            }
            if (e.hasAttr("srcset")) {
                for (String candidate : e.attr("srcset").split(",")) {
                    String url = candidate.strip().split("\\s+", 2)[0];
                    if (!url.isEmpty()) {
                        add(links, StringUtil.resolve(e.baseUri(), url));
                    }
                }
            }
        }
        return links;
    }

    private static void add(Set<URI> links, String absolute) {
        if (absolute.isEmpty()) {
            return;
        }
        try {
            URI url = UrlText.parse(absolute.strip());
            String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && url.getHost() != null) {
                links.add(url);
            }
        } catch (URISyntaxException malformed) {
            // a link no browser could follow either
        }
    }

    /**
     * @param contentType the response's Content-Type, or {@code null}
     * @param name        the file name it was saved under
     * @return whether the body is an HTML page whose links to follow
     */
    public static boolean isHtml(String contentType, String name) {
        if (contentType != null && !contentType.isBlank()) {
            String type = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
            return type.equals("text/html") || type.equals("application/xhtml+xml");
        }
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.endsWith(".html") || lower.endsWith(".htm");
    }
}
