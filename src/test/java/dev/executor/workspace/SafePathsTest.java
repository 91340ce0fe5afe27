package dev.executor.workspace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SafePathsTest {

    @TempDir
    Path root;

    @ParameterizedTest(name = "\"{0}\" -> \"{1}\"")
    @CsvSource({"'', ''", "., ''", "a/b.txt, a/b.txt", "a/../b.txt, b.txt", "./a//b/, a/b", "a/./b/../c, a/c"})
    void relativePathsInsideResolveUnderTheRoot(String relative, String expected) throws Exception {
        Path real = root.toRealPath();
        assertEquals(real.resolve(expected).normalize(), SafePaths.resolveInside(real, relative, "file path"));
    }

    @Test
    void absolutePathsAreRefusedNamingThePath() {
        WorkspaceException e = assertThrows(WorkspaceException.class,
                () -> SafePaths.resolveInside(root, "/etc/passwd", "file path"));
        assertEquals("file path \"/etc/passwd\" is absolute; it must be relative to the workspace", e.getMessage());
    }

    @Test
    void dotDotThatLeavesIsRefused() {
        WorkspaceException e = assertThrows(WorkspaceException.class,
                () -> SafePaths.resolveInside(root, "a/../../x", "step \"step.docker.x\" dir"));
        assertEquals("step \"step.docker.x\" dir \"a/../../x\" escapes the workspace", e.getMessage());
    }

    @Test
    void aSymlinkOutOfTheWorkspaceIsRefusedWhereverItIsOnThePath(@TempDir Path outside) throws Exception {
        Files.createDirectories(root.resolve("repo"));
        Files.createSymbolicLink(root.resolve("repo/evil"), outside);
        for (String p : new String[] {"repo/evil", "repo/evil/x.txt", "repo/evil/new/dir/x.txt"}) {
            WorkspaceException e = assertThrows(WorkspaceException.class,
                    () -> SafePaths.resolveInside(root, p, "file path"));
            assertEquals("file path \"" + p + "\" passes through a symlink that leaves the workspace", e.getMessage());
        }
    }

    @Test
    void aDanglingSymlinkIsRefused() throws Exception {
        Files.createSymbolicLink(root.resolve("dangling"), Path.of("/nonexistent/target"));
        WorkspaceException e = assertThrows(WorkspaceException.class,
                () -> SafePaths.resolveInside(root, "dangling/x", "file path"));
        assertEquals(true, e.getMessage().startsWith("file path \"dangling/x\" cannot be resolved safely"), e.getMessage());
    }

    @Test
    void aSymlinkStayingInsideIsAllowed() throws Exception {
        Path real = root.toRealPath();
        Files.createDirectories(real.resolve("data"));
        Files.createSymbolicLink(real.resolve("link"), Path.of("data"));
        assertEquals(real.resolve("link/x.txt"), SafePaths.resolveInside(real, "link/x.txt", "file path"));
    }

    @Test
    void aNulByteIsRefused() {
        WorkspaceException e = assertThrows(WorkspaceException.class,
                () -> SafePaths.resolveInside(root, "a\0b", "file path"));
        assertEquals("file path \"a\\0b\" contains a NUL byte", e.getMessage());
    }
}
