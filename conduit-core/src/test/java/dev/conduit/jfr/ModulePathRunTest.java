package dev.conduit.jfr;

import dev.conduit.jfrprobe.ModulePathProbe;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * conduit-core as a named module, in JVMs of their own ({@link ModulePathProbe} on the class path
 * takes every path that emits an event): without {@code jdk.jfr} in the module graph it runs
 * the same, loading no JFR class; with a recording started on the command line the events of the
 * named module are in the file.
 */
class ModulePathRunTest {

    private static Path locationOf(Class<?> c) throws URISyntaxException {
        return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    private static String run(Path dir, String... jvmOptions) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElseThrow());
        command.addAll(List.of(jvmOptions));
        command.addAll(List.of("-p", locationOf(ConduitEvents.class).toString(), "--add-modules", "dev.conduit.core",
                "-cp", locationOf(ModulePathProbe.class).toString(), ModulePathProbe.class.getName()));
        Path out = dir.resolve("out.txt");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("the probe did not end: " + Files.readString(out));
        }
        String text = Files.readString(out, StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(text).isZero();
        return text;
    }

    @Test
    void withoutJdkJfrInTheModuleGraphEverythingStillRuns(@TempDir Path dir) throws Exception {
        String out = run(dir, "--limit-modules", "java.base,dev.conduit.core", "-Xlog:class+load=info");
        assertThat(out).contains("core named: true", "jdk.jfr present: false", "stalls: 1", "probe ok: 20 outputs");
        // a timed wait, a stall and a run's end went by: none of them loaded an event class or jdk.jfr
        assertThat(out).contains("dev.conduit.jfr.ConduitEvents")
                .doesNotContain("dev.conduit.jfr.JfrEvents", "jdk.jfr.");
    }

    @Test
    void aRecordingStartedOnTheCommandLineHasTheNamedModulesEvents(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("probe.jfr");
        String out = run(dir, "-XX:StartFlightRecording:filename=" + file);
        assertThat(out).contains("core named: true", "core reads jdk.jfr: true", "probe ok: 20 outputs");

        List<RecordedEvent> events = readConduitEvents(file);
        assertThat(events).filteredOn(e -> e.getEventType().getName().equals("dev.conduit.ChannelWait"))
                .anySatisfy(e -> {
                    assertThat(e.getString("channel")).isEqualTo("probe-poll");
                    assertThat(e.getString("outcome")).isEqualTo("timed out");
                });
        assertThat(events).filteredOn(e -> e.getEventType().getName().equals("dev.conduit.PipelineStall"))
                .anySatisfy(e -> {
                    assertThat(e.getString("stage")).isEqualTo("held");
                    assertThat(e.getString("state")).isEqualTo("BUSY");
                    assertThat(e.getString("item")).isEqualTo("3");
                });
        assertThat(events).filteredOn(e -> e.getEventType().getName().equals("dev.conduit.PipelineStage"))
                .extracting(e -> e.getString("stage") + ":" + e.getLong("itemsOut"))
                .containsExactlyInAnyOrder("source:20", "held:20");
    }

    private static List<RecordedEvent> readConduitEvents(Path file) throws IOException {
        return RecordingFile.readAllEvents(file).stream()
                .filter(e -> e.getEventType().getName().startsWith("dev.conduit.")).toList();
    }
}
