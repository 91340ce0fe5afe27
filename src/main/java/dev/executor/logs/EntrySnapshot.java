package dev.executor.logs;

import java.util.List;

/**
 * An entry as it is sent: already redacted. {@code exitCode}/{@code durationMs} are null while running; {@code out}
 * is streamed from the spool, never held whole.
 */
public record EntrySnapshot(String key, List<String> command, String startTime, Integer exitCode, OutText out,
        Long durationMs) {
}
