package dev.executor.runtime;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;

/**
 * The labels on every container the executor creates, so recovery and the janitor can find what is ours and never
 * touch anything else: managed=true, job id, queue, executor name, step key, and when it may be reaped at the latest
 * (job start + maximum runtime).
 */
public final class ContainerLabels {

    public static final String PREFIX = "dev.executor.";
    public static final String MANAGED = PREFIX + "managed";
    public static final String JOB_ID = PREFIX + "job-id";
    public static final String QUEUE = PREFIX + "queue";
    public static final String EXECUTOR = PREFIX + "executor-name";
    public static final String STEP = PREFIX + "step-key";
    public static final String EXPIRES_AT = PREFIX + "expires-at";

    private ContainerLabels() {
    }

    /** The labels that identify one job's containers of one executor (all steps). */
    public static Map<String, String> ofJob(long jobId, String queue, String executorName) {
        return Map.of(MANAGED, "true", JOB_ID, Long.toString(jobId), QUEUE, queue, EXECUTOR, executorName);
    }

    /** The expiry label's time, or null when absent or unreadable (then it never expires by itself). */
    public static Instant expiresAt(Map<String, String> labels) {
        String value = labels.get(EXPIRES_AT);
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
