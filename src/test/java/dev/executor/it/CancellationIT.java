package dev.executor.it;

import static dev.executor.testing.Lifecycle.assertNoContainers;
import static dev.executor.testing.Lifecycle.assertNoWorkspaces;
import static dev.executor.testing.Lifecycle.awaitRunningContainer;
import static dev.executor.testing.Lifecycle.entry;
import static dev.executor.testing.Lifecycle.keys;
import static dev.executor.testing.Lifecycle.linesContaining;
import static dev.executor.testing.Lifecycle.marks;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.executor.testing.DockerProbe;
import dev.executor.testing.ExecutorEnv;
import dev.executor.testing.ExecutorProcess;
import dev.executor.testing.Jobs;
import dev.executor.testing.Lifecycle;
import dev.executor.testing.frontend.FakeFrontend;
import dev.executor.testing.frontend.JobRecord;
import dev.executor.testing.frontend.JobRecord.State;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Stopping a running job, against real Docker: a user cancel ({@code cancelIds}), a job the frontend stops
 * knowing, and the per-job deadline. Each must end within the grace period plus a few seconds, leave no
 * container (Docker is asked) and no workspace, close the step's log entry with what happened, and be
 * reported as spec §4.8 says. Also checks the telemetry the heartbeats carried.
 */
class CancellationIT {

    static final String SECRET = "sk-cancellation-test-secret";
    static final Duration GRACE = Duration.ofSeconds(2);
    static final Duration HEARTBEAT = Duration.ofSeconds(1);
    /** Heartbeat tick + grace period + a few seconds for Docker and the final calls. */
    static final Duration STOP_BOUND = HEARTBEAT.plus(GRACE).plusSeconds(5);

    static FakeFrontend frontend;
    static ExecutorEnv env;
    static ExecutorProcess executor;
    /** Refusals the frontend records that a test provoked on purpose (a forgotten job's log and mark calls). */
    static final List<String> expectedViolations = new java.util.concurrent.CopyOnWriteArrayList<>();

    @BeforeAll
    static void startExecutor() {
        frontend = FakeFrontend.start(SECRET);
        env = ExecutorEnv.forFrontend(frontend, "batches")
                .with("EXECUTOR_MAXIMUM_NUM_JOBS", "2")
                .with("EXECUTOR_HEARTBEAT_INTERVAL", "1s")
                .with("EXECUTOR_CANCEL_GRACE_PERIOD", "2s");
        executor = ExecutorProcess.start("cancellation", env.map());
        executor.awaitHttp200("/q/health/ready", Duration.ofSeconds(60));
    }

    @AfterAll
    static void stop() {
        Lifecycle.stopExecutor(executor);
        Lifecycle.closeFrontend(frontend, env, expectedViolations::contains);
    }

    static long sleeper(String... commands) {
        return frontend.enqueue("batches", Jobs.job().step("sleep", commands).json());
    }

    /** The step entry says the job was stopped, why, and how its container ended; the workspace was torn down. */
    static void assertStoppedEntry(JobRecord job, String reason, String how) {
        assertEquals(List.of("setup.fs.extras", "step.docker.sleep", "teardown.fs"), keys(job));
        JsonNode step = entry(job, "step.docker.sleep");
        assertEquals(-1, step.get("exitCode").asInt(), step.toString());
        assertTrue(step.has("durationMs"), step.toString());
        String out = step.get("out").asText();
        assertTrue(out.endsWith("stderr: step stopped: " + reason + "; " + how + "\n"), out);
        assertTrue(entry(job, "teardown.fs").get("out").asText().startsWith("Removing "));
    }

    /** A job cancelled through {@code cancelIds} while its step ran, and how long stopping it took. */
    record Cancelled(JobRecord job, String executorName, Duration took) {
    }

    /** Runs a job with {@code commands}, cancels it once they are running, and waits for its report. */
    static Cancelled cancelWhileRunning(String... commands) {
        long id = sleeper(commands);
        String name = awaitRunningContainer(frontend, id, Duration.ofSeconds(30));
        Lifecycle.await("the step's commands to run", Duration.ofSeconds(10),
                () -> frontend.job(id).logEntries().toString().contains("sleep 300"));
        long start = System.nanoTime();
        frontend.cancel(id);
        JobRecord job = frontend.awaitTerminal(id, STOP_BOUND.plusSeconds(10));
        Cancelled c = new Cancelled(job, name, Duration.ofNanos(System.nanoTime() - start));
        assertTrue(c.took().compareTo(STOP_BOUND) < 0, "cancel took " + c.took());
        assertEquals(State.CANCELED, job.state(), job.toString());
        assertEquals(List.of("markFailed 204"), marks(frontend, id));
        assertNoContainers(name);
        assertNoWorkspaces(env);
        return c;
    }

    @Test
    void cancelIdsStopTheContainerAndMarkTheJobFailed() {
        JobRecord job = cancelWhileRunning("sleep 300").job();
        assertEquals("markFailed", job.finalCall());
        assertEquals("running command \"step.docker.sleep\": job was canceled", job.failureMessage());
        assertStoppedEntry(job, "job was canceled",
                "the container stopped on SIGTERM within the 2s grace period (exit code 143)");
    }

    @Test
    void aContainerIgnoringSigtermIsKilledWhenTheGracePeriodEnds() {
        Cancelled c = cancelWhileRunning("trap '' TERM", "sleep 300");
        assertTrue(c.took().compareTo(GRACE) >= 0, "SIGKILL came before the grace period ended: " + c.took());
        assertStoppedEntry(c.job(), "job was canceled", "the container was killed (SIGKILL) after the 2s grace period");
    }

