package dev.executor.queue;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * Body of both dequeue routes (spec §1.4). {@code queues} only in multi-queue mode; {@code numCPUs},
 * {@code memory} and {@code diskSpace} are omitted when zero or empty, as Go's omitempty does.
 */
public record DequeueRequest(
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> queues,
        String executorName,
        String version,
        @JsonInclude(JsonInclude.Include.NON_NULL) Integer numCPUs,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) String memory,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) String diskSpace) {
}
