package dev.executor.workspace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiskSpaceTest {

    @Test
    void aMissingRootIsMeasuredOnItsFilesystem(@TempDir Path dir) throws Exception {
        long expected = Files.getFileStore(dir).getUsableSpace();
        long free = new DiskSpace(dir.resolve("not/yet/created"), 0).freeBytes();
        assertTrue(Math.abs(expected - free) < 64L * 1024 * 1024, expected + " vs " + free);
    }

    @Test
    void enoughAgainstTheMinimum(@TempDir Path dir) throws Exception {
        long free = new DiskSpace(dir, 0).freeBytes();
        assertTrue(new DiskSpace(dir, 0).enough(), "0 disables the check");
        assertTrue(new DiskSpace(dir, 1).enough());
        assertFalse(new DiskSpace(dir, free * 1000).enough());
    }

    @Test
    void enoughForAMeasuredAmount() {
        Path dir = Path.of("/var/tmp");
        assertTrue(new DiskSpace(dir, 0).enough(0), "0 disables the check");
        assertTrue(new DiskSpace(dir, 1L << 30).enough(1L << 30));
        assertFalse(new DiskSpace(dir, 1L << 30).enough((1L << 30) - 1));
    }

    @Test
    void aShortageNamesTheDirectoryTheAmountsAndTheVariable() {
        assertEquals("only 312.0M free under /var/tmp, below EXECUTOR_MIN_FREE_DISK=1.0G",
                new DiskSpace(Path.of("/var/tmp"), 1L << 30).shortage(312L << 20));
    }

    @Test
    void humanSizes() {
        assertEquals("512B", DiskSpace.human(512));
        assertEquals("1.0G", DiskSpace.human(1L << 30));
        assertEquals("1.5M", DiskSpace.human(3L << 19));
    }
}
