package dev.executor.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import dev.executor.testing.DockerProbe;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The breakdown's Docker socket proxy against the real engine: calls pass unchanged and are timed one by one. */
class DockerCallTimerTest {

    @Test
    void timesEachCallOfAKeepAliveConnectionAndPassesTheAnswersThrough() throws Exception {
        Path dir = Files.createTempDirectory("bench-docker-test");
        try (DockerCallTimer timer = new DockerCallTimer(dir.resolve("docker.sock"), Path.of("/var/run/docker.sock"))) {
            DefaultDockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder()
                    .withDockerHost(timer.dockerHost()).build();
            try (DockerClient docker = DockerClientImpl.getInstance(config, new ApacheDockerHttpClient.Builder()
                    .dockerHost(config.getDockerHost()).build())) {
                docker.pingCmd().exec();
                String id = docker.createContainerCmd(DockerProbe.TEST_IMAGE).withCmd("true")
                        .withLabels(Map.of("dev.executor-bench.managed", "true")).exec().getId();
                assertEquals(id, docker.inspectContainerCmd(id).exec().getId()); // the answer came through intact
                docker.removeContainerCmd(id).withForce(true).exec();
            }

            List<DockerCallTimer.Call> calls = timer.calls();
            List<String> ops = calls.stream().map(c -> c.op() + " " + c.status()).toList();
            assertTrue(ops.contains("GET /_ping 200"), ops.toString());
            assertTrue(ops.contains("POST /containers/create 201"), ops.toString());
            assertTrue(ops.contains("GET /containers/{id}/json 200"), ops.toString());
            assertTrue(ops.contains("DELETE /containers/{id} 204"), ops.toString());
            for (DockerCallTimer.Call c : calls) {
                assertTrue(c.endNanos() >= c.sentNanos(), c.toString());
            }
        } finally {
            Files.deleteIfExists(dir);
        }
    }

    @Test
    void pathsLoseTheVersionQueryAndIds() {
        assertEquals("/containers/{id}/start", DockerCallTimer.template("/v1.41/containers/3f2a9b/start?detachKeys=x"));
        assertEquals("/containers/create", DockerCallTimer.template("/v1.41/containers/create?name=a"));
        assertEquals("/networks/{id}", DockerCallTimer.template("/v1.41/networks/executor-7-ab"));
        assertEquals("/_ping", DockerCallTimer.template("/_ping"));
    }
}
