package dev.executor.recovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateDirTest {

    @TempDir
    Path tmp;

    @Test
    void theExecutorNameSurvivesARestartOnTheSameHost() {
        Path root = tmp.resolve("state");
        String first = new StateDir(root).executorName("build-7");
        assertTrue(first.matches("build-7-[0-9a-f-]{36}"), first);
        assertEquals(first, new StateDir(root).executorName("build-7"));
    }

    @Test
    void anotherHostNameGetsANewName() {
        Path root = tmp.resolve("state");
        String first = new StateDir(root).executorName("host-a");
        String second = new StateDir(root).executorName("host-b");
        assertNotEquals(first, second);
        assertTrue(second.startsWith("host-b-"), second);
    }

    @Test
    void directoriesArePrivate() throws Exception {
        StateDir dir = new StateDir(tmp.resolve("a/b/state"));
        dir.executorName("h");
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.root())));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.jobsDir())));
        assertEquals("rw-------", PosixFilePermissions.toString(
                Files.getPosixFilePermissions(dir.root().resolve("executor-name"))));
    }

    @Test
    void onlyOneExecutorAtATimeMayUseIt() {
        StateDir first = new StateDir(tmp.resolve("state"));
        first.lock();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new StateDir(tmp.resolve("state")).lock());
        assertTrue(e.getMessage().contains("EXECUTOR_STATE_DIR"), e.getMessage());
    }

    @Test
    void atomicWriteReplacesTheWholeFileAndLeavesNoTemporaries() throws Exception {
        Path file = tmp.resolve("f.json");
        StateDir.writeAtomically(file, "{\"a\":1}".getBytes());
        StateDir.writeAtomically(file, "{}".getBytes());
        assertEquals("{}", Files.readString(file));
        try (var files = Files.list(tmp)) {
            assertEquals(1, files.count());
        }
    }
}
