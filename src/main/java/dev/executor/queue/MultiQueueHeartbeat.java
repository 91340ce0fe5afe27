package dev.executor.queue;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/**
 * {@code HeartbeatRequest} for {@code /.executors/queue/heartbeat} (spec §1.5): ids as strings grouped
 * by queue; {@code jobIdsByQueue} and {@code queueNames} are omitted when empty.
 */
@JsonPropertyOrder({"version", "executorName", "jobIdsByQueue", "queueNames", "os", "architecture",
        "dockerVersion", "executorVersion", "gitVersion", "igniteVersion", "srcCliVersion", "prometheusMetrics"})
public record MultiQueueHeartbeat(
        String version,
        String executorName,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<QueueJobIds> jobIdsByQueue,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> queueNames,
        String os,
        String architecture,
        String dockerVersion,
        String executorVersion,
        String gitVersion,
        String igniteVersion,
        String srcCliVersion,
        String prometheusMetrics) {

    /** The running ids of one queue. */
    public record QueueJobIds(String queueName, List<String> jobIds) {
    }

    static MultiQueueHeartbeat of(String executorName, List<QueueJobIds> byQueue, List<String> queueNames,
            Telemetry t, String metrics) {
        return new MultiQueueHeartbeat("", executorName, byQueue, queueNames, t.os(), t.architecture(),
                t.dockerVersion(), t.executorVersion(), t.gitVersion(), "", t.srcCliVersion(), metrics);
    }
}
