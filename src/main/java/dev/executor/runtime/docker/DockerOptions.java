package dev.executor.runtime.docker;

import dev.executor.config.MountSpec;
import dev.executor.config.PullPolicy;
import dev.executor.runtime.RegistryCredentials;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Host-wide Docker settings taken from the configuration once: they shape every step container and
 * its recorded command line.
 *
 * @param hostMountPath     {@code EXECUTOR_DOCKER_HOST_MOUNT_PATH}, or null
 * @param additionalMounts  raw {@code --mount} specs, already checked
 * @param stopGracePeriod   SIGTERM → SIGKILL delay when a step is cancelled
 * @param pidsLimit         most processes per step container; 0 for none
 * @param pullPolicy        {@code EXECUTOR_DOCKER_PULL_POLICY}
 * @param jobNetwork        {@code EXECUTOR_DOCKER_JOB_NETWORK}: a private network per job
 * @param authConfig        {@code EXECUTOR_DOCKER_AUTH_CONFIG}, parsed
 * @param hostConfigDir     {@code $HOME/.docker}, whose {@code config.json} is the last resort for pull credentials; or null
 */
public record DockerOptions(
        String hostMountPath,
        boolean addHostGateway,
        List<String> additionalMounts,
        Duration stopGracePeriod,
        long pidsLimit,
        PullPolicy pullPolicy,
        boolean jobNetwork,
        RegistryCredentials authConfig,
        Path hostConfigDir) {

    public DockerOptions {
        additionalMounts = additionalMounts == null ? List.of() : List.copyOf(additionalMounts);
        pullPolicy = pullPolicy == null ? PullPolicy.IF_NOT_PRESENT : pullPolicy;
        authConfig = authConfig == null ? RegistryCredentials.NONE : authConfig;
    }

    /** {@link #additionalMounts} parsed. */
    List<MountSpec> mountSpecs() {
        return additionalMounts.stream().map(MountSpec::parse).toList();
    }
}
