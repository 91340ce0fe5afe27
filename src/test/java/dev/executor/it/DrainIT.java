package dev.executor.it;

import static dev.executor.testing.Lifecycle.awaitRunningContainer;
import static dev.executor.testing.Lifecycle.entry;
import static dev.executor.testing.Lifecycle.keys;
import static dev.executor.testing.Lifecycle.marks;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.executor.testing.ExecutorEnv;
import dev.executor.testing.ExecutorProcess;
import dev.executor.testing.Jobs;
import dev.executor.testing.Lifecycle;
import dev.executor.testing.frontend.FakeFrontend;
import dev.executor.testing.frontend.JobRecord;
import dev.executor.testing.frontend.JobRecord.State;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Shutdown and retirement of the packaged executor as a child process, with real signals: SIGTERM drains
 * (no dequeue after it, running jobs finish, exit 0); at the drain deadline running jobs are stopped, their
 * logs flushed and left unmarked for the frontend to re-queue; a second signal skips the wait;
 * {@code EXECUTOR_NUM_TOTAL_JOBS} and {@code EXECUTOR_MAX_ACTIVE_TIME} end the process by themselves with 0.
 */
class DrainIT {

    static final String SECRET = "sk-drain-test-secret";
    static final Duration STARTUP = Duration.ofSeconds(60);

    FakeFrontend frontend;
    ExecutorEnv env;

    @BeforeEach
    void startFrontend() {
        frontend = FakeFrontend.start(SECRET);
        env = ExecutorEnv.forFrontend(frontend, "batches").with("EXECUTOR_HEARTBEAT_INTERVAL", "1s");
    }

    @AfterEach
    void stopFrontend() {
        Lifecycle.closeFrontend(frontend, env, v -> false);
    }

    long enqueue(String... commands) {
        return frontend.enqueue("batches", Jobs.job().step("work", commands).json());
    }

    static void awaitNotReady(ExecutorProcess executor) {
        Lifecycle.await("/q/health/ready to report not ready", Duration.ofSeconds(10),
                () -> executor.get("/q/health/ready").status() == 503);
    }

    /** The job was stopped by the shutdown: entries flushed and closed, workspace torn down, no mark at all. */
    void assertStoppedAndUnmarked(long id) {
        JobRecord job = frontend.job(id);
        assertEquals(List.of(), marks(frontend, id), "a mark would fail the job for good");
        assertEquals(State.PROCESSING, job.state(), job.toString());
        assertEquals(List.of("setup.fs.extras", "step.docker.work", "teardown.fs"), keys(job));
        JsonNode step = entry(job, "step.docker.work");
        assertEquals(-1, step.get("exitCode").asInt(), step.toString());
        assertTrue(step.get("out").asText().contains("stderr: step stopped: executor is shutting down; "), step.toString());
        assertEquals(0, entry(job, "teardown.fs").get("exitCode").asInt());
    }

    @Test
    void sigtermStopsDequeuingAndLetsTheRunningJobFinish() {
        env.with("EXECUTOR_MAXIMUM_NUM_JOBS", "2"); // a free slot keeps the poller polling while the job runs
        try (ExecutorProcess executor = ExecutorProcess.start("drain", env.map())) {
            executor.awaitHttp200("/q/health/ready", STARTUP);
            long running = enqueue("sleep 5", "echo finished");
            awaitRunningContainer(frontend, running, Duration.ofSeconds(30));

            executor.sigterm();
            awaitNotReady(executor);
            int dequeuesAtDrain = frontend.requests("/dequeue").size();
            long queuedAfter = enqueue("echo must-not-run");

            assertEquals(0, executor.waitFor(Duration.ofSeconds(60)), executor.output());
            JobRecord job = frontend.job(running);
            assertEquals(State.COMPLETED, job.state(), job.toString());
            assertEquals(List.of("markComplete 204"), marks(frontend, running));
            assertTrue(entry(job, "step.docker.work").get("out").asText().contains("stdout: finished\n"));
            JobRecord queued = frontend.job(queuedAfter);
            assertEquals(State.QUEUED, queued.state());
            assertEquals(0, queued.dequeueCount());
            assertTrue(frontend.requests("/dequeue").size() <= dequeuesAtDrain + 1,
                    "at most a dequeue already in flight when the drain began: " + frontend.requests("/dequeue"));
            assertTrue(executor.output().contains("Received SIGTERM: draining"), executor.output());
        }
    }

