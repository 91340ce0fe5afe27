package dev.executor.config;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Which queues to take jobs from: exactly one of {@code EXECUTOR_QUEUE_NAME} (single-queue mode) or
 * {@code EXECUTOR_QUEUE_NAMES} (multi-queue mode, which uses different frontend endpoints even for a
 * one-item list).
 *
 * @param queueName  the single queue, {@code null} in multi-queue mode
 * @param queueNames the queues; one item in single-queue mode, sorted in multi-queue mode so the
 *                   worker name and metric labels do not depend on how the operator ordered them
 */
record QueueSelection(String queueName, List<String> queueNames) {

    /** The queues the Sourcegraph frontend serves to executors. */
    static final List<String> KNOWN_QUEUES = List.of("batches", "codeintel");

    private static final String KNOWN = String.join(", ", KNOWN_QUEUES);

    /**
     * Reads and checks both variables; {@code null} when they are invalid (errors are in the reader), or
     * when neither is set and {@code required} is false.
     */
    static QueueSelection read(ValueReader reader, boolean required) {
        String name = reader.optional(EnvVar.EXECUTOR_QUEUE_NAME);
        String names = reader.optional(EnvVar.EXECUTOR_QUEUE_NAMES);
        if (!required && name == null && names == null) {
            return null;
        }
        if (name != null && names != null) {
            reader.reject(EnvVar.EXECUTOR_QUEUE_NAMES,
                    "to be unset when EXECUTOR_QUEUE_NAME is set (set exactly one of the two)");
            return null;
        }
        if (name == null && names == null) {
            reader.reject(EnvVar.EXECUTOR_QUEUE_NAME,
                    "one of " + KNOWN + ", or a comma-separated list in EXECUTOR_QUEUE_NAMES (no value supplied)");
            return null;
        }
        if (name != null) {
            if (!KNOWN_QUEUES.contains(name)) {
                reader.reject(EnvVar.EXECUTOR_QUEUE_NAME, "one of " + KNOWN);
                return null;
            }
            return new QueueSelection(name, List.of(name));
        }
        return readList(reader, names);
    }

    /** Splits on ',' without trimming, like Sourcegraph: "batches, codeintel" is a mistake to report. */
    private static QueueSelection readList(ValueReader reader, String names) {
        Set<String> seen = new LinkedHashSet<>();
        List<String> problems = new ArrayList<>();
        for (String item : names.split(",", -1)) {
            if (item.isEmpty()) {
                problems.add("an empty item");
            } else if (!KNOWN_QUEUES.contains(item)) {
                problems.add(ConfigError.quote(item) + " is not a queue");
            } else if (!seen.add(item)) {
                problems.add(ConfigError.quote(item) + " is listed twice");
            }
        }
        if (!problems.isEmpty()) {
            reader.reject(EnvVar.EXECUTOR_QUEUE_NAMES, "comma-separated queue names from " + KNOWN
                    + " without spaces, e.g. batches,codeintel (found " + String.join("; ", problems) + ")");
            return null;
        }
        return new QueueSelection(null, seen.stream().sorted().toList());
    }
}
