package dev.executor.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The executor's settings, parsed and checked by {@link ConfigLoader}; immutable. Each component
 * is the variable named in its description ({@link EnvVar} has the defaults).
 *
 * @param frontendUrl            {@code EXECUTOR_FRONTEND_URL}, an absolute http(s) URL ({@code null} only when
 *                               loaded for {@code run-job} without it)
 * @param frontendPassword       {@code EXECUTOR_FRONTEND_PASSWORD}; secret ({@code null} as above)
 * @param queueName              {@code EXECUTOR_QUEUE_NAME}; {@code null} in multi-queue mode
 * @param queueNames             the queues: one item in single-queue mode, sorted in multi-queue mode; empty
 *                               only when loaded for {@code run-job} without a queue
 * @param pollInterval           {@code EXECUTOR_QUEUE_POLL_INTERVAL}
 * @param maximumNumJobs         {@code EXECUTOR_MAXIMUM_NUM_JOBS}, at least 1
 * @param jobNumCpus             {@code EXECUTOR_JOB_NUM_CPUS}; 0 means no limit
 * @param jobMemory              {@code EXECUTOR_JOB_MEMORY}; zero means no limit
 * @param diskSpace              {@code EXECUTOR_FIRECRACKER_DISK_SPACE}, reported to the frontend
 * @param maximumRuntimePerJob   {@code EXECUTOR_MAXIMUM_RUNTIME_PER_JOB}; zero means no limit
 * @param numTotalJobs           {@code EXECUTOR_NUM_TOTAL_JOBS}; 0 means no limit
 * @param maxActiveTime          {@code EXECUTOR_MAX_ACTIVE_TIME}; zero means no limit
 * @param cleanupTaskInterval    {@code EXECUTOR_CLEANUP_TASK_INTERVAL}, above zero
 * @param keepWorkspaces         {@code EXECUTOR_KEEP_WORKSPACES}
 * @param dockerHostMountPath    {@code EXECUTOR_DOCKER_HOST_MOUNT_PATH}, absolute; {@code null} when unset
 * @param dockerAddHostGateway   {@code EXECUTOR_DOCKER_ADD_HOST_GATEWAY}
 * @param dockerAuthConfig       {@code EXECUTOR_DOCKER_AUTH_CONFIG} as raw JSON; secret; {@code null} when unset
 * @param dockerAdditionalMounts {@code EXECUTOR_DOCKER_ADDITIONAL_MOUNTS}, one checked {@code --mount} spec each
 * @param dockerPullPolicy       {@code EXECUTOR_DOCKER_PULL_POLICY}
 * @param dockerJobNetwork       {@code EXECUTOR_DOCKER_JOB_NETWORK}: a private bridge network per job
 * @param dockerConfigDir        {@code $HOME/.docker}, where the host's registry credentials are; {@code null} without HOME
 * @param heartbeatInterval      {@code EXECUTOR_HEARTBEAT_INTERVAL}, above zero and below 25s
 * @param cancelGracePeriod      {@code EXECUTOR_CANCEL_GRACE_PERIOD}
 * @param shutdownTimeout        {@code EXECUTOR_SHUTDOWN_TIMEOUT}; zero means wait forever
 * @param finalizeTimeout        {@code EXECUTOR_FINALIZE_TIMEOUT}, above zero
 * @param advertisedVersion      {@code EXECUTOR_SOURCEGRAPH_VERSION}, sent on dequeue
 * @param stateDir               {@code EXECUTOR_STATE_DIR}, absolute
 * @param maxLogEntryBytes       {@code EXECUTOR_MAX_LOG_ENTRY_BYTES}, above zero
 * @param minFreeDisk            {@code EXECUTOR_MIN_FREE_DISK}; zero means no check
 * @param httpPort               {@code EXECUTOR_HTTP_PORT}, 0 to 65535
 * @param httpHost               {@code EXECUTOR_HTTP_HOST}
 * @param logFormat              {@code EXECUTOR_LOG_FORMAT}: {@code text} or {@code json}
 * @param logLevel               {@code SRC_LOG_LEVEL}, lower case: dbug, debug, info, warn, error or crit
 * @param frontendCaCert         {@code EXECUTOR_FRONTEND_CA_CERT}, a readable file; {@code null} when unset
 * @param workspaceRoot          {@code TMPDIR}, absolute: the parent of job workspaces
 * @param httpRetry              the {@code SRC_HTTP_CLI_INTERNAL_*} settings for frontend requests
 * @param network                {@code SSL_CERT_FILE}, {@code SSL_CERT_DIR} and the proxy decision for the frontend
 * @param hostname               {@code HOSTNAME} as set, for the executor name; {@code null} when unset
 * @param notifySocket           systemd's {@code NOTIFY_SOCKET} (set by systemd for {@code Type=notify}); {@code null}
 *                               when the executor does not run under systemd
 */
