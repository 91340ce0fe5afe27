package dev.executor.recovery;

import dev.executor.workspace.DiskSpace;
import java.nio.file.Path;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.jboss.logging.Logger;

/**
 * Whether the poller may take a job now: not while orphans the janitor could not remove remain, and not while the
 * file system of {@code TMPDIR} (workspaces) or of {@code EXECUTOR_STATE_DIR} (log spools) has less than
 * {@code EXECUTOR_MIN_FREE_DISK} free. Changes of the verdict are logged once.
 */
public final class DequeueGate implements BooleanSupplier {

    private static final Logger LOG = Logger.getLogger(DequeueGate.class);

    private final Janitor janitor;
    private final List<Path> dirs;
    private final long minFreeBytes;
    private String lastReason;

    public DequeueGate(Janitor janitor, List<Path> dirs, long minFreeBytes) {
        this.janitor = janitor;
        this.dirs = List.copyOf(dirs);
        this.minFreeBytes = minFreeBytes;
    }

    @Override
    public synchronized boolean getAsBoolean() {
        String reason = pauseReason();
        if (reason != null && !reason.equals(lastReason)) {
            LOG.warnf("Not taking jobs: %s", reason);
        } else if (reason == null && lastReason != null) {
            LOG.info("Taking jobs again");
        }
        lastReason = reason;
        return reason == null;
    }

    /** Why dequeuing pauses, or null. */
    String pauseReason() {
        if (janitor.orphansRemain()) {
            return "orphaned containers or workspaces remain (see the janitor's messages)";
        }
        if (minFreeBytes <= 0) {
            return null;
        }
        for (Path dir : dirs) {
            DiskSpace disk = new DiskSpace(dir, minFreeBytes);
            long free = usable(dir);
            if (free >= 0 && !disk.enough(free)) {
                return disk.shortage(free);
            }
        }
        return null;
    }

    /** Usable bytes on the file system of {@code dir} (or its nearest existing parent); -1 when unknown. */
    static long usable(Path dir) {
        return DiskSpace.usable(dir);
    }
}
