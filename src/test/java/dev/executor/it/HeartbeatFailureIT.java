package dev.executor.it;

import static dev.executor.testing.Lifecycle.awaitRunningContainer;
import static dev.executor.testing.Lifecycle.entry;
import static dev.executor.testing.Lifecycle.linesContaining;
import static dev.executor.testing.Lifecycle.marks;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
 * A frontend in trouble must not cost running work: heartbeats failing for 20 s cancel nothing (the bug
 * Sourcegraph fixed in PR #44685) and are logged once per streak; a request the frontend accepts and never
 * answers is given up after the call budget ({@code SRC_HTTP_CLI_INTERNAL_TIMEOUT}) and retried, so it cannot hold
 * a job slot.
 */
class HeartbeatFailureIT {

    static final String SECRET = "sk-heartbeat-failure-test-secret";

    FakeFrontend frontend;
    ExecutorEnv env;
    /** Set by a test that gives requests a short budget: a request the executor gave up on breaks its pipe. */
    boolean abandonedRequestsExpected;

    @BeforeEach
    void startFrontend() {
        frontend = FakeFrontend.start(SECRET);
        env = ExecutorEnv.forFrontend(frontend, "batches").with("EXECUTOR_HEARTBEAT_INTERVAL", "1s");
    }

    @AfterEach
    void stopFrontend() {
        Lifecycle.closeFrontend(frontend, env,
                v -> abandonedRequestsExpected && v.endsWith("java.io.IOException: Broken pipe"));
    }

    @Test
    void heartbeatsFailingForTwentySecondsCancelNothing() {
        env.with("SRC_HTTP_CLI_INTERNAL_RETRY_MAX_ATTEMPTS", "1"); // every tick fails fast: many failed ticks
        try (ExecutorProcess executor = ExecutorProcess.start("heartbeat-failure", env.map())) {
            executor.awaitHttp200("/q/health/ready", Duration.ofSeconds(60));
            long id = frontend.enqueue("batches", Jobs.job().step("work", "sleep 24", "echo survived").json());
            awaitRunningContainer(frontend, id, Duration.ofSeconds(30));

            frontend.failRouteFor("/heartbeat", 503, Duration.ofSeconds(20));
            JobRecord job = frontend.awaitTerminal(id, Duration.ofSeconds(90));

            assertEquals(State.COMPLETED, job.state(), job.toString());
            assertEquals(List.of("markComplete 204"), marks(frontend, id));
            assertEquals(1, job.dequeueCount());
            assertEquals(0, job.numResets(), "heartbeats resumed before the frontend's 25 s stale age");
            assertTrue(entry(job, "step.docker.work").get("out").asText().contains("stdout: survived\n"));
            long failedTicks = frontend.requests("/heartbeat").stream().filter(r -> r.injected()).count();
            assertTrue(failedTicks >= 10, "heartbeats kept being tried every tick: " + failedTicks);
            assertEquals(1, linesContaining(executor, "Failed to refresh heartbeats"), "logged once per failure streak");
            assertEquals(1, linesContaining(executor, "Heartbeats recovered"));
            Lifecycle.stopExecutor(executor);
        }
    }

    @Test
    void aHungFrontendCannotHoldAJobSlot() {
        env.with("SRC_HTTP_CLI_INTERNAL_TIMEOUT", "3s").with("EXECUTOR_MAXIMUM_NUM_JOBS", "1");
        abandonedRequestsExpected = true; // on a loaded host, an ordinary call may also exceed 3 s
        try (ExecutorProcess executor = ExecutorProcess.start("hung-frontend", env.map())) {
            executor.awaitHttp200("/q/health/ready", Duration.ofSeconds(60));
            Duration hang = Duration.ofSeconds(120);
            frontend.hangRoute("/markComplete", 1, hang); // the first markComplete is held and never answered
            long hung = frontend.enqueue("batches", Jobs.job().step("work", "echo first").json());
            long next = frontend.enqueue("batches", Jobs.job().step("work", "echo second").json());

            long start = System.nanoTime();
            JobRecord second = frontend.awaitTerminal(next, Duration.ofSeconds(90));
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            // The hung attempt was given up after the 3 s budget and retried: the first job completed and its one
            // slot went to the second job, long before the held request would have been answered.
            assertEquals(State.COMPLETED, second.state(), second.toString());
            assertEquals(State.COMPLETED, frontend.job(hung).state(), frontend.job(hung).toString());
            assertTrue(took.compareTo(hang.dividedBy(2)) < 0, "the slot came back only after " + took);
            assertTrue(executor.output().contains("reporting job " + hung + " of queue batches failed, retrying"),
                    executor.output());
            assertTrue(executor.output().contains("The timeout period of 3000ms has been exceeded"), executor.output());
            Lifecycle.stopExecutor(executor);
        }
    }
}
