package dev.executor.queue;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/**
 * {@code AddExecutionLogEntryRequest} / {@code UpdateExecutionLogEntryRequest} (spec §1.6): the job
 * operation fields and the entry fields flattened into one object. {@code command} is always sent
 * (null for synthetic entries); {@code exitCode}, {@code out} and {@code durationMs} are omitted until set;
 * {@code entryId} only on updates.
 */
@JsonPropertyOrder({"executorName", "jobId", "entryId", "key", "command", "startTime", "exitCode", "out", "durationMs"})
public record LogEntryRequest(
        String executorName,
        long jobId,
        @JsonInclude(JsonInclude.Include.NON_NULL) Integer entryId,
        String key,
        @JsonInclude(JsonInclude.Include.ALWAYS) List<String> command,
        String startTime,
        @JsonInclude(JsonInclude.Include.NON_NULL) Integer exitCode,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) String out,
        @JsonInclude(JsonInclude.Include.NON_NULL) Long durationMs) {
}
