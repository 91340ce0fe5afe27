package dev.executor.logs;

import java.nio.file.Path;

/**
 * Where and how a job's log is kept.
 *
 * @param spoolDir    directory of the job's spool files (inside the job's state directory)
 * @param cap         the per-entry size cap
 * @param tickMillis  how often running entries are considered for an update
 */
public record LogSettings(Path spoolDir, LogCap cap, long tickMillis) {
}
