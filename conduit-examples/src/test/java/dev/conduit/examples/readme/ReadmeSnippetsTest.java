package dev.conduit.examples.readme;

import dev.conduit.pipeline.PipelineStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's code is compiled code: each {@code <!-- snippet: NAME -->} code block of the README
 * equals the region {@code // snippet NAME} ... {@code // end snippet} of {@link ReadmeSnippets},
 * indented back, and every region is shown; and each example runs and does what the README says.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ReadmeSnippetsTest {
    private static final Path README = Path.of("..", "README.md"); // surefire runs in the module directory
    private static final Path SOURCE = Path.of("src", "main", "java", "dev", "conduit", "examples", "readme",
            "ReadmeSnippets.java");

    /** The regions of the source, by name, each indented back by its least indentation. */
    static Map<String, String> regions(String source) {
        Map<String, String> out = new LinkedHashMap<>();
        Matcher m = Pattern.compile("(?m)^[ \\t]*// snippet ([\\w-]+)\\n(.*?)^[ \\t]*// end snippet$", Pattern.DOTALL)
                .matcher(source);
        while (m.find()) {
            assertThat(out.put(m.group(1), dedent(m.group(2)))).as("region %s twice", m.group(1)).isNull();
        }
        return out;
    }

    /** The README's marked code blocks, by name. */
    static Map<String, String> blocks(String readme) {
        Map<String, String> out = new LinkedHashMap<>();
        Matcher m = Pattern.compile("(?m)^<!-- snippet: ([\\w-]+) -->\\n```java\\n(.*?)^```$", Pattern.DOTALL)
                .matcher(readme);
        while (m.find()) {
            assertThat(out.put(m.group(1), m.group(2))).as("README block %s twice", m.group(1)).isNull();
        }
        return out;
    }

    static String dedent(String text) {
        List<String> lines = text.lines().toList();
        int indent = lines.stream().filter(l -> !l.isBlank())
                .mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
        StringBuilder sb = new StringBuilder();
        for (String l : lines) {
            sb.append(l.isBlank() ? "" : l.substring(indent)).append('\n');
        }
        return sb.toString();
    }

    @Test
    void everyReadmeBlockIsTheCompiledRegionOfTheSameName() throws IOException {
        Map<String, String> regions = regions(Files.readString(SOURCE));
        Map<String, String> blocks = blocks(Files.readString(README));
        assertThat(regions).as("regions in %s", SOURCE).isNotEmpty();
        assertThat(blocks.keySet()).as("README blocks marked <!-- snippet: NAME --> (one for every region of "
                + SOURCE + ")").containsExactlyInAnyOrderElementsOf(regions.keySet());
        List<String> differ = new ArrayList<>();
        for (Map.Entry<String, String> r : regions.entrySet()) {
            if (!r.getValue().equals(blocks.get(r.getKey()))) {
                differ.add(r.getKey());
            }
        }
        assertThat(differ).as("README blocks that differ from their region in " + SOURCE
                + "; copy the region (indented back) into the README").isEmpty();
    }

    @Test
    void theRegionParserFindsWhatItShould() {
        String src = """
                class X {
                    void f() {
                        // snippet one
                        int a = 1;
                            int b = 2;
                        // end snippet
                    }
                }
                """;
        assertThat(regions(src)).containsExactly(Map.entry("one", "int a = 1;\n    int b = 2;\n"));
        String md = "text\n<!-- snippet: one -->\n```java\nint a = 1;\n    int b = 2;\n```\nmore\n";
        assertThat(blocks(md)).containsExactly(Map.entry("one", "int a = 1;\n    int b = 2;\n"));
    }

    @Test
    void channel() throws Exception {
        assertThat(ReadmeSnippets.channel(List.of("a", "b", "c"))).containsExactly("A", "B", "C");
    }

    @Test
    void views() throws Exception {
        assertThat(ReadmeSnippets.views()).isEqualTo(5050);
    }

    @Test
    void select() throws Exception {
        List<String> handled = ReadmeSnippets.select();
        assertThat(handled.subList(0, 2)).containsExactlyInAnyOrder("order book", "cancel #7");
        assertThat(handled.get(2)).isEqualTo("idle");
    }

    @Test
    void event() throws Exception {
        assertThat(ReadmeSnippets.event()).isTrue();
    }

    @Test
    void guarded() throws Exception {
        assertThat(ReadmeSnippets.guarded()).isEqualTo(20);
    }

    @Test
    void workerPool(@TempDir Path dir) throws Exception {
        assertThat(ReadmeSnippets.workerPool(dir)).containsExactly(List.of(5, 2), 5, "NoSuchFileException");
    }

    @Test
    void pipeline() throws Exception {
        assertThat(ReadmeSnippets.pipeline().status()).isEqualTo(PipelineStatus.COMPLETED);
    }

    @Test
    void flow() throws Exception {
        assertThat(ReadmeSnippets.flow()).containsExactly("started", "stopped", "JOB-1");
    }
}
