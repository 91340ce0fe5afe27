package dev.executor.config;

import static dev.executor.config.EnvVar.*;

import dev.executor.config.ExecutorConfig.HttpRetrySettings;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Builds an {@link ExecutorConfig} from environment variables, reading every variable even after
 * one failed so that a single {@link ConfigException} lists all mistakes.
 *
 * <p>Only Docker is supported, so Firecracker-specific variables are not read, except
 * {@code EXECUTOR_USE_FIRECRACKER}, which must be false (an operator who set it to true expects
 * VM isolation and must not silently get containers), and {@code EXECUTOR_FIRECRACKER_DISK_SPACE},
 * which the frontend still receives.
 */
public final class ConfigLoader {

    /** The frontend resets a job whose executor has not sent a heartbeat for this long. */
    static final Duration FRONTEND_HEARTBEAT_TIMEOUT = Duration.ofSeconds(25);

    /** Docker refuses {@code --memory} limits below 6 MiB. */
    static final long DOCKER_MIN_MEMORY_BYTES = 6L * 1024 * 1024;

    static final String URL_EXPECTED = "an absolute http or https URL with a host, such as https://sourcegraph.example.com";

    private static final List<String> LOG_LEVELS = List.of("dbug", "debug", "info", "warn", "error", "crit");
    private static final List<String> LOG_FORMATS = List.of("text", "json");

    private ConfigLoader() {
    }

    /**
     * Reads {@code env} (normally {@code System.getenv()}).
     *
     * @throws ConfigException listing every invalid variable; secret values in it are masked
     */
    public static ExecutorConfig load(Map<String, String> env) {
        return load(env, true);
    }

    /**
     * Like {@link #load}, for {@code executor run-job}, which talks to no frontend: the frontend URL,
     * password and queue may be unset (then {@code null}, {@code null} and no queues). When set they are
     * still checked, like every other variable, so a local run also catches a bad env file.
     */
    public static ExecutorConfig loadWithoutFrontend(Map<String, String> env) {
        return load(env, false);
    }

    /**
     * The variable the HTTP port is read from, as the operator named it: {@code QUARKUS_HTTP_PORT}, the name every
     * Quarkus application honours, when it is set and not empty, else {@code EXECUTOR_HTTP_PORT} (or its
     * {@code _executor} override), whose default applies when neither is set. For messages about the port.
     */
    public static String httpPortVariable(Map<String, String> env) {
        ValueReader r = new ValueReader(new EnvSource(env));
        return r.variableName(httpPortVariable(r));
    }

    private static EnvVar httpPortVariable(ValueReader r) {
        return r.optional(QUARKUS_HTTP_PORT) != null ? QUARKUS_HTTP_PORT : EXECUTOR_HTTP_PORT;
    }

