package dev.executor.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExecutorConfigTest {

    @Test
    void singleQueue() {
        ExecutorConfig config = TestEnv.load("EXECUTOR_QUEUE_NAME", "codeintel");
        assertFalse(config.multiQueue());
        assertEquals("codeintel", config.queueName());
        assertEquals(List.of("codeintel"), config.queueNames());
        assertEquals("codeintel", config.queueLabel());
        assertEquals("executor_codeintel_worker", config.workerName());
    }

    @Test
    void multiQueueSortsNamesForLabelsAndWorkerName() {
        ExecutorConfig config = TestEnv.load("EXECUTOR_QUEUE_NAME", null, "EXECUTOR_QUEUE_NAMES", "codeintel,batches");
        assertTrue(config.multiQueue());
        assertNull(config.queueName());
        assertEquals(List.of("batches", "codeintel"), config.queueNames());
        assertEquals("batches_codeintel", config.queueLabel());
        assertEquals("executor_batches_codeintel_worker", config.workerName());
    }

    @Test
    void aOneItemQueueListIsStillMultiQueue() {
        ExecutorConfig config = TestEnv.load("EXECUTOR_QUEUE_NAME", null, "EXECUTOR_QUEUE_NAMES", "batches");
        assertTrue(config.multiQueue());
        assertEquals(List.of("batches"), config.queueNames());
        assertEquals("executor_batches_worker", config.workerName());
    }

    @Test
    void listsAreImmutable() {
        ExecutorConfig config = TestEnv.load("EXECUTOR_DOCKER_ADDITIONAL_MOUNTS", "target=/a");
        assertThrows(UnsupportedOperationException.class, () -> config.queueNames().add("x"));
        assertThrows(UnsupportedOperationException.class, () -> config.dockerAdditionalMounts().add("x"));
    }

    @Test
    void handBuiltConfigsGetTheSameQueueNormalisation() {
        ExecutorConfig loaded = TestEnv.load();
        List<String> unsorted = new ArrayList<>(List.of("codeintel", "batches"));
        ExecutorConfig multi = copyWithQueues(loaded, null, unsorted);
        assertEquals(List.of("batches", "codeintel"), multi.queueNames());
        ExecutorConfig single = copyWithQueues(loaded, "batches", null);
        assertEquals(List.of("batches"), single.queueNames());
        assertEquals(List.of(), copyWithQueues(loaded, "batches", null).dockerAdditionalMounts());
    }

    @Test
    void additionalMountSpecsAreParsed() {
        ExecutorConfig config = TestEnv.load("EXECUTOR_DOCKER_ADDITIONAL_MOUNTS",
                "type=bind,source=/a,target=/b,readonly;type=volume,source=cache,target=/cache");
        assertEquals(List.of(new MountSpec("bind", "/a", "/b", true), new MountSpec("volume", "cache", "/cache", false)),
                config.additionalMountSpecs());
    }

    @Test
    void toStringMasksSecrets() {
        String authConfig = "{\"auths\":{\"registry.example.com\":{\"auth\":\"dXNlcjpzM2NyM3RwYXNz\"}}}";
        String text = TestEnv.load("EXECUTOR_DOCKER_AUTH_CONFIG", authConfig).toString();
        assertFalse(text.contains(TestEnv.PASSWORD), text);
        assertFalse(text.contains("dXNlcjpzM2NyM3RwYXNz"), text);
        assertTrue(text.contains("frontendPassword=hu****"), text);
        assertTrue(text.contains("frontendUrl=https://sourcegraph.example.com"), text);
        assertTrue(text.contains("pollInterval=PT1S"), text);
    }

    private static ExecutorConfig copyWithQueues(ExecutorConfig c, String queueName, List<String> queueNames) {
        return new ExecutorConfig(c.frontendUrl(), c.frontendPassword(), queueName, queueNames, c.pollInterval(),
                c.maximumNumJobs(), c.jobNumCpus(), c.jobMemory(), c.diskSpace(), c.maximumRuntimePerJob(),
                c.numTotalJobs(), c.maxActiveTime(), c.cleanupTaskInterval(), c.keepWorkspaces(),
                c.dockerHostMountPath(), c.dockerAddHostGateway(), c.dockerAuthConfig(), null,
                c.dockerPullPolicy(), c.dockerJobNetwork(), c.dockerConfigDir(), c.heartbeatInterval(), c.cancelGracePeriod(), c.shutdownTimeout(), c.finalizeTimeout(),
                c.advertisedVersion(), c.stateDir(), c.maxLogEntryBytes(), c.minFreeDisk(), c.httpPort(),
                c.httpHost(), c.logFormat(), c.logLevel(), c.frontendCaCert(), c.workspaceRoot(), c.httpRetry(),
                c.network(), c.jobFirewall(), c.hostname(), c.notifySocket());
    }
}
