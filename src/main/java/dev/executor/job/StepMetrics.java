package dev.executor.job;

import dev.executor.logs.Pipe;
import dev.executor.observe.metrics.CommandMetrics;
import dev.executor.observe.metrics.ExecutorMetrics;
import dev.executor.runtime.StepOutput;
import java.time.Duration;

/**
 * What one job's steps record: each container run as {@code src_apiworker_command{op="exec"}}, and the time
 * from the job's start (right after its dequeue) to its first container starting
 * ({@code executor_job_first_container_seconds}), once.
 */
final class StepMetrics {

    private final CommandMetrics commands;
    private final ExecutorMetrics executor;
    private final long jobStartNanos;
    private boolean firstStarted;

    StepMetrics(CommandMetrics commands, ExecutorMetrics executor, long jobStartNanos) {
        this.commands = commands;
        this.executor = executor;
        this.jobStartNanos = jobStartNanos;
    }

    /** For a job resumed after a restart: its dequeue was another process's, so no first-container time. */
    static StepMetrics resumed(CommandMetrics commands, ExecutorMetrics executor) {
        StepMetrics metrics = new StepMetrics(commands, executor, 0);
        metrics.firstStarted = true;
        return metrics;
    }

    /** {@code lines}, also noting when the container starts. */
    StepOutput output(StepOutput lines) {
        return new StepOutput() {
            @Override
            public void line(Pipe pipe, String line) {
                lines.line(pipe, line);
            }

            @Override
            public void started() {
                containerStarted();
            }
        };
    }

    /** A step that began at {@code startNanos} ended; {@code failed} when it could not run or exited non-zero. */
    void stepEnded(long startNanos, boolean failed) {
        commands.record(CommandMetrics.EXEC, startNanos, failed);
    }

    private synchronized void containerStarted() {
        if (!firstStarted) {
            firstStarted = true;
            executor.firstContainerStarted(Duration.ofNanos(System.nanoTime() - jobStartNanos));
        }
    }
}
