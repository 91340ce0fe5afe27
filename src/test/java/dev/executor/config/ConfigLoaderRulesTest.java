package dev.executor.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.executor.testing.tls.StaticCertificate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** One rule per variable: each bad value gives exactly one error, naming the variable and value. */
class ConfigLoaderRulesTest {

    @ParameterizedTest(name = "{0}=\"{1}\" is rejected")
    @CsvSource(delimiter = '|', value = {
            "EXECUTOR_QUEUE_POLL_INTERVAL      | 5 minutes",
            "EXECUTOR_QUEUE_POLL_INTERVAL      | 5",
            "EXECUTOR_QUEUE_POLL_INTERVAL      | -1s",
            "EXECUTOR_MAXIMUM_NUM_JOBS         | 0",
            "EXECUTOR_MAXIMUM_NUM_JOBS         | two",
            "EXECUTOR_MAXIMUM_NUM_JOBS         | 1.5",
            "EXECUTOR_MAXIMUM_NUM_JOBS         | 99999999999",
            "EXECUTOR_MAXIMUM_NUM_JOBS         | \u0663",
            "EXECUTOR_JOB_NUM_CPUS             | -1",
            "EXECUTOR_JOB_NUM_CPUS             | 0.5",
            "EXECUTOR_JOB_MEMORY               | 12X",
            "EXECUTOR_JOB_MEMORY               | 1k",
            "EXECUTOR_FIRECRACKER_DISK_SPACE   | lots",
            "EXECUTOR_MAXIMUM_RUNTIME_PER_JOB  | 30",
            "EXECUTOR_MAXIMUM_RUNTIME_PER_JOB  | -30m",
            "EXECUTOR_NUM_TOTAL_JOBS           | -1",
            "EXECUTOR_MAX_ACTIVE_TIME          | forever",
            "EXECUTOR_CLEANUP_TASK_INTERVAL    | 0",
            "EXECUTOR_CLEANUP_TASK_INTERVAL    | -1m",
            "EXECUTOR_KEEP_WORKSPACES          | yes",
            "EXECUTOR_KEEP_WORKSPACES          | tRuE",
            "EXECUTOR_DOCKER_ADD_HOST_GATEWAY  | on",
            "EXECUTOR_HEARTBEAT_INTERVAL       | 0",
            "EXECUTOR_HEARTBEAT_INTERVAL       | 25s",
            "EXECUTOR_HEARTBEAT_INTERVAL       | 1m",
            "EXECUTOR_CANCEL_GRACE_PERIOD      | -1s",
            "EXECUTOR_SHUTDOWN_TIMEOUT         | 10 minutes",
            "EXECUTOR_FINALIZE_TIMEOUT         | 0",
            "EXECUTOR_FINALIZE_TIMEOUT         | -5m",
            "EXECUTOR_SOURCEGRAPH_VERSION      | 4.2.9",
            "EXECUTOR_SOURCEGRAPH_VERSION      | 5.3",
            "EXECUTOR_SOURCEGRAPH_VERSION      | v5.3.0",
            "EXECUTOR_SOURCEGRAPH_VERSION      | latest",
            "EXECUTOR_STATE_DIR                | var/lib/executor",
            "EXECUTOR_MAX_LOG_ENTRY_BYTES      | 0",
            "EXECUTOR_MIN_FREE_DISK            | -1G",
            "EXECUTOR_HTTP_PORT                | 65536",
            "EXECUTOR_HTTP_PORT                | -1",
            "EXECUTOR_HTTP_PORT                | http",
            "EXECUTOR_LOG_FORMAT               | xml",
            "SRC_LOG_LEVEL                     | verbose",
            "SRC_LOG_LEVEL                     | trace",
            "TMPDIR                            | tmp",
            "EXECUTOR_DOCKER_HOST_MOUNT_PATH   | relative/path",
            "EXECUTOR_DOCKER_PULL_POLICY       | sometimes",
            "EXECUTOR_DOCKER_PULL_POLICY       | IfNotPresent",
            "EXECUTOR_FRONTEND_CA_CERT         | /nonexistent/ca.pem",
            "SRC_HTTP_CLI_INTERNAL_TIMEOUT     | 1",
            "SRC_HTTP_CLI_INTERNAL_RETRY_DELAY_BASE | -50ms",
            "SRC_HTTP_CLI_INTERNAL_RETRY_DELAY_MAX  | 10ms",
            "SRC_HTTP_CLI_INTERNAL_RETRY_MAX_ATTEMPTS | -1",
            "SRC_HTTP_CLI_INTERNAL_RETRY_AFTER_MAX_DURATION | 3",
    })
    void rejectsBadValue(String variable, String value) {
        ConfigError error = TestEnv.onlyError(variable, value);
        assertEquals(variable, error.variable());
        assertEquals(value, error.value());
        assertTrue(error.message().startsWith(variable + "=\"" + value + "\": expected "), error.message());
    }

