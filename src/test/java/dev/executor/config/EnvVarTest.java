package dev.executor.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class EnvVarTest {

    /** Every variable the executor must document, with its default ({@code null}: none). */
    private static final Map<String, String> DEFAULTS = new LinkedHashMap<>();

    static {
        String[][] table = {
                {"EXECUTOR_FRONTEND_URL", null}, {"EXECUTOR_FRONTEND_PASSWORD", null},
                {"EXECUTOR_QUEUE_NAME", null}, {"EXECUTOR_QUEUE_NAMES", null},
                {"EXECUTOR_QUEUE_POLL_INTERVAL", "1s"}, {"EXECUTOR_MAXIMUM_NUM_JOBS", "1"},
                {"EXECUTOR_JOB_NUM_CPUS", "4"}, {"EXECUTOR_JOB_MEMORY", "12G"},
                {"EXECUTOR_FIRECRACKER_NUM_CPUS", null}, {"EXECUTOR_FIRECRACKER_MEMORY", null},
                {"EXECUTOR_FIRECRACKER_DISK_SPACE", "20G"}, {"EXECUTOR_MAXIMUM_RUNTIME_PER_JOB", "30m"},
                {"EXECUTOR_NUM_TOTAL_JOBS", "0"}, {"EXECUTOR_MAX_ACTIVE_TIME", "0"},
                {"EXECUTOR_CLEANUP_TASK_INTERVAL", "1m"}, {"EXECUTOR_KEEP_WORKSPACES", "false"},
                {"EXECUTOR_USE_FIRECRACKER", "false"}, {"EXECUTOR_DOCKER_HOST_MOUNT_PATH", null},
                {"EXECUTOR_DOCKER_ADD_HOST_GATEWAY", "false"}, {"EXECUTOR_DOCKER_AUTH_CONFIG", null},
                {"EXECUTOR_DOCKER_ADDITIONAL_MOUNTS", null}, {"EXECUTOR_DOCKER_PULL_POLICY", "if-not-present"},
                {"EXECUTOR_HEARTBEAT_INTERVAL", "5s"}, {"EXECUTOR_CANCEL_GRACE_PERIOD", "10s"},
                {"EXECUTOR_SHUTDOWN_TIMEOUT", "10m"}, {"EXECUTOR_FINALIZE_TIMEOUT", "5m"}, {"EXECUTOR_SOURCEGRAPH_VERSION", "5.3.0"},
                {"EXECUTOR_STATE_DIR", "/var/lib/executor"}, {"EXECUTOR_MAX_LOG_ENTRY_BYTES", "16M"},
                {"EXECUTOR_MIN_FREE_DISK", "1G"}, {"EXECUTOR_HTTP_PORT", "6060"},
                {"EXECUTOR_HTTP_HOST", "0.0.0.0"}, {"EXECUTOR_LOG_FORMAT", "text"}, {"SRC_LOG_LEVEL", "warn"},
                {"EXECUTOR_FRONTEND_CA_CERT", null}, {"TMPDIR", "/tmp"},
                {"SRC_HTTP_CLI_INTERNAL_TIMEOUT", "0"}, {"SRC_HTTP_CLI_INTERNAL_RETRY_DELAY_BASE", "50ms"},
                {"SRC_HTTP_CLI_INTERNAL_RETRY_DELAY_MAX", "1s"}, {"SRC_HTTP_CLI_INTERNAL_RETRY_MAX_ATTEMPTS", "20"},
                {"SRC_HTTP_CLI_INTERNAL_RETRY_AFTER_MAX_DURATION", "3s"},
                {"HOSTNAME", null}, {"HTTP_PROXY", null}, {"HTTPS_PROXY", null}, {"NO_PROXY", null},
                {"http_proxy", null}, {"https_proxy", null}, {"no_proxy", null},
                {"SSL_CERT_FILE", null}, {"SSL_CERT_DIR", null},
                {"SRC_LOG_FORMAT", null}, {"NODE_EXPORTER_URL", null}, {"DOCKER_HOST", null},
                {"EXECUTOR_DOCKER_JOB_NETWORK", "true"}, {"HOME", null},
                {"EXECUTOR_JAVA_OPTS", null}, {"QUARKUS_HTTP_PORT", null},
                {"EXECUTOR_DOCKER_JOB_NETWORK_FIREWALL", "true"}, {"EXECUTOR_DOCKER_JOB_NETWORK_BLOCKED_CIDRS", null},
        };
        for (String[] row : table) {
            DEFAULTS.put(row[0], row[1]);
        }
    }

    @Test
    void catalogueHasExactlyTheDocumentedVariablesAndDefaults() {
        Set<String> names = Arrays.stream(EnvVar.values()).map(Enum::name).collect(Collectors.toSet());
        assertEquals(DEFAULTS.keySet(), names);
        DEFAULTS.forEach((name, def) -> assertEquals(def, EnvVar.valueOf(name).defaultValue(), name));
    }

    @Test
    void onlyThePasswordAndAuthConfigAreSecret() {
        Set<EnvVar> secret = Arrays.stream(EnvVar.values()).filter(EnvVar::secret).collect(Collectors.toSet());
        assertEquals(Set.of(EnvVar.EXECUTOR_FRONTEND_PASSWORD, EnvVar.EXECUTOR_DOCKER_AUTH_CONFIG), secret);
    }

    @Test
    void everyVariableHasAOneLineDescriptionAndEveryGroupIsUsed() {
        for (EnvVar var : EnvVar.values()) {
            assertFalse(var.description().isBlank(), var.name());
            assertFalse(var.description().contains("\n"), var.name());
        }
        for (EnvVar.Group group : EnvVar.Group.values()) {
            assertFalse(EnvVar.inGroup(group).isEmpty(), group.name());
        }
        EnvVar.inGroup(EnvVar.Group.REQUIRED).forEach(v -> assertNull(v.defaultValue(), v.name()));
    }

    @Test
    void lookupKnowsPlainAndOverrideNames() {
        assertEquals(Optional.of(EnvVar.SRC_LOG_LEVEL), EnvVar.lookup("SRC_LOG_LEVEL"));
        assertEquals(Optional.of(EnvVar.SRC_LOG_LEVEL), EnvVar.lookup("SRC_LOG_LEVEL_executor"));
        assertEquals(Optional.empty(), EnvVar.lookup("EXECUTOR_QUEUE_NAMEZ"));
        assertEquals(Optional.empty(), EnvVar.lookup("EXECUTOR_VM_PREFIX"));
    }

    @Test
    void deprecatedFallbacks() {
        assertEquals(Optional.of(EnvVar.EXECUTOR_FIRECRACKER_NUM_CPUS), EnvVar.EXECUTOR_JOB_NUM_CPUS.deprecatedFallback());
        assertEquals(Optional.of(EnvVar.EXECUTOR_FIRECRACKER_MEMORY), EnvVar.EXECUTOR_JOB_MEMORY.deprecatedFallback());
        assertTrue(EnvVar.EXECUTOR_QUEUE_NAME.deprecatedFallback().isEmpty());
    }
}