    @Test
    void aContainerThatHandlesSigtermStopsWithinTheGracePeriod() {
        JobRecord job = cancelWhileRunning("trap 'echo got SIGTERM; exit 0' TERM", "sleep 300 & wait").job();
        String out = entry(job, "step.docker.sleep").get("out").asText();
        assertTrue(out.contains("stdout: got SIGTERM\n"), out);
        assertStoppedEntry(job, "job was canceled", "the container stopped on SIGTERM within the 2s grace period (exit code 0)");
    }

    @Test
    void aJobTheFrontendNoLongerKnowsIsStoppedAndItsMark404IsExpected() {
        long id = sleeper("sleep 300");
        String name = awaitRunningContainer(frontend, id, Duration.ofSeconds(30));
        long failuresBefore = linesContaining(executor, "Failed to finalize record");

        frontend.forget(id);
        Lifecycle.await("the container of job " + id + " to be gone", STOP_BOUND,
                () -> DockerProbe.containersOfExecutorName(name).isEmpty());
        // The job's remaining log calls are refused (500 unknown job), which ends them without retries.
        Lifecycle.await("the executor's markErrored for job " + id, Duration.ofSeconds(20),
                () -> !marks(frontend, id).isEmpty());

        assertEquals(List.of("markErrored 404"), marks(frontend, id));
        assertEquals("forget", frontend.job(id).finalCall(), "the 404 mark changed nothing");
        Lifecycle.await("the workspace to be removed", Duration.ofSeconds(5), () -> {
            try {
                assertNoWorkspaces(env);
                return true;
            } catch (AssertionError e) {
                return false;
            }
        });
        assertEquals(failuresBefore, linesContaining(executor, "Failed to finalize record"), "a 404 is not a failure");
        // The frontend refuses the forgotten job's remaining log calls (500 unknown job) and its mark (404).
        String refused = ".* /\\.executors/queue/batches/(addExecutionLogEntry|updateExecutionLogEntry|markErrored)"
                + " -> (500|404): .*job " + id + " not processing/owned .*";
        List<String> provoked = frontend.violations().stream().filter(v -> v.matches(refused)).toList();
        assertTrue(provoked.stream().anyMatch(v -> v.contains("markErrored -> 404")), frontend.violations().toString());
        expectedViolations.addAll(provoked);
        assertTrue(executor.output().contains("Removed unknown job from running set: job " + id), executor.output());
    }

    @Test
    void heartbeatsCarryTelemetryAndPrometheusMetrics() {
        String dockerVersion = DockerProbe.client().versionCmd().exec().getVersion();
        Lifecycle.await("a heartbeat with telemetry", Duration.ofSeconds(20),
                () -> frontend.heartbeats().stream().anyMatch(h -> !h.get("os").asText().isEmpty()));
        JsonNode hb = frontend.heartbeats().stream()
                .filter(h -> !h.get("os").asText().isEmpty())
                .reduce((a, b) -> b)
                .orElseThrow(() -> new AssertionError("no heartbeat with telemetry: " + frontend.heartbeats()));
        assertEquals("V2", hb.get("version").asText());
        assertEquals("linux", hb.get("os").asText());
        assertEquals("amd64", hb.get("architecture").asText());
        assertEquals(dockerVersion, hb.get("dockerVersion").asText(), "the engine version from Docker's API");
        assertEquals("5.3.0", hb.get("executorVersion").asText());
        assertTrue(hb.get("gitVersion").asText().matches("\\d+\\.\\d+\\.\\d+.*"), hb.toString());
        assertEquals("", hb.get("srcCliVersion").asText(), "no src on this host");
        assertEquals("", hb.get("igniteVersion").asText());
        String metrics = hb.get("prometheusMetrics").asText();
        assertTrue(metrics.contains("# TYPE src_executor_processor_handlers gauge"), metrics);
        assertTrue(metrics.contains("src_apiworker_apiclient_queue_total{op=\"Heartbeat\""), metrics);
    }

    @Test
    void theDeadlineStopsTheJobAndMarksItErrored() {
        FakeFrontend fe = FakeFrontend.start(SECRET);
        ExecutorEnv deadlineEnv = ExecutorEnv.forFrontend(fe, "batches")
                .with("EXECUTOR_MAXIMUM_RUNTIME_PER_JOB", "10s")
                .with("EXECUTOR_CANCEL_GRACE_PERIOD", "2s");
        try (ExecutorProcess deadline = ExecutorProcess.start("deadline", deadlineEnv.map())) {
            long id = fe.enqueue("batches", Jobs.job().step("sleep", "sleep 300").json());
            fe.awaitState(id, Duration.ofSeconds(60), State.PROCESSING);
            String name = awaitRunningContainer(fe, id, Duration.ofSeconds(8)); // well within the deadline
            JobRecord job = fe.awaitTerminal(id, Duration.ofSeconds(10).plus(GRACE).plusSeconds(10));

            assertEquals(State.FAILED, job.state(), "markErrored with no retries left ends failed: " + job);
            assertEquals("markErrored", job.finalCall());
            assertEquals("job exceeded maximum execution time of 10s: context deadline exceeded", job.failureMessage());
            assertStoppedEntry(job, "job exceeded its maximum execution time",
                    "the container stopped on SIGTERM within the 2s grace period (exit code 143)");
            Lifecycle.stopExecutor(deadline);
        } finally {
            Lifecycle.closeFrontend(fe, deadlineEnv, v -> false);
        }
    }
}