    @ParameterizedTest(name = "{0}=\"{1}\" is accepted")
    @CsvSource(delimiter = '|', value = {
            "EXECUTOR_QUEUE_POLL_INTERVAL     | 0",
            "EXECUTOR_HEARTBEAT_INTERVAL      | 24.999s",
            "EXECUTOR_SOURCEGRAPH_VERSION     | 4.3.0",
            "EXECUTOR_SOURCEGRAPH_VERSION     | 4.3.0-rc.1",
            "EXECUTOR_SOURCEGRAPH_VERSION     | 10.0.0",
            "EXECUTOR_SOURCEGRAPH_VERSION     | 0.0.0+dev",
            "EXECUTOR_JOB_MEMORY              | 6m",
            "EXECUTOR_JOB_NUM_CPUS            | +2",
            "EXECUTOR_HTTP_PORT               | 65535",
            "EXECUTOR_DOCKER_PULL_POLICY      | always",
            "SRC_LOG_LEVEL                    | Error",
            "SRC_LOG_LEVEL                    | debug",
            "SRC_LOG_LEVEL                    | crit",
            "SRC_HTTP_CLI_INTERNAL_RETRY_DELAY_MAX | 50ms",
    })
    void acceptsGoodValue(String variable, String value) {
        TestEnv.load(variable, value);
    }

    @Test
    void durationErrorReadsLikeTheDocs() {
        assertEquals("EXECUTOR_QUEUE_POLL_INTERVAL=\"5 minutes\": expected a Go duration such as 500ms, 1s, 30m or 1h30m",
                TestEnv.onlyError("EXECUTOR_QUEUE_POLL_INTERVAL", "5 minutes").message());
    }

    @Test
    void heartbeatErrorExplainsTheFrontendLimit() {
        assertTrue(TestEnv.onlyError("EXECUTOR_HEARTBEAT_INTERVAL", "30s").expected().contains("25s"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "t", "T", "TRUE", "true", "True"})
    void goTrueSpellings(String value) {
        assertTrue(TestEnv.load("EXECUTOR_KEEP_WORKSPACES", value).keepWorkspaces());
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "f", "F", "FALSE", "false", "False"})
    void goFalseSpellings(String value) {
        assertFalse(TestEnv.load("EXECUTOR_KEEP_WORKSPACES", value).keepWorkspaces());
    }

    @Test
    void firecrackerIsRefusedWithAnInstruction() {
        ConfigError error = TestEnv.onlyError("EXECUTOR_USE_FIRECRACKER", "true");
        assertEquals("EXECUTOR_USE_FIRECRACKER", error.variable());
        assertTrue(error.message().contains(
                "only the Docker runtime is supported by this executor; set EXECUTOR_USE_FIRECRACKER=false"), error.message());
    }

    @Test
    void memoryZeroOrEmptyMeansNoLimit() {
        assertTrue(TestEnv.load("EXECUTOR_JOB_MEMORY", "0").jobMemory().isZero());
        assertTrue(TestEnv.load("EXECUTOR_JOB_MEMORY", "").jobMemory().isZero());
    }

    @Test
    void emptyPathsMeanTheDefault() {
        assertEquals(Path.of("/tmp"), TestEnv.load("TMPDIR", "").workspaceRoot());
        assertEquals(Path.of("/var/lib/executor"), TestEnv.load("EXECUTOR_STATE_DIR", "").stateDir());
        assertEquals(null, TestEnv.load("EXECUTOR_DOCKER_HOST_MOUNT_PATH", "").dockerHostMountPath());
        assertEquals(null, TestEnv.load("EXECUTOR_FRONTEND_CA_CERT", "").frontendCaCert());
    }

    @Test
    void caCertMustBeAReadableFile(@TempDir Path dir) throws Exception {
        assertEquals("EXECUTOR_FRONTEND_CA_CERT", TestEnv.onlyError("EXECUTOR_FRONTEND_CA_CERT", dir.toString()).variable());
        Path notPem = Files.writeString(dir.resolve("not.pem"), "pem");
        assertEquals("EXECUTOR_FRONTEND_CA_CERT", TestEnv.onlyError("EXECUTOR_FRONTEND_CA_CERT", notPem.toString()).variable());
        Path ca = Files.writeString(dir.resolve("ca.pem"), StaticCertificate.PEM);
        assertEquals(ca, TestEnv.load("EXECUTOR_FRONTEND_CA_CERT", ca.toString()).frontendCaCert());
    }

    @Test
    void emptyHttpHostIsAnError() {
        assertTrue(TestEnv.onlyError("EXECUTOR_HTTP_HOST", "").message().contains("no value supplied"));
    }

    @Test
    void retryDelayMaxBelowBaseNamesBoth() {
        ConfigError error = TestEnv.onlyError("SRC_HTTP_CLI_INTERNAL_RETRY_DELAY_BASE", "2s");
        assertEquals("SRC_HTTP_CLI_INTERNAL_RETRY_DELAY_MAX", error.variable());
        assertEquals("1s", error.value());
        assertTrue(error.expected().contains("SRC_HTTP_CLI_INTERNAL_RETRY_DELAY_BASE (2s)"), error.expected());
    }

    @Test
    void fractionalDurationsKeepTheirPrecision() {
        assertEquals(Duration.ofMillis(1500), TestEnv.load("EXECUTOR_CANCEL_GRACE_PERIOD", "1.5s").cancelGracePeriod());
    }
}
