package dev.conduit.cli.download.command;

import dev.conduit.cli.download.testing.CliRun;
import dev.conduit.cli.download.testing.TestWebServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static dev.conduit.cli.download.testing.TestFiles.listFiles;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code conduit download -r}: a small site on 127.0.0.1, crawled as wget -r would. */
class RecursiveDownloadTest {

    /** The site: path to HTML (or other content); {@code PORT} and {@code OTHER} are replaced. */
    private static final Map<String, String> SITE = Map.ofEntries(
            Map.entry("/site/index.html", """
                    <html><head><link rel=stylesheet href="style.css"><script src="js/app.js"></script></head><body>
                    <a href="page1.html">one</a> <a href="page1.html#top">one again</a>
                    <a href="/site/sub/">sub</a> <a href="/site/dir">dir, redirected</a>
                    <img src="img/logo.png"> <img srcset="img/a.png 1x, img/b.png 2x">
                    <a href="mailto:someone@example.org">mail</a> <a href="http://other.invalid/x">other host</a>
                    <a href="http://127.0.0.1:OTHER/site/x.html">same address, other port</a>
                    <a href="../outside.html">above the start</a> <a href="private/secret.html">robots says no</a>
                    <a href="with space.html">a space</a>
                    </body></html>"""),
            Map.entry("/site/page1.html", "<a href=\"page2.html\">2</a> <a href=\"index.html\">home</a>"),
            Map.entry("/site/page2.html", "<a href=\"page3.html\">3</a>"),
            Map.entry("/site/page3.html", "<a href=\"page4.html\">4: one too deep</a> <img src=\"img/deep.png\">"),
            Map.entry("/site/page4.html", "never"),
            Map.entry("/site/sub/index.html", "<a href=\"../page1.html\">up</a> <a href=\"leaf.txt\">leaf</a>"),
            Map.entry("/site/sub/leaf.txt", "a leaf"),
            Map.entry("/site/dir/index.html", "dir page"),
            Map.entry("/site/style.css", "body {}"),
            Map.entry("/site/js/app.js", "1;"),
            Map.entry("/site/img/logo.png", "png"),
            Map.entry("/site/img/a.png", "a"),
            Map.entry("/site/img/b.png", "b"),
            Map.entry("/site/img/deep.png", "deep"),
            Map.entry("/site/with space.html", "spaced"),
            Map.entry("/site/private/secret.html", "secret"),
            Map.entry("/outside.html", "outside"));

    private static TestWebServer site() throws IOException {
        TestWebServer server = new TestWebServer();
        server.route("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            if (path.equals("/robots.txt")) {
                TestWebServer.send(exchange, 200, "User-agent: *\nDisallow: /site/private/\n");
            } else if (path.equals("/site/dir")) {
                exchange.getResponseHeaders().add("Location", "/site/dir/");
                exchange.sendResponseHeaders(301, -1);
            } else {
                String page = SITE.get(path.endsWith("/") ? path + "index.html" : path);
                if (page == null) {
                    exchange.sendResponseHeaders(404, -1);
                    return;
                }
                exchange.getResponseHeaders().add("Content-Type", path.endsWith(".html") || path.endsWith("/")
                        ? "text/html; charset=utf-8" : "application/octet-stream");
                TestWebServer.send(exchange, 200, page.replace("OTHER", String.valueOf(server.port() + 1)));
            }
        });
        return server;
    }

    @Test
    void followsTheLinksOfEveryPageWithinHostParentDepthAndRobots(@TempDir Path out) throws IOException {
        try (TestWebServer server = site()) {
            CliRun run = CliRun.download("-r", "-np", "-l", "3", "-q", "-o", out, server.url("/site/index.html"));

            assertThat(run.exitCode()).as(run.toString()).isZero();
            Path host = out.resolve("127.0.0.1_" + server.port());
            List<String> saved = listFiles(out).stream().map(p -> host.relativize(p).toString().replace('\\', '/'))
                    .sorted().toList();
            assertThat(saved).containsExactlyInAnyOrder(
                    "site/index.html", "site/page1.html", "site/page2.html", "site/page3.html",
                    "site/sub/index.html", "site/sub/leaf.txt", "site/dir/index.html", "site/style.css",
                    "site/js/app.js", "site/img/logo.png", "site/img/a.png", "site/img/b.png", "site/with space.html");
            assertThat(Files.readString(host.resolve("site/dir/index.html"))).isEqualTo("dir page");
            // nothing outside the crawl was requested, and nothing twice
            Map<String, Long> requested = server.requests().stream()
                    .collect(Collectors.groupingBy(p -> p, Collectors.counting()));
            assertThat(requested).allSatisfy((path, n) -> assertThat(n).as(path).isEqualTo(1));
            assertThat(requested.keySet()).doesNotContain("/outside.html", "/site/private/secret.html",
                    "/site/page4.html", "/site/img/deep.png").contains("/robots.txt", "/site/with%20space.html");
            assertThat(out.resolve("failed.txt")).doesNotExist();
        }
    }

    @Test
    void withoutNoParentOrRobotsTheCrawlGoesFurther(@TempDir Path out) throws IOException {
        try (TestWebServer server = site()) {
            CliRun run = CliRun.download("-r", "--no-robots", "-l", "inf", "-q", "-o", out, server.url("/site/index.html"));

            assertThat(run.exitCode()).as(run.toString()).isZero();
            assertThat(server.requests()).contains("/outside.html", "/site/private/secret.html", "/site/page4.html",
                    "/site/img/deep.png").doesNotContain("/robots.txt");
            assertThat(server.requests()).doesNotHaveDuplicates();
        }
    }

    @Test
    void aSecondRunIntoTheSameDirectoryWritesNoCopies(@TempDir Path out) throws IOException {
        try (TestWebServer server = site()) {
            assertThat(CliRun.download("-r", "-np", "-q", "-o", out, server.url("/site/index.html")).exitCode()).isZero();
            List<Path> first = listFiles(out);
            CliRun again = CliRun.download("-r", "-np", "-q", "-o", out, server.url("/site/index.html"));

            assertThat(again.exitCode()).as(again.toString()).isZero();
            assertThat(listFiles(out)).containsExactlyInAnyOrderElementsOf(first);
        }
    }

    @Test
    void usageErrorsSayWhatIsWrongInOneLine(@TempDir Path out) {
        CliRun two = CliRun.download("-r", "-o", out, "http://127.0.0.1:1/a", "http://127.0.0.1:1/b");
        assertThat(two.exitCode()).isEqualTo(2);
        assertThat(two.err()).contains("-r/--recursive takes one start URL, 2 were given");
        CliRun level = CliRun.download("-r", "-l", "deep", "-o", out, "http://127.0.0.1:1/a");
        assertThat(level.err()).contains("-l/--level must be a number or inf, was 'deep'");
        CliRun noR = CliRun.download("-np", "-o", out, "http://127.0.0.1:1/a");
        assertThat(noR.err()).contains("apply only with -r/--recursive");
    }
}
