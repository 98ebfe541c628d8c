package dev.conduit.cli.download.run;

import dev.conduit.cli.download.output.BodySink;
import dev.conduit.cli.download.http.SchemeRouter;
import dev.conduit.cli.download.testing.MisbehavingServer;
import dev.conduit.cli.download.testing.TestWebServer;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What Ctrl-C does (the shutdown hook calls {@link DownloadRun#abandon()}): the temporary files of
 * downloads in flight are removed and every URL not saved is handed back for the failed file.
 */
class AbandonedRunTest {
    @TempDir
    Path tmp;

    @ParameterizedTest
    @EnumSource(SchemeRouter.Choice.class)
    void abandoningARunRemovesTemporaryFilesAndReturnsEveryUnsavedUrl(SchemeRouter.Choice engine) throws Exception {
        try (MisbehavingServer bad = new MisbehavingServer(); TestWebServer good = new TestWebServer()) {
            good.route("/ok", ex -> TestWebServer.send(ex, 200, "ok"));
            Path out = Files.createDirectories(tmp.resolve("out"));
            List<UrlJob> jobs = List.of(UrlInput.parse(0, good.url("/ok")), UrlInput.parse(1, bad.url("/stall-body")),
                    UrlInput.parse(2, bad.url("/stall-body?2")));
            DownloadSettings settings = new DownloadSettings(out, out.resolve("failed.txt"), 4, 1, 0,
                    Duration.ofSeconds(60), 0, Duration.ofMillis(10), 10, false, false, 0, "test",
                    engine, null, null);
            DownloadRun run = new DownloadRun(settings, Progress.quiet(), BodySink.files(), jobs);
            Thread runner = Thread.ofPlatform().start(() -> {
                try {
                    run.run();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            try {
                // both stalled bodies are half written to temporary files, the good one is saved
                await().atMost(Duration.ofSeconds(30)).until(() -> partFiles(out).size() == 2
                        && partFiles(out).stream().allMatch(p -> p.toFile().length() > 0)
                        && Files.exists(out.resolve("127.0.0.1_" + good.port()).resolve("ok")));

                List<FailedFile.Entry> unsaved = run.abandon();

                assertThat(unsaved).extracting(e -> e.job().text()).containsExactly(bad.url("/stall-body"), bad.url("/stall-body?2"));
                assertThat(unsaved).extracting(FailedFile.Entry::reason).containsOnly("not finished: the run was interrupted");
                assertThat(partFiles(out)).isEmpty();
            } finally {
                runner.interrupt();
                runner.join(Duration.ofSeconds(30));
            }
            assertThat(runner.isAlive()).isFalse();
        }
    }

    private static List<Path> partFiles(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".part")).toList();
        }
    }
}