public record ExecutorConfig(
        URI frontendUrl,
        String frontendPassword,
        String queueName,
        List<String> queueNames,
        Duration pollInterval,
        int maximumNumJobs,
        int jobNumCpus,
        DataSize jobMemory,
        DataSize diskSpace,
        Duration maximumRuntimePerJob,
        int numTotalJobs,
        Duration maxActiveTime,
        Duration cleanupTaskInterval,
        boolean keepWorkspaces,
        String dockerHostMountPath,
        boolean dockerAddHostGateway,
        String dockerAuthConfig,
        List<String> dockerAdditionalMounts,
        PullPolicy dockerPullPolicy,
        boolean dockerJobNetwork,
        Path dockerConfigDir,
        Duration heartbeatInterval,
        Duration cancelGracePeriod,
        Duration shutdownTimeout,
        Duration finalizeTimeout,
        String advertisedVersion,
        Path stateDir,
        DataSize maxLogEntryBytes,
        DataSize minFreeDisk,
        int httpPort,
        String httpHost,
        String logFormat,
        String logLevel,
        Path frontendCaCert,
        Path workspaceRoot,
        HttpRetrySettings httpRetry,
        NetworkSettings network,
        JobFirewallSettings jobFirewall,
        String hostname,
        String notifySocket) {

    /**
     * The job network firewall.
     *
     * @param enabled      {@code EXECUTOR_DOCKER_JOB_NETWORK_FIREWALL}
     * @param blockedCidrs {@code EXECUTOR_DOCKER_JOB_NETWORK_BLOCKED_CIDRS}: IPv4 CIDRs blocked besides link-local
     */
    public record JobFirewallSettings(boolean enabled, List<String> blockedCidrs) {
        public JobFirewallSettings {
            blockedCidrs = blockedCidrs == null ? List.of() : List.copyOf(blockedCidrs);
        }

        /** On, with no extra CIDRs: the default. */
        public static JobFirewallSettings defaults() {
            return new JobFirewallSettings(true, List.of());
        }
    }

    /**
     * How frontend requests are timed out and retried (§4.11 of the protocol spec).
     *
     * @param timeout       {@code SRC_HTTP_CLI_INTERNAL_TIMEOUT}: whole request, retries included; zero means the executor default (2m)
     * @param delayBase     {@code SRC_HTTP_CLI_INTERNAL_RETRY_DELAY_BASE}: shortest backoff
     * @param delayMax      {@code SRC_HTTP_CLI_INTERNAL_RETRY_DELAY_MAX}: longest backoff, not below delayBase
     * @param maxAttempts   {@code SRC_HTTP_CLI_INTERNAL_RETRY_MAX_ATTEMPTS}: retries after the first try
     * @param retryAfterMax {@code SRC_HTTP_CLI_INTERNAL_RETRY_AFTER_MAX_DURATION}: longest honoured Retry-After
     */
    public record HttpRetrySettings(
            Duration timeout, Duration delayBase, Duration delayMax, int maxAttempts, Duration retryAfterMax) {
    }

    /**
     * Normalises the queue list so hand-built configs (tests) behave like loaded ones: a missing list
     * is derived from {@code queueName}, and a multi-queue list is sorted.
     */
    public ExecutorConfig {
        if (queueNames == null || queueNames.isEmpty()) {
            queueNames = queueName == null ? List.of() : List.of(queueName);
        } else {
            queueNames = queueName == null ? queueNames.stream().sorted().toList() : List.copyOf(queueNames);
        }
        dockerAdditionalMounts = dockerAdditionalMounts == null ? List.of() : List.copyOf(dockerAdditionalMounts);
        network = network == null ? NetworkSettings.defaults() : network;
        jobFirewall = jobFirewall == null ? JobFirewallSettings.defaults() : jobFirewall;
    }

    /**
     * Whether {@code EXECUTOR_QUEUE_NAMES} was used. The frontend has separate endpoints for this mode,
     * so a one-item {@code EXECUTOR_QUEUE_NAMES} is still multi-queue.
     */
    public boolean multiQueue() {
        return queueName == null;
    }

    /**
     * The queue part of metric labels and the worker name: the queue, or the sorted queues joined
     * with {@code _} ({@code batches_codeintel}), as Sourcegraph's {@code FormatQueueNamesForMetrics}.
     */
    public String queueLabel() {
        return String.join("_", queueNames);
    }

    /** Sourcegraph's worker name, {@code executor_<queueLabel>_worker}. */
    public String workerName() {
        return "executor_" + queueLabel() + "_worker";
    }

    /** {@link #dockerAdditionalMounts()} parsed; they were checked at load time. */
    public List<MountSpec> additionalMountSpecs() {
        return dockerAdditionalMounts.stream().map(MountSpec::parse).toList();
    }

    /** Like the generated one, but with the secrets masked (proxy credentials too): configs end up in logs. */
    @Override
    public String toString() {
        return "ExecutorConfig[frontendUrl=" + frontendUrl
                + ", frontendPassword=" + SecretMask.mask(frontendPassword)
                + ", queueName=" + queueName
                + ", queueNames=" + queueNames
                + ", pollInterval=" + pollInterval
                + ", maximumNumJobs=" + maximumNumJobs
                + ", jobNumCpus=" + jobNumCpus
                + ", jobMemory=" + jobMemory
                + ", diskSpace=" + diskSpace
                + ", maximumRuntimePerJob=" + maximumRuntimePerJob
                + ", numTotalJobs=" + numTotalJobs
                + ", maxActiveTime=" + maxActiveTime
                + ", cleanupTaskInterval=" + cleanupTaskInterval
                + ", keepWorkspaces=" + keepWorkspaces
                + ", dockerHostMountPath=" + dockerHostMountPath
                + ", dockerAddHostGateway=" + dockerAddHostGateway
                + ", dockerAuthConfig=" + SecretMask.mask(dockerAuthConfig)
                + ", dockerAdditionalMounts=" + dockerAdditionalMounts
                + ", dockerPullPolicy=" + dockerPullPolicy
                + ", dockerJobNetwork=" + dockerJobNetwork
                + ", dockerConfigDir=" + dockerConfigDir
                + ", heartbeatInterval=" + heartbeatInterval
                + ", cancelGracePeriod=" + cancelGracePeriod
                + ", shutdownTimeout=" + shutdownTimeout
                + ", finalizeTimeout=" + finalizeTimeout
                + ", advertisedVersion=" + advertisedVersion
                + ", stateDir=" + stateDir
                + ", maxLogEntryBytes=" + maxLogEntryBytes
                + ", minFreeDisk=" + minFreeDisk
                + ", httpPort=" + httpPort
                + ", httpHost=" + httpHost
                + ", logFormat=" + logFormat
                + ", logLevel=" + logLevel
                + ", frontendCaCert=" + frontendCaCert
                + ", workspaceRoot=" + workspaceRoot
                + ", httpRetry=" + httpRetry
                + ", network=" + network
                + ", jobFirewall=" + jobFirewall + "]";
    }
}
