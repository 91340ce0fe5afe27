package dev.executor.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.executor.config.ExecutorConfig.HttpRetrySettings;
import dev.executor.testing.tls.StaticCertificate;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What an operator gets from the minimal environment, and that every variable is actually read. */
class ConfigLoaderDefaultsTest {

    @Test
    void minimalEnvironmentGivesTheDocumentedDefaults() {
        ExecutorConfig c = TestEnv.load();
        assertEquals(URI.create("https://sourcegraph.example.com"), c.frontendUrl());
        assertEquals(TestEnv.PASSWORD, c.frontendPassword());
        assertEquals("batches", c.queueName());
        assertEquals(List.of("batches"), c.queueNames());
        assertEquals(Duration.ofSeconds(1), c.pollInterval());
        assertEquals(1, c.maximumNumJobs());
        assertEquals(4, c.jobNumCpus());
        assertEquals(new DataSize("12G", 12L << 30), c.jobMemory());
        assertEquals(new DataSize("20G", 20L << 30), c.diskSpace());
        assertEquals(Duration.ofMinutes(30), c.maximumRuntimePerJob());
        assertEquals(0, c.numTotalJobs());
        assertEquals(Duration.ZERO, c.maxActiveTime());
        assertEquals(Duration.ofMinutes(1), c.cleanupTaskInterval());
        assertFalse(c.keepWorkspaces());
        assertNull(c.dockerHostMountPath());
        assertFalse(c.dockerAddHostGateway());
        assertNull(c.dockerAuthConfig());
        assertEquals(List.of(), c.dockerAdditionalMounts());
        assertEquals(PullPolicy.IF_NOT_PRESENT, c.dockerPullPolicy());
        assertEquals(Duration.ofSeconds(5), c.heartbeatInterval());
        assertEquals(Duration.ofSeconds(10), c.cancelGracePeriod());
        assertEquals(Duration.ofMinutes(10), c.shutdownTimeout());
        assertEquals(Duration.ofMinutes(5), c.finalizeTimeout());
        assertEquals("5.3.0", c.advertisedVersion());
        assertEquals(Path.of("/var/lib/executor"), c.stateDir());
        assertEquals(16L << 20, c.maxLogEntryBytes().bytes());
        assertEquals(1L << 30, c.minFreeDisk().bytes());
        assertEquals(6060, c.httpPort());
        assertEquals("0.0.0.0", c.httpHost());
        assertEquals("text", c.logFormat());
        assertEquals("warn", c.logLevel());
        assertNull(c.frontendCaCert());
        assertEquals(Path.of("/tmp"), c.workspaceRoot());
        assertEquals(new HttpRetrySettings(Duration.ZERO, Duration.ofMillis(50), Duration.ofSeconds(1), 20,
                Duration.ofSeconds(3)), c.httpRetry());
    }

