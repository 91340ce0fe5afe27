package dev.executor.config;

import static dev.executor.config.EnvVar.Group.DOCKER;
import static dev.executor.config.EnvVar.Group.GENERAL;
import static dev.executor.config.EnvVar.Group.HTTP;
import static dev.executor.config.EnvVar.Group.LIFECYCLE;
import static dev.executor.config.EnvVar.Group.REQUIRED;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every environment variable the executor reads, with its default and a one-line description.
 *
 * <p>This is the single source for {@code --help}, the docs and env-file checks, and
 * {@link ConfigLoader} takes its defaults from here, so the documented default is by construction the
 * one in effect. The constant's {@link #name()} is the variable name. A {@code null}
 * {@link #defaultValue()} means "no default": required, or optional and unset.
 */
public enum EnvVar {

    // --- required -------------------------------------------------------------------------------
    EXECUTOR_FRONTEND_URL(REQUIRED, null,
            "External URL of the Sourcegraph instance, scheme and host, e.g. https://sourcegraph.example.com."),
    EXECUTOR_FRONTEND_PASSWORD(REQUIRED, null,
            "Shared secret for the frontend: the site configuration's executors.accessToken.", true),
    EXECUTOR_QUEUE_NAME(REQUIRED, null,
            "The one queue to take jobs from: batches or codeintel. Set this or EXECUTOR_QUEUE_NAMES."),
    EXECUTOR_QUEUE_NAMES(REQUIRED, null,
            "Comma-separated queues to take jobs from, e.g. batches,codeintel (no spaces). Set this or EXECUTOR_QUEUE_NAME."),

    // --- general --------------------------------------------------------------------------------
    EXECUTOR_QUEUE_POLL_INTERVAL(GENERAL, "1s",
            "Wait between dequeue attempts after one found no job (Go duration)."),
    EXECUTOR_MAXIMUM_NUM_JOBS(GENERAL, "1",
            "How many jobs may run at the same time."),
    EXECUTOR_JOB_NUM_CPUS(GENERAL, "4",
            "CPUs per job container (docker --cpus); 0 means no limit. Reported to the frontend."),
    EXECUTOR_FIRECRACKER_NUM_CPUS(GENERAL, null,
            "Deprecated name of EXECUTOR_JOB_NUM_CPUS; read only when that is unset or empty."),
    EXECUTOR_JOB_MEMORY(GENERAL, "12G",
            "Memory per job container (docker --memory, e.g. 12G or 512m); 0 or empty means no limit. Reported to the frontend."),
    EXECUTOR_FIRECRACKER_MEMORY(GENERAL, null,
            "Deprecated name of EXECUTOR_JOB_MEMORY; read only when that is unset or empty."),
    EXECUTOR_FIRECRACKER_DISK_SPACE(GENERAL, "20G",
            "Disk space per job, reported to the frontend as diskSpace."),
    EXECUTOR_KEEP_WORKSPACES(GENERAL, "false",
            "Keep job workspaces after jobs finish, for debugging."),
    EXECUTOR_USE_FIRECRACKER(GENERAL, "false",
            "Must be false: this executor runs jobs in Docker containers only."),
    EXECUTOR_SOURCEGRAPH_VERSION(GENERAL, "5.3.0",
            "Version sent when dequeuing; selects the job payload format (semver >= 4.3.0, or dev)."),
    EXECUTOR_STATE_DIR(GENERAL, "/var/lib/executor",
            "Directory for the executor's own state across restarts: its name, the job journal and log spools."),
    EXECUTOR_MAX_LOG_ENTRY_BYTES(GENERAL, "16M",
            "Most output kept in one log entry sent to the frontend (e.g. 16M); the head and tail are kept, whole lines."),
    EXECUTOR_MIN_FREE_DISK(GENERAL, "1G",
            "Free disk space needed under TMPDIR before taking a job; 0 means no check."),
    TMPDIR(GENERAL, "/tmp",
            "Absolute parent directory of job workspaces; created if missing."),
    HOSTNAME(GENERAL, null,
            "Host name used in the executor name <hostname>-<uuid>; the system host name when unset."),
    EXECUTOR_LOG_FORMAT(GENERAL, "text",
            "Log output format: text or json."),
    SRC_LOG_LEVEL(GENERAL, "warn",
            "Lowest log level written: dbug (or debug), info, warn, error or crit."),
    SRC_LOG_FORMAT(GENERAL, null,
            "Sourcegraph's log format variable, accepted for compatibility; EXECUTOR_LOG_FORMAT decides."),
    NODE_EXPORTER_URL(GENERAL, null,
            "Base URL of a node_exporter (without /metrics) whose metrics are sent with heartbeats."),
    EXECUTOR_JAVA_OPTS(GENERAL, null,
            "Extra JVM flags for the JVM build's bin/executor launcher, after its own (e.g. -Xmx1g); the native executable ignores it."),

    // --- docker ---------------------------------------------------------------------------------
    EXECUTOR_DOCKER_HOST_MOUNT_PATH(DOCKER, null,
            "Docker-in-Docker: absolute host path of the directory TMPDIR points to; workspaces are mounted from there."),
    EXECUTOR_DOCKER_ADD_HOST_GATEWAY(DOCKER, "false",
            "Add host.docker.internal:host-gateway to every job container."),
    EXECUTOR_DOCKER_AUTH_CONFIG(DOCKER, null,
            "Docker config JSON {\"auths\":{...}} with static registry credentials for pulling job images.", true),
    EXECUTOR_DOCKER_ADDITIONAL_MOUNTS(DOCKER, null,
            "Extra docker --mount specs for every job container, separated by ';', e.g. type=bind,source=/a,target=/b."),
    EXECUTOR_DOCKER_PULL_POLICY(DOCKER, "if-not-present",
            "When to pull job images: if-not-present, always or never."),
    EXECUTOR_DOCKER_JOB_NETWORK(DOCKER, "true",
            "Give each job its own bridge network, removed after the job, so concurrent jobs cannot reach each other."),
    EXECUTOR_DOCKER_JOB_NETWORK_FIREWALL(DOCKER, "true",
            "Block job networks from link-local 169.254.0.0/16 (cloud metadata services) and this host's own addresses (iptables rules)."),
    EXECUTOR_DOCKER_JOB_NETWORK_BLOCKED_CIDRS(DOCKER, null,
            "More IPv4 CIDRs job networks may not reach, comma-separated, e.g. 10.0.0.0/8,192.168.0.0/16."),
    HOME(DOCKER, null,
            "Home directory; $HOME/.docker/config.json has the registry credentials used when neither the job nor EXECUTOR_DOCKER_AUTH_CONFIG has any."),
    DOCKER_HOST(DOCKER, null,
            "Docker daemon address (default unix:///var/run/docker.sock); also passed to docker, git and src."),

    // --- lifecycle ------------------------------------------------------------------------------
    EXECUTOR_MAXIMUM_RUNTIME_PER_JOB(LIFECYCLE, "30m",
            "Longest a job may run before it is stopped and marked errored; 0 means no limit."),
    EXECUTOR_NUM_TOTAL_JOBS(LIFECYCLE, "0",
            "Stop taking jobs after this many, then exit once running jobs finish; 0 means no limit."),
    EXECUTOR_MAX_ACTIVE_TIME(LIFECYCLE, "0",
            "Stop taking jobs after this long, then exit once running jobs finish; 0 means no limit."),
    EXECUTOR_CLEANUP_TASK_INTERVAL(LIFECYCLE, "1m",
            "Period of the janitor that removes leftover containers and workspaces."),
    EXECUTOR_HEARTBEAT_INTERVAL(LIFECYCLE, "5s",
            "Period of heartbeats to the frontend; must stay below 25s, after which the frontend resets jobs."),
    EXECUTOR_CANCEL_GRACE_PERIOD(LIFECYCLE, "10s",
            "How long a cancelled or timed-out job's container may take to stop before it is killed."),
    EXECUTOR_SHUTDOWN_TIMEOUT(LIFECYCLE, "10m",
            "On SIGTERM, how long running jobs may take to finish before they are stopped; 0 means wait forever."),
    EXECUTOR_FINALIZE_TIMEOUT(LIFECYCLE, "5m",
            "How long a finished job's last log updates and its final status are retried through frontend errors."),

    // --- http -----------------------------------------------------------------------------------
    EXECUTOR_HTTP_PORT(HTTP, "6060",
            "Port of the executor's own health and metrics endpoint (0-65535)."),
    QUARKUS_HTTP_PORT(HTTP, null,
            "Quarkus's name for the same port; when set and not empty it wins over EXECUTOR_HTTP_PORT."),
    EXECUTOR_HTTP_HOST(HTTP, "0.0.0.0",
            "Address the health and metrics endpoint listens on."),
    EXECUTOR_FRONTEND_CA_CERT(HTTP, null,
            "PEM file of extra CA certificates to trust for the frontend's TLS certificate, on top of the JVM's and the system's."),
    SSL_CERT_FILE(HTTP, null,
            "PEM bundle read instead of the system CA bundle (/etc/ssl/certs/ca-certificates.crt, ...), as Go does."),
    SSL_CERT_DIR(HTTP, null,
            "Colon-separated directories of PEM CA certificates read instead of /etc/ssl/certs and /etc/pki/tls/certs, as Go does."),
    SRC_HTTP_CLI_INTERNAL_TIMEOUT(HTTP, "0",
            "Overall timeout of one frontend request, retries included, and of each attempt; 0 means the default of 2m."),
    SRC_HTTP_CLI_INTERNAL_RETRY_DELAY_BASE(HTTP, "50ms",
            "Shortest backoff between retries of a frontend request."),
    SRC_HTTP_CLI_INTERNAL_RETRY_DELAY_MAX(HTTP, "1s",
            "Longest backoff between retries of a frontend request."),
    SRC_HTTP_CLI_INTERNAL_RETRY_MAX_ATTEMPTS(HTTP, "20",
            "How many times a failed frontend request is retried."),
    SRC_HTTP_CLI_INTERNAL_RETRY_AFTER_MAX_DURATION(HTTP, "3s",
            "Longest Retry-After a frontend response may ask for and still be retried."),
    HTTP_PROXY(HTTP, null,
            "Proxy URL (http://[user:password@]host[:port]) for frontend requests when EXECUTOR_FRONTEND_URL is http."),
    http_proxy(HTTP, null,
            "Read when HTTP_PROXY is unset or empty."),
    HTTPS_PROXY(HTTP, null,
            "Proxy URL (http://[user:password@]host[:port]) for frontend requests when EXECUTOR_FRONTEND_URL is https."),
    https_proxy(HTTP, null,
            "Read when HTTPS_PROXY is unset or empty."),
    NO_PROXY(HTTP, null,
            "Comma-separated hosts, .domains, IPs, CIDRs (optionally :port) or * reached without the proxy, as Go's rules."),
    no_proxy(HTTP, null,
            "Read when NO_PROXY is unset or empty.");

    /** Sections of {@code --help} and the docs, in display order. */
    public enum Group {
        REQUIRED, GENERAL, DOCKER, LIFECYCLE, HTTP
    }

    /**
     * Suffix of Sourcegraph's per-process override: {@code <NAME>_executor} wins over {@code <NAME>}
     * (the program name with {@code -} turned into {@code _}).
     */
    public static final String PROCESS_OVERRIDE_SUFFIX = "_executor";

    private final Group group;
    private final String defaultValue;
    private final String description;
    private final boolean secret;

    EnvVar(Group group, String defaultValue, String description) {
        this(group, defaultValue, description, false);
    }

    EnvVar(Group group, String defaultValue, String description, boolean secret) {
        this.group = group;
        this.defaultValue = defaultValue;
        this.description = description;
        this.secret = secret;
    }

    public Group group() {
        return group;
    }

    /** The default as text, exactly as documented; {@code null} when there is none. */
    public String defaultValue() {
        return defaultValue;
    }

    public String description() {
        return description;
    }

    /** Whether the value must be masked wherever it is shown. */
    public boolean secret() {
        return secret;
    }

    /**
     * The deprecated variable read in place of this one when this one is unset or empty
     * (Sourcegraph's {@code env.ChooseFallbackVariableName}).
     */
    public Optional<EnvVar> deprecatedFallback() {
        return switch (this) {
            case EXECUTOR_JOB_NUM_CPUS -> Optional.of(EXECUTOR_FIRECRACKER_NUM_CPUS);
            case EXECUTOR_JOB_MEMORY -> Optional.of(EXECUTOR_FIRECRACKER_MEMORY);
            default -> Optional.empty();
        };
    }

    /**
     * The value {@code env} gives this variable by the loader's rules (the {@code _executor} override, the
     * name, the deprecated name, then the default), unmasked; {@code null} when none applies.
     */
    public String valueIn(Map<String, String> env) {
        return new EnvSource(env).read(this).value();
    }

    /** Whether {@code env} sets this variable (or its override or deprecated name) rather than the default applying. */
    public boolean isSetIn(Map<String, String> env) {
        return !new EnvSource(env).read(this).defaulted();
    }

    /** The variables of one group, in catalogue order. */
    public static List<EnvVar> inGroup(Group group) {
        return Arrays.stream(values()).filter(v -> v.group == group).toList();
    }

    /**
     * Finds the variable an environment entry configures, recognising the per-process override form
     * {@code <NAME>_executor} too; empty for names the executor does not read (useful to warn about
     * typos in env files).
     */
    public static Optional<EnvVar> lookup(String name) {
        String base = name.endsWith(PROCESS_OVERRIDE_SUFFIX)
                ? name.substring(0, name.length() - PROCESS_OVERRIDE_SUFFIX.length())
                : name;
        return Arrays.stream(values()).filter(v -> v.name().equals(base)).findFirst();
    }
}