    private static ExecutorConfig load(Map<String, String> env, boolean frontendRequired) {
        ValueReader r = new ValueReader(new EnvSource(env));

        boolean addHostGateway = r.bool(EXECUTOR_DOCKER_ADD_HOST_GATEWAY);
        URI frontendUrl = frontendRequired || r.optional(EXECUTOR_FRONTEND_URL) != null
                ? frontendUrl(r, addHostGateway) : null;
        String password = frontendRequired
                ? r.required(EXECUTOR_FRONTEND_PASSWORD, "the executor access token from the site configuration")
                : r.optional(EXECUTOR_FRONTEND_PASSWORD);
        QueueSelection queues = QueueSelection.read(r, frontendRequired);

        Duration pollInterval = r.nonNegativeDuration(EXECUTOR_QUEUE_POLL_INTERVAL);
        int maximumNumJobs = r.integer(EXECUTOR_MAXIMUM_NUM_JOBS, 1, Integer.MAX_VALUE);
        int jobNumCpus = r.integer(EXECUTOR_JOB_NUM_CPUS, 0, Integer.MAX_VALUE);
        DataSize jobMemory = r.check(EXECUTOR_JOB_MEMORY, r.size(EXECUTOR_JOB_MEMORY),
                m -> m.isZero() || m.bytes() >= DOCKER_MIN_MEMORY_BYTES,
                "0 (no limit) or at least 6m, docker's minimum, such as 512m or 12G");
        DataSize diskSpace = r.size(EXECUTOR_FIRECRACKER_DISK_SPACE);
        boolean keepWorkspaces = r.bool(EXECUTOR_KEEP_WORKSPACES);
        if (r.bool(EXECUTOR_USE_FIRECRACKER)) {
            r.reject(EXECUTOR_USE_FIRECRACKER, "false: only the Docker runtime is supported by this executor; "
                    + "set EXECUTOR_USE_FIRECRACKER=false");
        }
        String version = r.check(EXECUTOR_SOURCEGRAPH_VERSION, r.raw(EXECUTOR_SOURCEGRAPH_VERSION),
                SourcegraphVersion::isSupported, SourcegraphVersion.EXPECTED);
        Path stateDir = r.absolutePath(EXECUTOR_STATE_DIR, "/var/lib/executor");
        DataSize maxLogEntryBytes = r.check(EXECUTOR_MAX_LOG_ENTRY_BYTES, r.size(EXECUTOR_MAX_LOG_ENTRY_BYTES),
                s -> !s.isZero(), "a size above 0, such as 1M or 16M");
        DataSize minFreeDisk = r.size(EXECUTOR_MIN_FREE_DISK);
        Path workspaceRoot = r.absolutePath(TMPDIR, "/tmp");
        String logFormat = r.oneOf(EXECUTOR_LOG_FORMAT, LOG_FORMATS);
        String logLevel = r.oneOf(SRC_LOG_LEVEL, LOG_LEVELS);

        Duration maximumRuntimePerJob = r.nonNegativeDuration(EXECUTOR_MAXIMUM_RUNTIME_PER_JOB);
        int numTotalJobs = r.integer(EXECUTOR_NUM_TOTAL_JOBS, 0, Integer.MAX_VALUE);
        Duration maxActiveTime = r.nonNegativeDuration(EXECUTOR_MAX_ACTIVE_TIME);
        Duration cleanupTaskInterval = r.positiveDuration(EXECUTOR_CLEANUP_TASK_INTERVAL);
        Duration heartbeatInterval = r.duration(EXECUTOR_HEARTBEAT_INTERVAL,
                d -> !d.isNegative() && !d.isZero() && d.compareTo(FRONTEND_HEARTBEAT_TIMEOUT) < 0,
                "a duration above 0 and below 25s, such as 5s (the frontend resets jobs after 25s without a heartbeat)");
        Duration cancelGracePeriod = r.nonNegativeDuration(EXECUTOR_CANCEL_GRACE_PERIOD);
        Duration shutdownTimeout = r.nonNegativeDuration(EXECUTOR_SHUTDOWN_TIMEOUT);
        Duration finalizeTimeout = r.positiveDuration(EXECUTOR_FINALIZE_TIMEOUT);

        Path hostMountPath = r.absolutePath(EXECUTOR_DOCKER_HOST_MOUNT_PATH, "/srv/executor/workspaces");
        String authConfig = dockerAuthConfig(r);
        List<String> mounts = additionalMounts(r);
        PullPolicy pullPolicy = r.parse(EXECUTOR_DOCKER_PULL_POLICY,
                s -> PullPolicy.fromText(s).orElseThrow(IllegalArgumentException::new),
                "one of if-not-present, always, never");
        boolean jobNetwork = r.bool(EXECUTOR_DOCKER_JOB_NETWORK);
        ExecutorConfig.JobFirewallSettings jobFirewall = new ExecutorConfig.JobFirewallSettings(
                r.bool(EXECUTOR_DOCKER_JOB_NETWORK_FIREWALL), blockedCidrs(r));
        Path home = r.absolutePath(HOME, "/home/executor");

        int httpPort = r.integer(httpPortVariable(r), 0, 65535);
        String httpHost = r.required(EXECUTOR_HTTP_HOST, "an address to listen on, such as 0.0.0.0 or 127.0.0.1");
        Path caCert = pemFile(r, EXECUTOR_FRONTEND_CA_CERT);
        HttpRetrySettings httpRetry = httpRetry(r);
        NetworkSettings network = NetworkLoader.load(r, frontendUrl);

        List<ConfigError> errors = r.errors();
        if (!errors.isEmpty()) {
            throw new ConfigException(errors);
        }
        return new ExecutorConfig(frontendUrl, password, queues == null ? null : queues.queueName(),
                queues == null ? List.of() : queues.queueNames(),
                pollInterval, maximumNumJobs, jobNumCpus, jobMemory, diskSpace, maximumRuntimePerJob,
                numTotalJobs, maxActiveTime, cleanupTaskInterval, keepWorkspaces,
                hostMountPath == null ? null : hostMountPath.toString(), addHostGateway, authConfig, mounts,
                pullPolicy, jobNetwork, home == null ? null : home.resolve(".docker"), heartbeatInterval, cancelGracePeriod, shutdownTimeout, finalizeTimeout, version, stateDir,
                maxLogEntryBytes, minFreeDisk, httpPort, httpHost, logFormat, logLevel, caCert, workspaceRoot,
                httpRetry, network, jobFirewall, blankToNull(env.get(EnvVar.HOSTNAME.name())), blankToNull(env.get("NOTIFY_SOCKET")));
    }