    @Test
    void everyVariableIsReadWhenSet(@TempDir Path dir) throws Exception {
        Path ca = Files.writeString(dir.resolve("ca.pem"), StaticCertificate.PEM);
        ExecutorConfig c = ConfigLoader.load(TestEnv.only(
                "EXECUTOR_FRONTEND_URL", "http://host.docker.internal:3080",
                "EXECUTOR_FRONTEND_PASSWORD", "pw",
                "EXECUTOR_QUEUE_NAMES", "codeintel,batches",
                "EXECUTOR_QUEUE_POLL_INTERVAL", "250ms",
                "EXECUTOR_MAXIMUM_NUM_JOBS", "8",
                "EXECUTOR_JOB_NUM_CPUS", "0",
                "EXECUTOR_JOB_MEMORY", "0",
                "EXECUTOR_FIRECRACKER_DISK_SPACE", "100G",
                "EXECUTOR_MAXIMUM_RUNTIME_PER_JOB", "1h30m",
                "EXECUTOR_NUM_TOTAL_JOBS", "3",
                "EXECUTOR_MAX_ACTIVE_TIME", "2h",
                "EXECUTOR_CLEANUP_TASK_INTERVAL", "30s",
                "EXECUTOR_KEEP_WORKSPACES", "t",
                "EXECUTOR_USE_FIRECRACKER", "False",
                "EXECUTOR_DOCKER_HOST_MOUNT_PATH", "/srv/ws",
                "EXECUTOR_DOCKER_ADD_HOST_GATEWAY", "1",
                "EXECUTOR_DOCKER_AUTH_CONFIG", "{\"auths\":{}}",
                "EXECUTOR_DOCKER_ADDITIONAL_MOUNTS", "target=/cache",
                "EXECUTOR_DOCKER_PULL_POLICY", "never",
                "EXECUTOR_HEARTBEAT_INTERVAL", "2s",
                "EXECUTOR_CANCEL_GRACE_PERIOD", "0",
                "EXECUTOR_SHUTDOWN_TIMEOUT", "0",
                "EXECUTOR_FINALIZE_TIMEOUT", "90s",
                "EXECUTOR_SOURCEGRAPH_VERSION", "dev",
                "EXECUTOR_STATE_DIR", "/state",
                "EXECUTOR_MAX_LOG_ENTRY_BYTES", "1M",
                "EXECUTOR_MIN_FREE_DISK", "0",
                "EXECUTOR_HTTP_PORT", "0",
                "EXECUTOR_HTTP_HOST", "127.0.0.1",
                "EXECUTOR_LOG_FORMAT", "JSON",
                "SRC_LOG_LEVEL", "DBUG",
                "EXECUTOR_FRONTEND_CA_CERT", ca.toString(),
                "TMPDIR", "/scratch",
                "SRC_HTTP_CLI_INTERNAL_TIMEOUT", "1m",
                "SRC_HTTP_CLI_INTERNAL_RETRY_DELAY_BASE", "100ms",
                "SRC_HTTP_CLI_INTERNAL_RETRY_DELAY_MAX", "2s",
                "SRC_HTTP_CLI_INTERNAL_RETRY_MAX_ATTEMPTS", "0",
                "SRC_HTTP_CLI_INTERNAL_RETRY_AFTER_MAX_DURATION", "10s"));
        assertEquals(URI.create("http://host.docker.internal:3080"), c.frontendUrl());
        assertEquals("pw", c.frontendPassword());
        assertEquals(List.of("batches", "codeintel"), c.queueNames());
        assertEquals(Duration.ofMillis(250), c.pollInterval());
        assertEquals(8, c.maximumNumJobs());
        assertEquals(0, c.jobNumCpus());
        assertEquals(DataSize.parse("0"), c.jobMemory());
        assertEquals(100L << 30, c.diskSpace().bytes());
        assertEquals(Duration.ofMinutes(90), c.maximumRuntimePerJob());
        assertEquals(3, c.numTotalJobs());
        assertEquals(Duration.ofHours(2), c.maxActiveTime());
        assertEquals(Duration.ofSeconds(30), c.cleanupTaskInterval());
        assertEquals(true, c.keepWorkspaces());
        assertEquals("/srv/ws", c.dockerHostMountPath());
        assertEquals(true, c.dockerAddHostGateway());
        assertEquals("{\"auths\":{}}", c.dockerAuthConfig());
        assertEquals(List.of("target=/cache"), c.dockerAdditionalMounts());
        assertEquals(PullPolicy.NEVER, c.dockerPullPolicy());
        assertEquals(Duration.ofSeconds(2), c.heartbeatInterval());
        assertEquals(Duration.ZERO, c.cancelGracePeriod());
        assertEquals(Duration.ZERO, c.shutdownTimeout());
        assertEquals(Duration.ofSeconds(90), c.finalizeTimeout());
        assertEquals("dev", c.advertisedVersion());
        assertEquals(Path.of("/state"), c.stateDir());
        assertEquals(1L << 20, c.maxLogEntryBytes().bytes());
        assertEquals(0, c.minFreeDisk().bytes());
        assertEquals(0, c.httpPort());
        assertEquals("127.0.0.1", c.httpHost());
        assertEquals("json", c.logFormat());
        assertEquals("dbug", c.logLevel());
        assertEquals(ca, c.frontendCaCert());
        assertEquals(Path.of("/scratch"), c.workspaceRoot());
        assertEquals(new HttpRetrySettings(Duration.ofMinutes(1), Duration.ofMillis(100), Duration.ofSeconds(2), 0,
                Duration.ofSeconds(10)), c.httpRetry());
    }

    @Test
    void catalogueDefaultsAreTheOnesInEffect() {
        // Setting every variable to its own documented default must change nothing.
        ExecutorConfig byDefault = TestEnv.load();
        String[] explicit = java.util.Arrays.stream(EnvVar.values())
                .filter(v -> v.defaultValue() != null)
                .flatMap(v -> java.util.stream.Stream.of(v.name(), v.defaultValue()))
                .toArray(String[]::new);
        assertEquals(byDefault, TestEnv.load(explicit));
    }
}
