package dev.executor.queue;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Body of markComplete (no message) and markErrored / markFailed (spec §1.7). */
public record MarkRequest(
        String executorName,
        long jobId,
        @JsonInclude(JsonInclude.Include.NON_NULL) String errorMessage) {
}
