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
 * @param jobNetworkFirewall {@code EXECUTOR_DOCKER_JOB_NETWORK_FIREWALL}: fence job networks off link-local and the host
 * @param blockedCidrs      {@code EXECUTOR_DOCKER_JOB_NETWORK_BLOCKED_CIDRS}: more IPv4 CIDRs job networks may not reach
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
        Path hostConfigDir,
        boolean jobNetworkFirewall,
        List<String> blockedCidrs) {

    /** With the job network firewall on and no extra CIDRs, the default. */
    public DockerOptions(String hostMountPath, boolean addHostGateway, List<String> additionalMounts,
            Duration stopGracePeriod, long pidsLimit, PullPolicy pullPolicy, boolean jobNetwork,
            RegistryCredentials authConfig, Path hostConfigDir) {
        this(hostMountPath, addHostGateway, additionalMounts, stopGracePeriod, pidsLimit, pullPolicy, jobNetwork,
                authConfig, hostConfigDir, true, List.of());
    }

    public DockerOptions {
        additionalMounts = additionalMounts == null ? List.of() : List.copyOf(additionalMounts);
        blockedCidrs = blockedCidrs == null ? List.of() : List.copyOf(blockedCidrs);
        pullPolicy = pullPolicy == null ? PullPolicy.IF_NOT_PRESENT : pullPolicy;
        authConfig = authConfig == null ? RegistryCredentials.NONE : authConfig;
    }

    /** {@link #additionalMounts} parsed. */
    List<MountSpec> mountSpecs() {
        return additionalMounts.stream().map(MountSpec::parse).toList();
    }

    /**
     * The firewall of job networks: off without job networks (the default bridge is shared with every container of
     * the host, so no rule can single out a job there); the host stays reachable when jobs are meant to reach it
     * ({@code EXECUTOR_DOCKER_ADD_HOST_GATEWAY=true}).
     */
    JobNetworkFirewall firewall() {
        return jobNetwork && jobNetworkFirewall ? new JobNetworkFirewall(true, blockedCidrs, !addHostGateway)
                : JobNetworkFirewall.disabled();
    }
}
