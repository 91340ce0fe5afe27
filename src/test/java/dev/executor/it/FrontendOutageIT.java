package dev.executor.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.executor.testing.ExecutorEnv;
import dev.executor.testing.ExecutorProcess;
import dev.executor.testing.JobLogs;
import dev.executor.testing.Jobs;
import dev.executor.testing.frontend.FakeFrontend;
import dev.executor.testing.frontend.JobRecord;
import dev.executor.testing.frontend.JobRecord.State;
import dev.executor.testing.frontend.RecordedRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The frontend answers 503 to everything for 10 s around the end of a job (the step's last lines, the teardown, the
 * final log updates and markComplete all fall into it): the job is still completed, with every line the step
 * printed delivered exactly once, in order.
 */
class FrontendOutageIT {

    static final String SECRET = "sk-outage-secret-0123456789";

    @Test
    void aTenSecondOutageAroundTheEndOfAJobLosesNothing() throws Exception {
        try (FakeFrontend frontend = FakeFrontend.start(SECRET)) {
            ExecutorEnv env = ExecutorEnv.forFrontend(frontend, "batches");
            try (ExecutorProcess executor = ExecutorProcess.start("outage", env.map())) {
                executor.awaitHttp200("/q/health/ready", Duration.ofSeconds(60));
                long id = frontend.enqueue("batches", Jobs.job()
                        .step("count", "for i in $(seq 1 40); do echo \"line $i\"; sleep 0.1; done")
                        .json());
                CrashRecoveryIT.awaitOutput(frontend, id, "step.docker.count", "stdout: line 10\n");
                Instant outage = Instant.now();
                frontend.failAllWith(503, Duration.ofSeconds(10));

                JobRecord job = frontend.awaitTerminal(id, Duration.ofSeconds(120));
                assertEquals(State.COMPLETED, job.state(), job.toString());
                assertEquals("markComplete", job.finalCall());
                assertEquals(0, job.numResets(), "10 s of failed heartbeats is under the frontend's 25 s");
                assertTrue(job.finishedAt().isAfter(outage.plusSeconds(10)), "completed only after the outage");
                assertEquals(List.of("setup.fs.extras", "step.docker.count", "teardown.fs"),
                        JobLogs.keys(job));

                List<String> expected = new ArrayList<>();
                for (int i = 1; i <= 40; i++) {
                    expected.add("line " + i);
                }
                assertEquals(expected, CrashRecoveryIT.stdout(job, "step.docker.count"),
                        "every line the step printed, once, in order");
                assertEquals(0, JobLogs.exitCode(job, "step.docker.count"));
                assertTrue(JobLogs.out(job, "teardown.fs").startsWith("Removing "));

                List<RecordedRequest> refused = frontend.requests().stream().filter(RecordedRequest::injected).toList();
                assertTrue(refused.stream().anyMatch(r -> r.path().endsWith("/markComplete")
                        || r.path().endsWith("/updateExecutionLogEntry") || r.path().endsWith("/addExecutionLogEntry")),
                        "the job's last calls met the outage: " + refused);
                assertFalse(executor.output().contains(SECRET));
                CrashRecoveryIT.stopCleanly(frontend, executor);
            }
        }
    }
}
