package dev.conduit.cli.download.crawl;

import dev.conduit.cli.download.crawl.Frontier.Action;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The crawl's memory: scope, wget's depth, and pages expanded again when found nearer. */
class FrontierTest {
    private static final URI START = URI.create("http://h:8080/docs/index.html");

    @Test
    void scopeIsTheHostAndPortTheParentDirectoryAndRobots() {
        Frontier f = new Frontier(START, 5, true, RobotsRules.parse("User-agent: *\nDisallow: /docs/private\n", "conduit/0.1"));
        assertThat(f.inScope(URI.create("http://h:8080/docs/a/b.html"))).isTrue();
        assertThat(f.inScope(URI.create("http://H:8080/docs/x"))).isTrue();
        assertThat(f.inScope(URI.create("http://h:8081/docs/x"))).isFalse();
        assertThat(f.inScope(URI.create("http://other:8080/docs/x"))).isFalse();
        assertThat(f.inScope(URI.create("http://h:8080/other/x"))).isFalse();
        assertThat(f.inScope(URI.create("http://h:8080/docs/private/x"))).isFalse();
    }

    @Test
    void eachUrlIsFetchedOnceAndTheStartIsClaimed() {
        Frontier f = new Frontier(START, 5, false, RobotsRules.ALLOW_ALL);
        assertThat(f.offer(START, 1)).isEqualTo(Action.NONE);
        assertThat(f.offer(URI.create("http://h:8080/a"), 1)).isEqualTo(Action.FETCH);
        assertThat(f.offer(URI.create("http://h:8080/./a"), 1)).isEqualTo(Action.NONE);
        assertThat(f.offer(URI.create("http://h:8080/b"), 6)).isEqualTo(Action.NONE); // beyond -l 5
    }

    @Test
    void aPageFoundNearerIsExpandedAgainFromTheSmallerDepth() {
        Frontier f = new Frontier(START, 5, false, RobotsRules.ALLOW_ALL);
        URI page = URI.create("http://h:8080/deep.html");
        assertThat(f.offer(page, 4)).isEqualTo(Action.FETCH);
        assertThat(f.expanding(page, Path.of("deep.html"), page)).isEqualTo(4);
        assertThat(f.offer(page, 2)).isEqualTo(Action.EXPAND_AGAIN);
        assertThat(f.expanding(page, Path.of("deep.html"), page)).isEqualTo(2);
        assertThat(f.offer(page, 3)).isEqualTo(Action.NONE);
        assertThat(f.expanding(page, Path.of("deep.html"), page)).isEqualTo(-1); // done from 2 already
    }

    @Test
    void aPageAtTheLimitIsNotExpandedUntilFoundNearer() {
        Frontier f = new Frontier(START, 3, false, RobotsRules.ALLOW_ALL);
        URI page = URI.create("http://h:8080/limit.html");
        assertThat(f.offer(page, 3)).isEqualTo(Action.FETCH);
        assertThat(f.expanding(page, Path.of("limit.html"), page)).isEqualTo(-1);
        assertThat(f.offer(page, 1)).isEqualTo(Action.EXPAND_AGAIN);
        assertThat(f.expanding(page, Path.of("limit.html"), page)).isEqualTo(1);
    }

    @Test
    void aPageNotYetSavedTakesTheSmallerDepthWhenItIs() {
        Frontier f = new Frontier(START, 5, false, RobotsRules.ALLOW_ALL);
        URI page = URI.create("http://h:8080/p.html");
        assertThat(f.offer(page, 4)).isEqualTo(Action.FETCH);
        assertThat(f.offer(page, 1)).isEqualTo(Action.NONE); // in flight: it will be expanded from 1
        assertThat(f.expanding(page, Path.of("p.html"), page)).isEqualTo(1);
    }

    @Test
    void robotsTxtGroupsAndLongestMatch() {
        RobotsRules r = RobotsRules.parse("""
                User-agent: other
                Disallow: /

                User-agent: *
                Disallow: /a/
                Allow: /a/open/
                Disallow: /*.pdf$
                """, "conduit/0.1.0");
        assertThat(r.allows("/a/x")).isFalse();
        assertThat(r.allows("/a/open/x")).isTrue();
        assertThat(r.allows("/b/x.pdf")).isFalse();
        assertThat(r.allows("/b/x.pdf?x")).isTrue();
        assertThat(r.allows("/b/")).isTrue();
        assertThat(RobotsRules.parse("User-agent: conduit\nDisallow: /\n\nUser-agent: *\nDisallow:\n", "conduit/1")
                .allows("/x")).isFalse();
    }

    @Test
    void unsafeCharactersArePercentEncodedAndFragmentsDropped() throws Exception {
        assertThat(UrlText.parse("http://h/a b|c.html#part").toString()).isEqualTo("http://h/a%20b%7Cc.html");
        assertThat(UrlText.parse("http://h/caf\u00e9").toString()).isEqualTo("http://h/caf%C3%A9");
        assertThat(UrlText.key(URI.create("HTTP://H:80/a/../b"))).isEqualTo("http://h/b");
    }
}
