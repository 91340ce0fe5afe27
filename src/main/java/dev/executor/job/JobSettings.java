package dev.executor.job;

import dev.executor.config.ExecutorConfig;
import dev.executor.logs.LogCap;
import dev.executor.runtime.RegistryCredentials;
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

    /** The settings the configuration gives, under {@code executorName}; {@code keepWorkspaces} may be forced. */
    public static JobSettings of(ExecutorConfig config, String executorName, boolean keepWorkspaces) {
        return new JobSettings(executorName, config.frontendPassword(), config.workspaceRoot(),
                config.dockerHostMountPath(), keepWorkspaces, config.maximumRuntimePerJob(),
                new StepSpec.Resources(config.jobNumCpus(), config.jobMemory().bytes(), config.jobMemory().text()),
                RegistryCredentials.parse(config.dockerAuthConfig()).secrets(), config.dockerAuthConfig(),
                new LogCap(config.maxLogEntryBytes().bytes(), config.maxLogEntryBytes().text()));
    }

    /** The same settings with other resource limits. */
    public JobSettings withResources(StepSpec.Resources other) {
        return new JobSettings(executorName, executorSecret, workspaceRoot, hostMountPath, keepWorkspaces,
                maximumRuntime, other, registrySecrets, dockerAuthConfig, logCap);
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
