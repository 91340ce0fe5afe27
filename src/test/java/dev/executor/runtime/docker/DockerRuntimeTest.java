package dev.executor.runtime.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.executor.config.PullPolicy;
import dev.executor.logs.Pipe;
import dev.executor.runtime.Cancellation;
import dev.executor.runtime.ContainerLabels;
import dev.executor.runtime.JobEnvironment;
import dev.executor.runtime.RegistryCredentials;
import dev.executor.runtime.StepOutput;
import dev.executor.runtime.StepResult;
import dev.executor.runtime.StepSpec;
import dev.executor.runtime.StepStartException;
import dev.executor.testing.DockerProbe;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Docker runtime against the real engine: how it provides images (create first, look at the image only on a
 * 404) and that a job's step containers, removed in the background, are all gone once its environment closes.
 */
class DockerRuntimeTest {

    private final String executorName = "runtime-test-" + UUID.randomUUID();
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final StepOutput output = (pipe, line) -> lines.add(pipe + ": " + line);

    @TempDir
    Path workspace;

    @AfterEach
    void cleanUp() {
        DockerProbe.containersOfExecutorName(executorName)
                .forEach(c -> DockerProbe.client().removeContainerCmd(c.getId()).withForce(true).exec());
        DockerProbe.networksOfExecutorName(executorName).forEach(n -> DockerProbe.client().removeNetworkCmd(n).exec());
    }

    private DockerRuntime runtime(PullPolicy policy, boolean jobNetwork) {
        return new DockerRuntime(DockerProbe.client(), new DockerOptions(null, false, List.of(), Duration.ofSeconds(1),
                0, policy, jobNetwork, RegistryCredentials.NONE, null));
    }

    private Map<String, String> jobLabels(long jobId) {
        return new HashMap<>(ContainerLabels.ofJob(jobId, "batches", executorName));
    }

    private StepSpec step(long jobId, String key, String image, String script, String network) throws IOException {
        Files.writeString(workspace.resolve(key + ".sh"), script + "\n");
        Map<String, String> labels = jobLabels(jobId);
        labels.put(ContainerLabels.STEP, key);
        return new StepSpec(jobId, key, image, workspace, "/data", "/data/" + key + ".sh", List.of(),
                new StepSpec.Resources(0, 0, "0"), labels, network, RegistryCredentials.NONE);
    }

    @Test
    void aJobsStepContainersAreAllGoneOnceItsEnvironmentCloses() throws IOException {
        DockerRuntime runtime = runtime(PullPolicy.IF_NOT_PRESENT, true);
        List<Integer> exitCodes = new CopyOnWriteArrayList<>();
        try (JobEnvironment env = runtime.prepareJob("batches-7", jobLabels(7))) {
            for (int i = 0; i < 4; i++) {
                StepResult r = runtime.run(step(7, "s" + i, DockerProbe.TEST_IMAGE, "echo step " + i, env.network()),
                        output, new Cancellation(), id -> { }).await().indefinitely();
                exitCodes.add(r.exitCode());
            }
        }
        assertEquals(List.of(0, 0, 0, 0), exitCodes);
        assertEquals(List.of("STDOUT: step 0", "STDOUT: step 1", "STDOUT: step 2", "STDOUT: step 3"), lines);
        assertEquals(List.of(), DockerProbe.containersOfExecutorName(executorName), "step containers left behind");
        assertEquals(List.of(), DockerProbe.networksOfExecutorName(executorName), "job network left behind");
    }

    @Test
    void removalsOfOneJobDoNotHoldUpAnother() throws IOException {
        DockerRuntime runtime = runtime(PullPolicy.IF_NOT_PRESENT, false);
        JobEnvironment first = runtime.prepareJob("batches-8", jobLabels(8));
        JobEnvironment second = runtime.prepareJob("batches-9", jobLabels(9));
        runtime.run(step(8, "a", DockerProbe.TEST_IMAGE, "true", null), output, new Cancellation(), id -> { }).await().indefinitely();
        runtime.run(step(9, "b", DockerProbe.TEST_IMAGE, "true", null), output, new Cancellation(), id -> { }).await().indefinitely();
        second.close();
        List<String> left = DockerProbe.containersOfExecutorName(executorName).stream()
                .map(c -> c.getLabels().get(ContainerLabels.JOB_ID)).toList();
        assertTrue(left.stream().noneMatch("9"::equals), "job 9's container is still there: " + left);
        first.close();
        assertEquals(List.of(), DockerProbe.containersOfExecutorName(executorName));
    }

