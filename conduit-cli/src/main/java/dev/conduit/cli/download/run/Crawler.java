package dev.conduit.cli.download.run;

import dev.conduit.cli.download.crawl.Frontier;
import dev.conduit.cli.download.crawl.Links;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The links stage of a recursive download, and its say on redirects: turns a saved page into the
 * jobs for the links the {@link Frontier} wants fetched (or expanded again). Thread-safe.
 */
final class Crawler {
    /** Makes the job, and its ledger slot, for a URL the crawl will request. */
    @FunctionalInterface
    interface Jobs {
        UrlJob newJob(URI url, int depth);
    }

    private final Frontier frontier;
    private final Path root;
    private final Jobs jobs;

    Crawler(Frontier frontier, Path root, Jobs jobs) {
        this.frontier = frontier;
        this.root = root;
        this.jobs = jobs;
    }

    /**
     * A redirect is followed when its target is in the crawl and not requested yet; otherwise the
     * URL is skipped (its content is, or will be, saved under the target's own name).
     */
    boolean follow(UrlJob job, URI target) {
        return frontier.inScope(target) && frontier.claim(target, job.depth());
    }

    /**
     * @param saved a URL the save stage is done with
     * @return the jobs for its links: new URLs to fetch, and pages to expand again from a smaller depth
     */
    List<UrlJob> links(Saved saved) {
        URI url = saved.job().url();
        Path page;
        URI pageUrl;
        if (saved.job().expandAgain()) {
            page = frontier.page(url);
            pageUrl = frontier.pageUrl(url);
        } else if (saved.pageUrl() == null || !Links.isHtml(saved.contentType(), saved.file().toString())) {
            return List.of();
        } else {
            page = root.resolve(saved.file());
            pageUrl = saved.pageUrl();
        }
        if (page == null) {
            return List.of();
        }
        int depth = frontier.expanding(url, page, pageUrl);
        if (depth < 0) {
            return List.of();
        }
        List<UrlJob> next = new ArrayList<>();
        try {
            for (URI link : Links.of(page, pageUrl)) {
                switch (frontier.offer(link, depth + 1)) {
                    case FETCH -> next.add(jobs.newJob(link, depth + 1));
                    case EXPAND_AGAIN -> next.add(new UrlJob(-1, link.toString(), link, null, depth + 1, true));
                    case NONE -> { }
                }
            }
        } catch (IOException unreadable) {
            // the page was saved; a page we cannot read back has no links to follow
        }
        return next;
    }
}
