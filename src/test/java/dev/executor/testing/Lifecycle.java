package dev.executor.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.dockerjava.api.model.Container;
import dev.executor.testing.frontend.FakeFrontend;
import dev.executor.testing.frontend.JobRecord;
import dev.executor.testing.frontend.RecordedRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.stream.Stream;

/** Waits and checks shared by the lease-lifecycle integration tests: containers, workspaces, job calls. */
public final class Lifecycle {

    private Lifecycle() {
    }

    /** Polls until {@code condition} holds; AssertionError naming {@code what} on timeout. */
    public static void await(String what, Duration timeout, BooleanSupplier condition) {
        Instant end = Instant.now().plus(timeout);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(end)) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what);
            }
            ExecutorProcess.sleep(50);
        }
    }

    /** Sleeps; an interrupt fails the test. */
    public static void pause(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** The containers of one job of one executor that Docker reports running. */
    public static List<Container> runningContainers(String executorName, long jobId) {
        return DockerProbe.containersOfExecutorName(executorName).stream()
                .filter(c -> Long.toString(jobId).equals(c.getLabels().get("dev.executor.job-id")))
                .filter(c -> "running".equals(c.getState()))
                .toList();
    }

    /** Waits until the job is processing and its step container runs; returns the executor's name. */
    public static String awaitRunningContainer(FakeFrontend frontend, long jobId, Duration timeout) {
        String name = frontend.awaitState(jobId, timeout, JobRecord.State.PROCESSING).workerHostname();
        await("a running container of job " + jobId, timeout, () -> !runningContainers(name, jobId).isEmpty());
        return name;
    }

    /** Asks Docker: nothing, running or not, is left of this executor's containers. */
    public static void assertNoContainers(String executorName) {
        assertEquals(List.of(), DockerProbe.containersOfExecutorName(executorName).stream()
                .map(c -> c.getId() + " " + c.getState() + " " + c.getLabels()).toList(), "containers left behind");
    }

    /** No job workspace is left in the executor's TMPDIR. */
    public static void assertNoWorkspaces(ExecutorEnv env) {
        if (!Files.isDirectory(env.workspaces())) {
            return;
        }
        try (Stream<Path> left = Files.list(env.workspaces())) {
            assertEquals(List.of(), left.toList(), "workspaces left behind");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** SIGTERM, and the drain must end with exit code 0 (no job is running when tests call this). */
    public static void stopExecutor(ExecutorProcess executor) {
        Teardown.stop(executor, null);
    }

    /**
     * Ends a test's frontend: nothing is left of any executor that used it (containers, workspaces in
     * {@code env}), and it recorded no violation except those {@code provoked} says a test caused on purpose.
     */
    public static void closeFrontend(FakeFrontend frontend, ExecutorEnv env, Predicate<String> provoked) {
        if (frontend == null) {
            return;
        }
        try {
            frontend.executorNamesSeen().forEach(Lifecycle::assertNoContainers);
            assertNoWorkspaces(env);
            assertEquals(List.of(), frontend.violations().stream().filter(provoked.negate()).toList());
        } finally {
            frontend.close();
        }
    }

    /** Every request that carried {@code X-Sourcegraph-Job-ID: jobId} (the job-token routes). */
    public static List<RecordedRequest> jobCalls(FakeFrontend frontend, long jobId) {
        return frontend.requests().stream()
                .filter(r -> Long.toString(jobId).equals(r.header("X-Sourcegraph-Job-ID")))
                .toList();
    }

    /** The mark* requests sent for one job, as "markX status". */
    public static List<String> marks(FakeFrontend frontend, long jobId) {
        return jobCalls(frontend, jobId).stream()
                .filter(r -> r.path().matches(".*/mark(Complete|Errored|Failed)$"))
                .map(r -> r.path().substring(r.path().lastIndexOf('/') + 1) + " " + r.status())
                .toList();
    }

    public static List<String> keys(JobRecord job) {
        return job.logEntries().stream().map(e -> e.get("key").asText()).toList();
    }

    public static JsonNode entry(JobRecord job, String key) {
        return job.logEntries().stream().filter(e -> key.equals(e.get("key").asText())).findFirst()
                .orElseThrow(() -> new AssertionError("no entry " + key + " in " + keys(job)));
    }

    /** How many lines of the executor's output contain {@code text}. */
    public static long linesContaining(ExecutorProcess executor, String text) {
        return executor.output().lines().filter(l -> l.contains(text)).count();
    }
}
