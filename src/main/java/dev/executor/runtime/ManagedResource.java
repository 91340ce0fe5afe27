package dev.executor.runtime;

import java.util.Map;

/** A container or job network carrying our {@code managed} label, as the engine lists it. */
public record ManagedResource(String id, Map<String, String> labels, String state) {

    public String label(String name) {
        return labels.get(name);
    }

    public String executorName() {
        return labels.getOrDefault(ContainerLabels.EXECUTOR, "");
    }

    /** {@code <job id>-<queue>} from the labels, or "" when they are missing. */
    public String jobKey() {
        return labels.getOrDefault(ContainerLabels.JOB_ID, "") + "-" + labels.getOrDefault(ContainerLabels.QUEUE, "");
    }
}
