package dev.executor.runtime;

/**
 * Where a reattached step's output continues: how many stdout and stderr lines are already kept. The container's
 * log is replayed from its start and these many lines of each stream are skipped, so nothing is duplicated or lost
 * across the restart.
 */
public record ResumePoint(long stdoutLines, long stderrLines) {
}
