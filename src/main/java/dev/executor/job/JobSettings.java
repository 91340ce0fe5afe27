package dev.executor.job;

import dev.executor.runtime.StepSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The configuration a job needs, taken once from the executor configuration.
 *
 * @param hostMountPath    {@code EXECUTOR_DOCKER_HOST_MOUNT_PATH}: the daemon's path for {@code workspaceRoot}, or null
 * @param registrySecrets  the secrets in {@code EXECUTOR_DOCKER_AUTH_CONFIG}, redacted like the executor's own
 * @param dockerAuthConfig {@code EXECUTOR_DOCKER_AUTH_CONFIG} as raw JSON (for CLI steps' {@code DOCKER_CONFIG}),
 *                         or null; a secret
 * @param logCap           {@code EXECUTOR_MAX_LOG_ENTRY_BYTES}
 */
public record JobSettings(
        String executorName,
        String executorSecret,
        Path workspaceRoot,
        String hostMountPath,
        boolean keepWorkspaces,
        Duration maximumRuntime,
        StepSpec.Resources resources,
        List<String> registrySecrets,
        String dockerAuthConfig,
        dev.executor.logs.LogCap logCap) {

    public JobSettings {
        registrySecrets = registrySecrets == null ? List.of() : List.copyOf(registrySecrets);
    }

    /** The frontend password and the registry secrets: what every job's redactor masks as {@code SECRET_REMOVED}. */
    public List<String> executorSecrets() {
        List<String> all = new ArrayList<>();
        if (executorSecret != null) {
            all.add(executorSecret);
        }
        all.addAll(registrySecrets);
        return all;
    }

    @Override
    public String toString() {
        return "JobSettings[executorName=" + executorName + ", workspaceRoot=" + workspaceRoot + ", hostMountPath="
                + hostMountPath + ", keepWorkspaces=" + keepWorkspaces + ", maximumRuntime=" + maximumRuntime
                + ", resources=" + resources + "]"; // never the secrets
    }
}
