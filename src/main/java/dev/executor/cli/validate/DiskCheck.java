package dev.executor.cli.validate;

import dev.executor.config.ExecutorConfig;
import dev.executor.workspace.DiskSpace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** {@code TMPDIR}: creatable and writable by the executor, with at least {@code EXECUTOR_MIN_FREE_DISK} free. */
final class DiskCheck {

    private DiskCheck() {
    }

    static CheckResult run(ExecutorConfig config) {
        DiskSpace disk = new DiskSpace(config.workspaceRoot(), config.minFreeDisk().bytes());
        Path root = disk.root();
        try {
            Files.createDirectories(root);
            Files.delete(Files.createTempFile(root, ".executor-validate-", ""));
        } catch (IOException | RuntimeException e) {
            return CheckResult.fail("disk", "cannot write in TMPDIR " + root + ": " + e,
                    "create " + root + " writable by the executor's user, or set TMPDIR to such a directory");
        }
        long free;
        try {
            free = disk.freeBytes();
        } catch (IOException e) {
            return CheckResult.fail("disk", "cannot measure free space under " + root + ": " + e.getMessage(),
                    "set TMPDIR to a local directory");
        }
        String found = DiskSpace.human(free) + " free under TMPDIR " + root;
        if (!disk.enough()) {
            return CheckResult.fail("disk", found + ", below EXECUTOR_MIN_FREE_DISK="
                    + DiskSpace.human(disk.minimumBytes()) + ": no job would be taken",
                    "free space there, point TMPDIR at a larger disk, or lower EXECUTOR_MIN_FREE_DISK");
        }
        return CheckResult.pass("disk", found + (disk.minimumBytes() > 0
                ? " (minimum " + DiskSpace.human(disk.minimumBytes()) + ")" : " (no minimum set)"));
    }
}
