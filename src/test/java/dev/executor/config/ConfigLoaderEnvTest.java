package dev.executor.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Required variables, Sourcegraph's lookup rules, and reporting every error at once. */
class ConfigLoaderEnvTest {

    @Test
    void emptyEnvironmentReportsEveryRequiredVariable() {
        List<ConfigError> errors = TestEnv.errors(TestEnv.only());
        assertEquals(List.of("EXECUTOR_FRONTEND_URL", "EXECUTOR_FRONTEND_PASSWORD", "EXECUTOR_QUEUE_NAME"),
                errors.stream().map(ConfigError::variable).toList());
        errors.forEach(e -> assertTrue(e.message().contains("no value supplied"), e.message()));
    }

    @Test
    void emptyPasswordSaysNoValueSupplied() {
        ConfigError error = TestEnv.onlyError("EXECUTOR_FRONTEND_PASSWORD", "");
        assertEquals("EXECUTOR_FRONTEND_PASSWORD", error.variable());
        assertEquals("", error.value());
        assertTrue(error.message().contains("no value supplied"), error.message());
    }

    @ParameterizedTest
    @ValueSource(strings = {"sourcegraph.example.com", "localhost:3080", "ftp://sourcegraph.example.com",
            "https://", "https:///path", "http://exa mple.com", "//sourcegraph.example.com", "https://under_score:80"})
    void frontendUrlNeedsHttpSchemeAndHost(String url) {
        ConfigError error = TestEnv.onlyError("EXECUTOR_FRONTEND_URL", url);
        assertEquals("EXECUTOR_FRONTEND_URL", error.variable());
        assertEquals(url, error.value());
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://localhost:3080", "https://sourcegraph.example.com/", "HTTPS://SG.EXAMPLE.COM",
            "http://10.0.0.1:7080/prefix"})
    void frontendUrlAcceptsHttpUrls(String url) {
        assertEquals(URI.create(url), TestEnv.load("EXECUTOR_FRONTEND_URL", url).frontendUrl());
    }

    @Test
    void quarkusHttpPortWinsOverExecutorHttpPortWhenSet() {
        assertEquals(6060, TestEnv.load().httpPort());
        assertEquals(7070, TestEnv.load("EXECUTOR_HTTP_PORT", "7070").httpPort());
        assertEquals(7171, TestEnv.load("EXECUTOR_HTTP_PORT", "7070", "QUARKUS_HTTP_PORT", "7171").httpPort());
        assertEquals(7070, TestEnv.load("EXECUTOR_HTTP_PORT", "7070", "QUARKUS_HTTP_PORT", "").httpPort());
        assertEquals("QUARKUS_HTTP_PORT", ConfigLoader.httpPortVariable(java.util.Map.of("QUARKUS_HTTP_PORT", "1")));
        assertEquals("EXECUTOR_HTTP_PORT", ConfigLoader.httpPortVariable(java.util.Map.of("QUARKUS_HTTP_PORT", "")));
        ConfigError error = TestEnv.onlyError("QUARKUS_HTTP_PORT", "70000");
        assertEquals("QUARKUS_HTTP_PORT", error.variable());
    }

    @Test
    void hostDockerInternalNeedsTheHostGateway() {
        ConfigError error = TestEnv.onlyError("EXECUTOR_FRONTEND_URL", "http://host.docker.internal:3080");
        assertTrue(error.message().contains("EXECUTOR_DOCKER_ADD_HOST_GATEWAY=true"), error.message());
        TestEnv.load("EXECUTOR_FRONTEND_URL", "http://host.docker.internal:3080", "EXECUTOR_DOCKER_ADD_HOST_GATEWAY", "true");
    }

    @Test
    void anInvalidGatewayFlagIsReportedOnceNotTwice() {
        List<ConfigError> errors = TestEnv.errors(TestEnv.minimal(
                "EXECUTOR_FRONTEND_URL", "http://host.docker.internal:3080", "EXECUTOR_DOCKER_ADD_HOST_GATEWAY", "yes"));
        assertEquals(List.of("EXECUTOR_DOCKER_ADD_HOST_GATEWAY"), errors.stream().map(ConfigError::variable).toList());
    }

    @Test
    void perProcessOverrideWins() {
        ExecutorConfig config = TestEnv.load(
                "EXECUTOR_MAXIMUM_NUM_JOBS", "2", "EXECUTOR_MAXIMUM_NUM_JOBS_executor", "4",
                "SRC_LOG_LEVEL_executor", "info");
        assertEquals(4, config.maximumNumJobs());
        assertEquals("info", config.logLevel());
    }

    @Test
    void emptyOverrideStillOverrides() {
        // Go's os.LookupEnv semantics: set-but-empty is a value, so the override hides the plain name.
        assertTrue(TestEnv.load("EXECUTOR_JOB_MEMORY", "4G", "EXECUTOR_JOB_MEMORY_executor", "").jobMemory().isZero());
    }

    @Test
    void errorsNameTheOverrideThatWasRead() {
        ConfigError error = TestEnv.onlyError("EXECUTOR_MAXIMUM_NUM_JOBS", "2", "EXECUTOR_MAXIMUM_NUM_JOBS_executor", "x");
        assertEquals("EXECUTOR_MAXIMUM_NUM_JOBS_executor", error.variable());
        assertEquals("x", error.value());
    }

    @Test
    void deprecatedNamesAreFallbacks() {
        ExecutorConfig old = TestEnv.load("EXECUTOR_FIRECRACKER_NUM_CPUS", "2", "EXECUTOR_FIRECRACKER_MEMORY", "8G");
        assertEquals(2, old.jobNumCpus());
        assertEquals(8L << 30, old.jobMemory().bytes());

        ExecutorConfig emptyNew = TestEnv.load("EXECUTOR_JOB_NUM_CPUS", "", "EXECUTOR_FIRECRACKER_NUM_CPUS", "2");
        assertEquals(2, emptyNew.jobNumCpus());

        ExecutorConfig both = TestEnv.load("EXECUTOR_JOB_NUM_CPUS", "6", "EXECUTOR_FIRECRACKER_NUM_CPUS", "2",
                "EXECUTOR_JOB_MEMORY", "4G", "EXECUTOR_FIRECRACKER_MEMORY", "8G");
        assertEquals(6, both.jobNumCpus());
        assertEquals(4L << 30, both.jobMemory().bytes());
    }

    @Test
    void emptyDeprecatedNameDoesNotHideTheDefault() {
        assertEquals(4, TestEnv.load("EXECUTOR_FIRECRACKER_NUM_CPUS", "").jobNumCpus());
    }

    @Test
    void errorsNameTheDeprecatedVariableThatWasRead() {
        ConfigError error = TestEnv.onlyError("EXECUTOR_FIRECRACKER_MEMORY", "lots");
        assertEquals("EXECUTOR_FIRECRACKER_MEMORY", error.variable());
    }

    @Test
    void everyErrorIsReportedAtOnceInReadingOrder() {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(TestEnv.minimal(
                "EXECUTOR_FRONTEND_URL", "sourcegraph.example.com",
                "EXECUTOR_QUEUE_NAMES", "batches",
                "EXECUTOR_QUEUE_POLL_INTERVAL", "5 minutes",
                "EXECUTOR_MAXIMUM_NUM_JOBS", "0",
                "EXECUTOR_USE_FIRECRACKER", "true",
                "EXECUTOR_DOCKER_PULL_POLICY", "sometimes",
                "SRC_HTTP_CLI_INTERNAL_RETRY_MAX_ATTEMPTS", "many")));
        List<String> variables = e.errors().stream().map(ConfigError::variable).toList();
        assertEquals(List.of("EXECUTOR_FRONTEND_URL", "EXECUTOR_QUEUE_NAMES", "EXECUTOR_QUEUE_POLL_INTERVAL",
                "EXECUTOR_MAXIMUM_NUM_JOBS", "EXECUTOR_USE_FIRECRACKER", "EXECUTOR_DOCKER_PULL_POLICY",
                "SRC_HTTP_CLI_INTERNAL_RETRY_MAX_ATTEMPTS"), variables);
        String[] lines = e.getMessage().split("\n");
        assertEquals(8, lines.length, e.getMessage());
        for (int i = 0; i < variables.size(); i++) {
            assertEquals("  " + e.errors().get(i).message(), lines[i + 1]);
        }
    }

    @Test
    void secretsNeverReachTheMessage() {
        String secretJson = "{\"auths\": {\"registry.example.com\": {\"auth\": \"c2VjcmV0\"}} trailing-s3cr3t}";
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(TestEnv.minimal(
                "EXECUTOR_DOCKER_AUTH_CONFIG", secretJson,
                "EXECUTOR_QUEUE_POLL_INTERVAL", "bad")));
        assertFalse(e.getMessage().contains("s3cr3t"), e.getMessage());
        assertFalse(e.getMessage().contains("c2VjcmV0"), e.getMessage());
        assertFalse(e.getMessage().contains(TestEnv.PASSWORD), e.getMessage());
        ConfigError auth = e.errors().stream().filter(x -> x.variable().equals("EXECUTOR_DOCKER_AUTH_CONFIG"))
                .findFirst().orElseThrow();
        assertEquals(SecretMask.mask(secretJson), auth.value());
    }

    @Test
    void shortSecretsAreFullyHidden() {
        ConfigError error = TestEnv.onlyError("EXECUTOR_DOCKER_AUTH_CONFIG", "[1]");
        assertEquals("********", error.value());
    }
}
