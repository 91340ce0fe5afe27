package dev.executor.workspace;

import dev.executor.config.ExecutorConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Free space where job workspaces go ({@code TMPDIR}), against the minimum the operator asked for
 * ({@code EXECUTOR_MIN_FREE_DISK}). A full disk fails jobs half-way (a clone, a build), so the worker
 * takes no job, readiness goes down and {@code validate} fails while space is short.
 *
 * @param root         the workspace parent; it may not exist yet (it is created on first use), then the
 *                     nearest existing ancestor is measured, which is the filesystem it will live on
 * @param minimumBytes 0 disables the check
 */
public record DiskSpace(Path root, long minimumBytes) {

    /**
     * The directories a job needs room in, as the dequeue gate checks them: {@code TMPDIR} (workspaces) and
     * {@code EXECUTOR_STATE_DIR} (journal and log spools), each against {@code EXECUTOR_MIN_FREE_DISK}.
     */
    public static List<DiskSpace> of(ExecutorConfig config) {
        long minimum = config.minFreeDisk().bytes();
        return List.of(new DiskSpace(config.workspaceRoot(), minimum), new DiskSpace(config.stateDir(), minimum));
    }

    /** Usable bytes for an unprivileged writer on the filesystem of {@link #root}. */
    public long freeBytes() throws IOException {
        Path existing = nearestExisting(root);
        if (existing == null) {
            throw new IOException("no existing directory above " + root);
        }
        return Files.getFileStore(existing).getUsableSpace();
    }

    /** Usable bytes on the file system of {@code dir} (or its nearest existing parent); -1 when unknown. */
    public static long usable(Path dir) {
        try {
            return new DiskSpace(dir, 0).freeBytes();
        } catch (IOException e) {
            return -1;
        }
    }

    private static Path nearestExisting(Path dir) {
        Path p = dir.toAbsolutePath();
        while (p != null && !Files.exists(p)) {
            p = p.getParent();
        }
        return p;
    }

    /** Whether a job may start: true when the check is off or enough space is free. */
    public boolean enough() {
        if (minimumBytes <= 0) {
            return true;
        }
        try {
            return enough(freeBytes());
        } catch (IOException e) {
            return false;
        }
    }

    /** Whether {@code freeBytes} free is enough: true when the check is off. */
    public boolean enough(long freeBytes) {
        return minimumBytes <= 0 || freeBytes >= minimumBytes;
    }

    /**
     * Why no job is taken while only {@code freeBytes} are free here, in the one wording the dequeue gate's log
     * line and the readiness check share. It names the variable, so an operator knows what to change:
     * {@code only 312.0M free under /tmp, below EXECUTOR_MIN_FREE_DISK=1.0G}.
     */
    public String shortage(long freeBytes) {
        return "only " + human(freeBytes) + " free under " + root + ", below EXECUTOR_MIN_FREE_DISK="
                + human(minimumBytes);
    }

    /** Bytes in the same units as {@code docker} and our sizes: {@code 1.5G}, {@code 312.0M}. */
    public static String human(long bytes) {
        String[] units = {"B", "K", "M", "G", "T"};
        double value = bytes;
        int unit = 0;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return unit == 0 ? bytes + "B" : String.format(java.util.Locale.ROOT, "%.1f%s", value, units[unit]);
    }
}
