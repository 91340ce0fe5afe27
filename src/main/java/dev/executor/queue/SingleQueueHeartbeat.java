package dev.executor.queue;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/**
 * {@code HeartbeatRequestV1} (spec §1.5): {@code "version":"V2"} asks 4.3+ servers for the object
 * response; {@code jobIds} are integers and always present (null when none, as Go sends a nil slice).
 */
@JsonPropertyOrder({"version", "executorName", "jobIds", "os", "architecture", "dockerVersion",
        "executorVersion", "gitVersion", "igniteVersion", "srcCliVersion", "prometheusMetrics"})
public record SingleQueueHeartbeat(
        String version,
        String executorName,
        @JsonInclude(JsonInclude.Include.ALWAYS) List<Long> jobIds,
        String os,
        String architecture,
        String dockerVersion,
        String executorVersion,
        String gitVersion,
        String igniteVersion,
        String srcCliVersion,
        String prometheusMetrics) {

    static SingleQueueHeartbeat of(String executorName, List<Long> jobIds, Telemetry t, String metrics) {
        return new SingleQueueHeartbeat("V2", executorName, jobIds.isEmpty() ? null : jobIds, t.os(),
                t.architecture(), t.dockerVersion(), t.executorVersion(), t.gitVersion(), "",
                t.srcCliVersion(), metrics);
    }
}
