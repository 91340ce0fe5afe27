package dev.executor.cli.validate;

import dev.executor.config.ExecutorConfig;
import dev.executor.workspace.DiskSpace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code TMPDIR} (workspaces) and {@code EXECUTOR_STATE_DIR} (journal, log spools): writable by the executor and
 * with at least {@code EXECUTOR_MIN_FREE_DISK} free each, as the service's dequeue gate demands. Nothing is
 * created: a directory validate made as root would be unusable for a service running as another user.
 */
final class DiskCheck {

    private static final List<String> NAMES = List.of("TMPDIR", "EXECUTOR_STATE_DIR");

    private DiskCheck() {
    }

    static CheckResult run(ExecutorConfig config) {
        List<DiskSpace> disks = DiskSpace.of(config);
        List<String> found = new ArrayList<>();
        for (int i = 0; i < disks.size(); i++) {
            DiskSpace disk = disks.get(i);
            String name = NAMES.get(i) + " " + disk.root();
            String unwritable = unwritable(disk.root());
            if (unwritable != null) {
                return CheckResult.fail("disk", name + ": " + unwritable,
                        "make " + disk.root() + " (or its parent) writable by the executor's user, or set "
                                + NAMES.get(i) + " to such a directory");
            }
            long free;
            try {
                free = disk.freeBytes();
            } catch (IOException e) {
                return CheckResult.fail("disk", "cannot measure free space under " + name + ": " + e.getMessage(),
                        "set " + NAMES.get(i) + " to a local directory");
            }
            if (!disk.enough(free)) {
                return CheckResult.fail("disk", DiskSpace.human(free) + " free under " + name
                        + ", below EXECUTOR_MIN_FREE_DISK=" + DiskSpace.human(disk.minimumBytes())
                        + ": no job would be taken", "free space there, move " + NAMES.get(i)
                        + " to a larger disk, or lower EXECUTOR_MIN_FREE_DISK");
            }
            found.add(DiskSpace.human(free) + " free under " + name);
        }
        long minimum = disks.get(0).minimumBytes();
        return CheckResult.pass("disk", String.join(", ", found)
                + (minimum > 0 ? " (minimum " + DiskSpace.human(minimum) + ")" : " (no minimum set)"));
    }

    /** Why the executor could not write there (the directory, or the parent it would be created in), or null. */
    private static String unwritable(Path dir) {
        if (Files.isDirectory(dir)) {
            try {
                Files.delete(Files.createTempFile(dir, ".executor-validate-", ""));
                return null;
            } catch (IOException e) {
                return "cannot create a file there: " + e.getMessage();
            }
        }
        Path parent = dir.toAbsolutePath().getParent();
        while (parent != null && !Files.exists(parent)) {
            parent = parent.getParent();
        }
        return parent != null && Files.isDirectory(parent) && Files.isWritable(parent) ? null
                : "does not exist and cannot be created under " + parent;
    }
}
