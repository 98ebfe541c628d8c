package dev.conduit.cli.download.output;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link OutputTree#place}: final names, and the parent directories it remembers between files; and
 * the temporary files bodies are written to before that.
 */
class OutputTreeTest {
    @TempDir
    Path root;

    @Test
    void filesInOneDirectoryShareItAndCollisionsStillGetSuffixes() throws IOException {
        OutputTree tree = new OutputTree(root);

        Path first = tree.place("host/dir/a.txt", body(tree, "one"), false);
        Path second = tree.place("host/dir/b.txt", body(tree, "two"), false);
        Path third = tree.place("host/dir/a.txt", body(tree, "three"), false);

        assertThat(first).isEqualTo(Path.of("host", "dir", "a.txt"));
        assertThat(second).isEqualTo(Path.of("host", "dir", "b.txt"));
        assertThat(third).isEqualTo(Path.of("host", "dir", "a-1.txt"));
        assertThat(root.resolve(first)).hasContent("one");
        assertThat(root.resolve(third)).hasContent("three");
    }

    @Test
    void aDirectoryRemovedByAnotherProgramIsMadeAgain() throws IOException {
        OutputTree tree = new OutputTree(root);
        Path first = tree.place("host/dir/a.txt", body(tree, "one"), false);
        Files.delete(root.resolve(first));
        Files.delete(root.resolve("host/dir")); // another program cleans up while the run goes on

        Path second = tree.place("host/dir/b.txt", body(tree, "two"), false);

        assertThat(root.resolve(second)).hasContent("two");
        try (var left = Files.list(root)) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactly("host"); // no temporary file left
        }
    }

    @Test
    void aFileWhereADirectoryIsWantedMovesTheFilesToADotDDirectory() throws IOException {
        OutputTree tree = new OutputTree(root);
        tree.place("host/a", body(tree, "page a"), false);

        Path below = tree.place("host/a/b.txt", body(tree, "page b"), false);
        Path again = tree.place("host/a/c.txt", body(tree, "page c"), false);

        assertThat(below).isEqualTo(Path.of("host", "a.d", "b.txt"));
        assertThat(again).isEqualTo(Path.of("host", "a.d", "c.txt"));
        assertThat(root.resolve("host/a")).hasContent("page a");
    }

    @Test
    void temporaryNamesAreUniqueHiddenAndNotCreatedUntilWritten() {
        OutputTree tree = new OutputTree(root);

        Set<Path> names = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            names.add(tree.newTempName());
        }

        assertThat(names).hasSize(1000).allSatisfy(p -> {
            assertThat(p.getParent()).isEqualTo(root);
            assertThat(p.getFileName().toString()).startsWith(".conduit-").endsWith(".part");
        });
        assertThat(root).isEmptyDirectory();
    }

    @Test
    void theFileSinkNeverWritesIntoAFileItDidNotCreate() throws IOException {
        OutputTree tree = new OutputTree(root);
        BodySink sink = BodySink.files();
        Path planted = Files.writeString(tree.newTempName(), "someone else's");
        Path target = Files.writeString(root.resolve("target"), "keep");
        Path link = Files.createSymbolicLink(tree.newTempName(), target);

        assertThatThrownBy(() -> sink.open(planted, true)).isInstanceOf(FileAlreadyExistsException.class);
        assertThatThrownBy(() -> sink.open(link, true)).isInstanceOf(FileAlreadyExistsException.class);
        assertThatThrownBy(() -> sink.open(link, false)).isInstanceOf(IOException.class); // a retry does not follow links
        assertThat(planted).hasContent("someone else's");
        assertThat(target).hasContent("keep");
    }

    private static Path body(OutputTree tree, String content) throws IOException {
        return Files.writeString(tree.newTempName(), content);
    }
}