    @Test
    void aMissingImageUnderPolicyNeverIsNamedAndNothingIsPulled() throws IOException {
        DockerRuntime runtime = runtime(PullPolicy.NEVER, false);
        String image = "executor-test/absent-" + UUID.randomUUID() + ":v1";
        try (JobEnvironment env = runtime.prepareJob("batches-10", jobLabels(10))) {
            StepStartException e = assertThrows(StepStartException.class,
                    () -> runtime.run(step(10, "s", image, "true", null), output, new Cancellation(), id -> { }).await().indefinitely());
            assertEquals("image \"" + image + "\" is not present and EXECUTOR_DOCKER_PULL_POLICY=never forbids pulling it",
                    e.getMessage());
        }
        assertEquals(List.of(), lines);
        assertEquals(List.of(), DockerProbe.containersOfExecutorName(executorName));
    }

    @Test
    void aMissingNetworkIsNotMistakenForAMissingImage() throws IOException {
        DockerRuntime runtime = runtime(PullPolicy.IF_NOT_PRESENT, false);
        String network = "executor-no-such-network-" + UUID.randomUUID();
        try (JobEnvironment env = runtime.prepareJob("batches-11", jobLabels(11))) {
            StepStartException e = assertThrows(StepStartException.class, () -> runtime.run(
                    step(11, "s", DockerProbe.TEST_IMAGE, "true", network), output, new Cancellation(), id -> { }).await().indefinitely());
            // Engine 20.10 refuses at start, newer ones at create: either way the step error names both.
            assertTrue(e.getMessage().matches("(creating|starting) container for image \"" + DockerProbe.TEST_IMAGE
                    + "\": .*"), e.getMessage());
            assertTrue(e.getMessage().contains(network), e.getMessage());
        }
        assertTrue(lines.stream().noneMatch(l -> l.contains("Unable to find image")), lines.toString());
    }

    @Test
    void aFailedStepIsCheckedForMemoryAndKeepsItsExitCode() throws IOException {
        DockerRuntime runtime = runtime(PullPolicy.IF_NOT_PRESENT, false);
        try (JobEnvironment env = runtime.prepareJob("batches-12", jobLabels(12))) {
            StepResult r = runtime.run(step(12, "s", DockerProbe.TEST_IMAGE, "echo oops >&2; exit 3", null), output,
                    new Cancellation(), id -> { }).await().indefinitely();
            assertEquals(3, r.exitCode());
            assertEquals(false, r.oomKilled());
        }
        assertEquals(List.of(Pipe.STDERR + ": oops"), lines);
    }

    @Test
    void aStepStoppedByTheDeadlineIsStoppedAndGoneOnceItsEnvironmentCloses() throws Exception {
        DockerRuntime runtime = runtime(PullPolicy.IF_NOT_PRESENT, false);
        Cancellation cancel = new Cancellation();
        try (JobEnvironment env = runtime.prepareJob("batches-13", jobLabels(13))) {
            cancel.cancelAt(java.time.Instant.now().plusSeconds(2), Cancellation.Reason.DEADLINE);
            dev.executor.runtime.StepCancelledException e = assertThrows(dev.executor.runtime.StepCancelledException.class,
                    () -> runtime.run(step(13, "s", DockerProbe.TEST_IMAGE, "sleep 300", null), output, cancel, id -> { })
                            .await().atMost(Duration.ofSeconds(30)));
            assertEquals("job exceeded its maximum execution time", e.getMessage());
            assertTrue(e.howStopped().contains("grace period"), e.howStopped());
        }
        assertEquals(List.of(), DockerProbe.containersOfExecutorName(executorName).stream()
                .map(c -> c.getId() + " " + c.getState()).toList(), "the stopped step's container is left behind");
    }
}
