package dev.executor.logs;

import java.util.List;

/** An entry as it is sent: already redacted. {@code exitCode}/{@code durationMs} are null while running. */
public record EntrySnapshot(String key, List<String> command, String startTime, Integer exitCode, String out,
        Long durationMs) {
}