    @Test
    void atTheDrainDeadlineJobsAreStoppedFlushedAndLeftUnmarkedForTheFrontendToRequeue() {
        env.with("EXECUTOR_SHUTDOWN_TIMEOUT", "2s").with("EXECUTOR_CANCEL_GRACE_PERIOD", "1s");
        try (ExecutorProcess executor = ExecutorProcess.start("drain-deadline", env.map())) {
            executor.awaitHttp200("/q/health/ready", STARTUP);
            long id = enqueue("sleep 300");
            awaitRunningContainer(frontend, id, Duration.ofSeconds(30));

            long start = System.nanoTime();
            executor.sigterm();
            assertEquals(0, executor.waitFor(Duration.ofSeconds(60)), executor.output());
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            assertTrue(took.compareTo(Duration.ofSeconds(2 + 1 + 10)) < 0, "shutdown took " + took);
            assertStoppedAndUnmarked(id);
            assertTrue(executor.output().contains("Leaving job " + id + " of queue batches unmarked"), executor.output());

            frontend.setStaleAge(Duration.ofSeconds(1)); // the heartbeats stopped with the process
            JobRecord requeued = frontend.awaitState(id, Duration.ofSeconds(10), State.QUEUED);
            assertEquals(1, requeued.numResets(), "the frontend's resetter re-queued it");
        }
    }

    @Test
    void aSecondSignalSkipsTheWait() {
        env.with("EXECUTOR_CANCEL_GRACE_PERIOD", "1s"); // EXECUTOR_SHUTDOWN_TIMEOUT stays at its 10m default
        try (ExecutorProcess executor = ExecutorProcess.start("drain-twice", env.map())) {
            executor.awaitHttp200("/q/health/ready", STARTUP);
            long id = enqueue("sleep 300");
            awaitRunningContainer(frontend, id, Duration.ofSeconds(30));

            executor.sigterm();
            awaitNotReady(executor);
            Lifecycle.pause(Duration.ofSeconds(1));
            assertTrue(executor.isAlive(), "the first signal waits for the job");
            long start = System.nanoTime();
            executor.sigterm();
            assertEquals(0, executor.waitFor(Duration.ofSeconds(60)), executor.output());
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            assertTrue(took.compareTo(Duration.ofSeconds(1 + 10)) < 0, "the second signal took " + took);
            assertStoppedAndUnmarked(id);
            assertTrue(executor.output().contains("Received SIGTERM again: stopping running jobs now"));
        }
    }

    @Test
    void retiresAfterNumTotalJobs() {
        env.with("EXECUTOR_NUM_TOTAL_JOBS", "2");
        long first = enqueue("echo one");
        long second = enqueue("echo two");
        long third = enqueue("echo three");
        try (ExecutorProcess executor = ExecutorProcess.start("retire-jobs", env.map())) {
            assertEquals(0, executor.waitFor(Duration.ofSeconds(90)), executor.output());

            assertEquals(State.COMPLETED, frontend.job(first).state());
            assertEquals(State.COMPLETED, frontend.job(second).state());
            assertEquals(State.QUEUED, frontend.job(third).state());
            assertEquals(0, frontend.job(third).dequeueCount());
            assertEquals(2, frontend.requests("/dequeue").stream().filter(r -> r.status() == 200).count());
            assertTrue(executor.output().contains("Shutting down dequeue loop: NumTotalJobs dequeued"), executor.output());
        }
    }

    @Test
    void retiresAfterMaxActiveTimeOnceTheRunningJobFinishes() {
        env.with("EXECUTOR_MAX_ACTIVE_TIME", "6s");
        long running = enqueue("sleep 12", "echo finished");
        try (ExecutorProcess executor = ExecutorProcess.start("retire-time", env.map())) {
            frontend.awaitState(running, STARTUP, State.PROCESSING);
            Lifecycle.await("the active time to end", Duration.ofSeconds(30),
                    () -> executor.output().contains("Shutting down dequeue loop: MaxActiveTime elapsed"));
            assertEquals(State.PROCESSING, frontend.job(running).state(), "still running when the active time ended");
            assertEquals(503, executor.get("/q/health/ready").status(), "a retiring executor takes no jobs");
            long late = enqueue("echo must-not-run");

            assertEquals(0, executor.waitFor(Duration.ofSeconds(60)), executor.output());
            assertEquals(State.COMPLETED, frontend.job(running).state());
            assertEquals(State.QUEUED, frontend.job(late).state());
            assertEquals(0, frontend.job(late).dequeueCount());
        }
    }
}