    /**
     * {@code EXECUTOR_DOCKER_JOB_NETWORK_BLOCKED_CIDRS}: comma-separated IPv4 CIDRs (job networks are IPv4 only),
     * spaces around entries ignored, empty entries skipped.
     */
    private static List<String> blockedCidrs(ValueReader r) {
        String value = r.optional(EXECUTOR_DOCKER_JOB_NETWORK_BLOCKED_CIDRS);
        if (value == null) {
            return List.of();
        }
        List<String> cidrs = new java.util.ArrayList<>();
        for (String entry : value.split(",")) {
            String cidr = entry.strip();
            if (cidr.isEmpty()) {
                continue;
            }
            IpLiterals.Network network = IpLiterals.parseCidr(cidr);
            if (network == null || network.address().length != 4) {
                r.reject(EXECUTOR_DOCKER_JOB_NETWORK_BLOCKED_CIDRS, "comma-separated IPv4 CIDRs such as "
                        + "10.0.0.0/8,192.168.0.0/16 (\"" + cidr + "\" is not one; job networks are IPv4 only)");
                return List.of();
            }
            cidrs.add(cidr);
        }
        return List.copyOf(cidrs);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    /**
     * The frontend URL. {@code host.docker.internal} only resolves inside job containers when docker
     * adds the host gateway, so that host without {@code EXECUTOR_DOCKER_ADD_HOST_GATEWAY=true} would
     * clone fine from the executor and then fail inside every job.
     */
    private static URI frontendUrl(ValueReader r, boolean addHostGateway) {
        String raw = r.required(EXECUTOR_FRONTEND_URL, URL_EXPECTED);
        if (raw == null) {
            return null;
        }
        URI uri = parseUri(raw);
        if (uri == null || uri.getHost() == null || uri.getScheme() == null
                || !List.of("http", "https").contains(uri.getScheme().toLowerCase(Locale.ROOT))) {
            r.reject(EXECUTOR_FRONTEND_URL, URL_EXPECTED);
            return null;
        }
        if (uri.getHost().equalsIgnoreCase("host.docker.internal") && !addHostGateway
                && !r.failed(EXECUTOR_DOCKER_ADD_HOST_GATEWAY)) {
            r.reject(EXECUTOR_FRONTEND_URL, "EXECUTOR_DOCKER_ADD_HOST_GATEWAY=true when the host is "
                    + "host.docker.internal, or job containers cannot reach the frontend");
            return null;
        }
        return uri;
    }

    /**
     * A PEM file of CA certificates, checked now because an unreadable or empty file would otherwise surface as a
     * TLS error per request.
     */
    static Path pemFile(ValueReader r, EnvVar var) {
        String expected = "a readable PEM file with at least one -----BEGIN CERTIFICATE----- block";
        String path = r.optional(var);
        Path file = path == null ? null : r.parse(var, Path::of, expected);
        return r.check(var, file, p -> Files.isReadable(p) && PemCertificates.hasCertificate(p), expected);
    }

    private static URI parseUri(String raw) {
        try {
            return new URI(raw);
        } catch (URISyntaxException e) {
            return null;
        }
    }

    /** The raw JSON, checked once here so a typo fails at start-up rather than in the first job. */
    private static String dockerAuthConfig(ValueReader r) {
        String json = r.optional(EXECUTOR_DOCKER_AUTH_CONFIG);
        if (json == null) {
            return null;
        }
        Optional<String> problem = DockerAuthConfigCheck.problem(json);
        if (problem.isPresent()) {
            r.reject(EXECUTOR_DOCKER_AUTH_CONFIG, DockerAuthConfigCheck.expected(problem.get()));
            return null;
        }
        return json;
    }

    private static List<String> additionalMounts(ValueReader r) {
        List<String> entries = MountSpec.splitEntries(r.optional(EXECUTOR_DOCKER_ADDITIONAL_MOUNTS));
        List<String> problems = new ArrayList<>();
        for (String entry : entries) {
            try {
                MountSpec.parse(entry);
            } catch (IllegalArgumentException e) {
                problems.add(e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            r.reject(EXECUTOR_DOCKER_ADDITIONAL_MOUNTS, "docker --mount specs separated by ';', such as "
                    + "type=bind,source=/foo,target=/bar,readonly (" + String.join("; ", problems) + ")");
            return List.of();
        }
        return entries;
    }

    private static HttpRetrySettings httpRetry(ValueReader r) {
        Duration timeout = r.nonNegativeDuration(SRC_HTTP_CLI_INTERNAL_TIMEOUT);
        Duration delayBase = r.nonNegativeDuration(SRC_HTTP_CLI_INTERNAL_RETRY_DELAY_BASE);
        Duration delayMax = r.nonNegativeDuration(SRC_HTTP_CLI_INTERNAL_RETRY_DELAY_MAX);
        if (delayBase != null && delayMax != null && delayMax.compareTo(delayBase) < 0) {
            r.reject(SRC_HTTP_CLI_INTERNAL_RETRY_DELAY_MAX, "a duration not below SRC_HTTP_CLI_INTERNAL_RETRY_DELAY_BASE ("
                    + GoDuration.format(delayBase) + ")");
        }
        int maxAttempts = r.integer(SRC_HTTP_CLI_INTERNAL_RETRY_MAX_ATTEMPTS, 0, Integer.MAX_VALUE);
        Duration retryAfterMax = r.nonNegativeDuration(SRC_HTTP_CLI_INTERNAL_RETRY_AFTER_MAX_DURATION);
        return new HttpRetrySettings(timeout, delayBase, delayMax, maxAttempts, retryAfterMax);
    }
}
