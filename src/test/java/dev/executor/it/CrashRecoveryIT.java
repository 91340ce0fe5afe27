package dev.executor.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.dockerjava.api.model.Container;
import dev.executor.testing.DockerProbe;
import dev.executor.testing.ExecutorEnv;
import dev.executor.testing.ExecutorProcess;
import dev.executor.testing.JobLogs;
import dev.executor.testing.Jobs;
import dev.executor.testing.Teardown;
import dev.executor.testing.frontend.FakeFrontend;
import dev.executor.testing.frontend.JobRecord;
import dev.executor.testing.frontend.JobRecord.State;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * kill -9 of the packaged executor in the middle of a step, then a restart with the same environment and state
 * directory: the job is finished by reattaching to its container (no line lost or doubled), or, when the frontend
 * forgot the job or the container is gone, everything left is removed and the job finalised as the rules say. In
 * every case, 10 s after the restarted executor is ready nothing is left behind.
 */
class CrashRecoveryIT {

    static final String SECRET = "sk-crash-secret-0123456789";
    /** Prints a numbered line every 0.2 s until the test drops the file {@code go} into the workspace. */
    static final String WAIT_FOR_GO = "i=0; while [ ! -f /data/go ]; do i=$((i+1)); echo \"tick $i\"; sleep 0.2; done; "
            + "echo finished";

    @Test
    void aRestartedExecutorReattachesToTheRunningStepAndFinishesTheJob() throws Exception {
        try (FakeFrontend frontend = FakeFrontend.start(SECRET)) {
            ExecutorEnv env = ExecutorEnv.forFrontend(frontend, "batches");
            long id = frontend.enqueue("batches", Jobs.job()
                    .step("wait", WAIT_FOR_GO)
                    .step("after", "echo second step ran")
                    .json());
            String name = killMidStep("crash-reattach-1", frontend, env, id, 5);
            Path workspace = onlyWorkspace(env);
            List<Container> survivors = DockerProbe.containersOfExecutorName(name);
            assertEquals(1, survivors.size(), "the step's container outlives the executor");
            assertEquals("running", survivors.get(0).getState());

            try (ExecutorProcess second = ExecutorProcess.start("crash-reattach-2", env.map())) {
                second.awaitHttp200("/q/health/ready", Duration.ofSeconds(60));
                Thread.sleep(2000); // reattached and following the still running container
                assertEquals(State.PROCESSING, frontend.job(id).state());
                Files.writeString(workspace.resolve("go"), "");
                Instant go = Instant.now();

                awaitClean("reattached job done and nothing left", go.plusSeconds(10), frontend, env, name,
                        () -> frontend.job(id).state().terminal());
                JobRecord job = frontend.job(id);
                assertEquals(State.COMPLETED, job.state(), job.toString());
                assertEquals(name, job.workerHostname(), "the same executor name after the restart");
                assertEquals(1, job.dequeueCount());
                assertEquals(0, job.numResets());
                assertEquals(List.of("setup.fs.extras", "step.docker.wait", "step.docker.after", "teardown.fs"),
                        JobLogs.keys(job));
                List<String> lines = stdout(job, "step.docker.wait");
                assertEquals("finished", lines.get(lines.size() - 1));
                List<String> ticks = lines.subList(0, lines.size() - 1);
                assertTrue(ticks.size() > 20, "ticks before and after the restart: " + ticks.size());
                for (int i = 0; i < ticks.size(); i++) {
                    assertEquals("tick " + (i + 1), ticks.get(i), "no line lost or doubled across the restart");
                }
                assertTrue(JobLogs.out(job, "step.docker.after").contains("stdout: second step ran"));
                assertTrue(second.output().contains("Resuming job " + id), second.output());
                stopCleanly(frontend, second);
            }
        }
    }

    @Test
    void aJobTheFrontendGaveUpMeanwhileIsCleanedUpAndLeftAlone() throws Exception {
        try (FakeFrontend frontend = FakeFrontend.start(SECRET)) {
            ExecutorEnv env = ExecutorEnv.forFrontend(frontend, "batches");
            long id = frontend.enqueue("batches", Jobs.job().step("wait", WAIT_FOR_GO).json());
            String name = killMidStep("crash-forgotten-1", frontend, env, id, 3);
            String container = DockerProbe.containersOfExecutorName(name).get(0).getId();
            // The frontend's resetter re-queues the job (no heartbeat), then a user cancels it.
            frontend.setStaleAge(Duration.ofSeconds(1));
            frontend.awaitState(id, Duration.ofSeconds(30), State.QUEUED);
            frontend.cancel(id);

            try (ExecutorProcess second = ExecutorProcess.start("crash-forgotten-2", env.map())) {
                second.awaitHttp200("/q/health/ready", Duration.ofSeconds(60));
                awaitClean("the forgotten job's leftovers removed", Instant.now().plusSeconds(10), frontend, env, name,
                        () -> !DockerProbe.exists(container));
                JobRecord job = frontend.job(id);
                assertEquals(State.CANCELED, job.state());
                assertEquals("cancel", job.finalCall(), "the restarted executor did not touch the job");
                assertTrue(frontend.requests("/markErrored").isEmpty() && frontend.requests("/markComplete").isEmpty());
                stopCleanly(frontend, second);
            }
        }
    }

