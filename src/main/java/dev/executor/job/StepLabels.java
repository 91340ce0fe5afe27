package dev.executor.job;

import dev.executor.runtime.ContainerLabels;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Builds the labels on every container and job network we create ({@link ContainerLabels}), so recovery and the
 * janitor can find what is ours and never touch anything else: job id, queue, executor name, step key (containers
 * only), and when it may be reaped at the latest.
 */
public final class StepLabels {

    public static final String PREFIX = ContainerLabels.PREFIX;
    public static final String MANAGED = ContainerLabels.MANAGED;
    public static final String JOB_ID = ContainerLabels.JOB_ID;
    public static final String QUEUE = ContainerLabels.QUEUE;
    public static final String EXECUTOR = ContainerLabels.EXECUTOR;
    public static final String STEP = ContainerLabels.STEP;
    public static final String EXPIRES_AT = ContainerLabels.EXPIRES_AT;

    private StepLabels() {
    }

    static Map<String, String> of(long jobId, String queue, String executorName, String stepKey, Instant expiresAt) {
        Map<String, String> labels = forJob(jobId, queue, executorName, expiresAt);
        labels.put(STEP, stepKey);
        return labels;
    }

    /** The labels of what a whole job owns (its network): the same, without a step key. */
    static Map<String, String> forJob(long jobId, String queue, String executorName, Instant expiresAt) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(MANAGED, "true");
        labels.put(JOB_ID, Long.toString(jobId));
        labels.put(QUEUE, queue);
        labels.put(EXECUTOR, executorName);
        if (expiresAt != null) {
            labels.put(EXPIRES_AT, expiresAt.toString());
        }
        return labels;
    }
}
