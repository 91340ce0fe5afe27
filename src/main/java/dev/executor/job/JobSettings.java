package dev.executor.job;

import dev.executor.runtime.StepSpec;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The configuration a job needs, taken once from the executor configuration.
 *
 * @param hostMountPath {@code EXECUTOR_DOCKER_HOST_MOUNT_PATH}: the daemon's path for {@code workspaceRoot}, or null
 */
public record JobSettings(
        String executorName,
        String executorSecret,
        Path workspaceRoot,
        String hostMountPath,
        boolean keepWorkspaces,
        Duration maximumRuntime,
        StepSpec.Resources resources) {
}
