package dev.executor.runtime.docker;

import java.time.Duration;
import java.util.List;

/**
 * Host-wide Docker settings taken from the configuration once: they shape every step container and
 * its recorded command line.
 *
 * @param hostMountPath     {@code EXECUTOR_DOCKER_HOST_MOUNT_PATH}, or null
 * @param additionalMounts  raw {@code --mount} specs
 * @param stopGracePeriod   SIGTERM → SIGKILL delay when a step is cancelled
 */
public record DockerOptions(
        String hostMountPath,
        boolean addHostGateway,
        List<String> additionalMounts,
        Duration stopGracePeriod,
        long pidsLimit) {
}
