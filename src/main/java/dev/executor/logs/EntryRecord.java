package dev.executor.logs;

import java.util.List;

/**
 * What the journal keeps of one log entry so that a restarted executor can finish it: its place in the job's log
 * ({@code seq}), the frontend's id once known, its fixed fields, whether it was finished, and its spool file (a
 * name inside the job's spool directory).
 */
public record EntryRecord(int seq, String key, List<String> command, String startTime, Integer entryId,
        Integer exitCode, Long durationMs, String spool) {
}
