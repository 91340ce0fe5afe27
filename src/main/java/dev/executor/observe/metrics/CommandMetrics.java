package dev.executor.observe.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

/**
 * Sourcegraph's {@code src_apiworker_command_{total,errors_total,duration_seconds}{op}}: one sample per
 * command a job runs. The {@code op} is the git command's log key ({@code setup.git.init},
 * {@code setup.git.fetch}, ...) or {@link #EXEC} for a step container (spec §6), so Sourcegraph's
 * executor dashboard shows clone and step times side by side.
 */
public final class CommandMetrics {

    /** The {@code op} of a docker step, as Sourcegraph's command runner labels it. */
    public static final String EXEC = "exec";

    private final OperationMetrics operations;

    public CommandMetrics(MeterRegistry registry) {
        this.operations = new OperationMetrics(registry, "src_apiworker_command", Tags.empty());
    }

    /**
     * Counts one command that started at {@code startNanos} ({@link System#nanoTime()}); {@code failed}
     * when it could not start or exited non-zero.
     */
    public void record(String op, long startNanos, boolean failed) {
        operations.record(op, startNanos, failed);
    }
}