    @Test
    void aJobWhoseContainerIsGoneIsFinalisedErroredWithWhatTheSpoolHeld() throws Exception {
        try (FakeFrontend frontend = FakeFrontend.start(SECRET)) {
            ExecutorEnv env = ExecutorEnv.forFrontend(frontend, "batches");
            long id = frontend.enqueue("batches", Jobs.job().step("wait", WAIT_FOR_GO).step("never", "echo no").json());
            String name = killMidStep("crash-gone-1", frontend, env, id, 3);
            for (Container c : DockerProbe.containersOfExecutorName(name)) {
                DockerProbe.removeQuietly(c.getId()); // as if the Docker engine had restarted too
            }
            try (ExecutorProcess second = ExecutorProcess.start("crash-gone-2", env.map())) {
                second.awaitHttp200("/q/health/ready", Duration.ofSeconds(60));
                awaitClean("the job finalised and nothing left", Instant.now().plusSeconds(10), frontend, env, name,
                        () -> frontend.job(id).state().terminal());
                JobRecord job = frontend.job(id);
                assertEquals(State.FAILED, job.state(), job.toString());
                assertEquals("markErrored", job.finalCall());
                assertTrue(job.failureMessage().startsWith("executor restarted during the job: "), job.failureMessage());
                assertEquals(List.of("setup.fs.extras", "step.docker.wait", "teardown.fs"), JobLogs.keys(job));
                JsonNode step = JobLogs.entry(job, "step.docker.wait");
                assertEquals(-1, step.get("exitCode").asInt());
                String out = step.get("out").asText();
                assertEquals(List.of("tick 1", "tick 2", "tick 3"),
                        stdout(job, "step.docker.wait").subList(0, 3), "what the spool held is delivered: " + out);
                assertTrue(out.endsWith("stderr: executor restarted during the job: the container of step "
                        + "step.docker.wait is gone\n"), out);
                stopCleanly(frontend, second);
            }
        }
    }

    // ---- shared helpers (also used by FrontendOutageIT) ---------------------------------------------------------

    /** What the step printed on stdout, line by line, in order. */
    static List<String> stdout(JobRecord job, String key) {
        return JobLogs.lines(JobLogs.out(job, key), "stdout: ");
    }

    /** Runs an executor until the job's step printed {@code tick <n>}, then kills it with SIGKILL; its name. */
    static String killMidStep(String logName, FakeFrontend frontend, ExecutorEnv env, long id, int tick)
            throws InterruptedException {
        try (ExecutorProcess first = ExecutorProcess.start(logName, env.map())) {
            awaitOutput(frontend, id, "step.docker.wait", "stdout: tick " + tick + "\n");
            String name = frontend.job(id).workerHostname();
            first.sigkill();
            first.waitFor(Duration.ofSeconds(10));
            return name;
        }
    }

    /** The frontend saw nothing wrong (it stays open for its try block), and the executor drains and exits 0. */
    static void stopCleanly(FakeFrontend frontend, ExecutorProcess executor) {
        assertEquals(List.of(), frontend.violations());
        Teardown.stop(executor, null);
    }

    static void awaitOutput(FakeFrontend frontend, long id, String key, String text) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < end) {
            JobRecord job = frontend.job(id);
            for (JsonNode e : job.logEntries()) {
                if (key.equals(e.get("key").asText()) && e.has("out") && e.get("out").asText().contains(text)) {
                    return;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no \"" + text.trim() + "\" in " + key + " of job " + id + ": " + frontend.job(id));
    }

    /** Waits until {@code done} and nothing of the executor (container, network, workspace, journal) is left. */
    static void awaitClean(String what, Instant deadline, FakeFrontend frontend, ExecutorEnv env, String name,
            BooleanSupplier done) throws Exception {
        String state = "";
        while (Instant.now().isBefore(deadline)) {
            List<Container> containers = DockerProbe.containersOfExecutorName(name);
            List<Path> workspaces = list(env.workspaces());
            List<Path> journals = list(Path.of(env.map().get("EXECUTOR_STATE_DIR"), "jobs"));
            List<String> networks = DockerProbe.networksOfExecutorName(name);
            if (done.getAsBoolean() && containers.isEmpty() && networks.isEmpty() && workspaces.isEmpty()
                    && journals.isEmpty()) {
                return;
            }
            state = "done=" + done.getAsBoolean() + " containers=" + containers.stream().map(Container::getId).toList()
                    + " networks=" + networks + " workspaces=" + workspaces + " journals=" + journals;
            Thread.sleep(100);
        }
        throw new AssertionError(what + ": not by " + deadline + ": " + state);
    }

    static Path onlyWorkspace(ExecutorEnv env) throws IOException {
        List<Path> all = list(env.workspaces());
        assertEquals(1, all.size(), "one workspace: " + all);
        return all.get(0);
    }

    static List<Path> list(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        }
    }



}
