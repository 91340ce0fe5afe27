package dev.executor.it;

import static dev.executor.testing.Lifecycle.marks;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.executor.testing.ExecutorEnv;
import dev.executor.testing.ExecutorProcess;
import dev.executor.testing.Jobs;
import dev.executor.testing.Lifecycle;
import dev.executor.testing.frontend.FakeFrontend;
import dev.executor.testing.frontend.JobRecord;
import dev.executor.testing.frontend.JobRecord.State;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Horizontal scaling: two executor processes share nothing but the frontend, which hands each job to one of
 * them. Every job runs exactly once, both take work, and their names differ (ownership is by name).
 */
class ScaleOutIT {

    static final String SECRET = "sk-scale-out-test-secret";
    static final int JOBS = 20;

    @Test
    void twoExecutorsRunTwentyJobsEachExactlyOnce() {
        FakeFrontend frontend = FakeFrontend.start(SECRET);
        ExecutorEnv envA = ExecutorEnv.forFrontend(frontend, "batches").with("EXECUTOR_MAXIMUM_NUM_JOBS", "2");
        ExecutorEnv envB = ExecutorEnv.forFrontend(frontend, "batches").with("EXECUTOR_MAXIMUM_NUM_JOBS", "2");
        try (ExecutorProcess a = ExecutorProcess.start("scale-a", envA.map());
                ExecutorProcess b = ExecutorProcess.start("scale-b", envB.map())) {
            a.awaitHttp200("/q/health/ready", Duration.ofSeconds(90));
            b.awaitHttp200("/q/health/ready", Duration.ofSeconds(90));
            assertEquals(2, frontend.executorNamesSeen().size(), "both executors registered with a heartbeat");

            List<Long> ids = new ArrayList<>();
            for (int i = 0; i < JOBS; i++) {
                ids.add(frontend.enqueue("batches", Jobs.job().step("work", "sleep 1", "echo job " + i).json()));
            }
            List<JobRecord> done = new ArrayList<>();
            for (long id : ids) {
                done.add(frontend.awaitTerminal(id, Duration.ofSeconds(180)));
            }

            for (JobRecord job : done) {
                assertEquals(State.COMPLETED, job.state(), job.toString());
                assertEquals(1, job.dequeueCount(), "job " + job.id() + " ran more than once");
                assertEquals(0, job.numResets());
                assertEquals(List.of("markComplete 204"), marks(frontend, job.id()));
                assertEquals(1, frontend.requests().stream()
                        .filter(r -> r.path().endsWith("/addExecutionLogEntry"))
                        .filter(r -> Long.toString(job.id()).equals(r.header("X-Sourcegraph-Job-ID")))
                        .filter(r -> r.json().get("key").asText().equals("step.docker.work"))
                        .count(), "one step run for job " + job.id());
            }
            Map<String, Long> perExecutor = done.stream()
                    .collect(Collectors.groupingBy(JobRecord::workerHostname, Collectors.counting()));
            assertEquals(2, perExecutor.size(), "both executors took work: " + perExecutor);
            List<String> names = new ArrayList<>(perExecutor.keySet());
            assertNotEquals(names.get(0), names.get(1));
            assertTrue(frontend.executorNamesSeen().containsAll(names));
            for (String name : names) {
                assertTrue(frontend.maxConcurrentProcessing(name) <= 2, name + " exceeded its two slots");
            }

            Lifecycle.stopExecutor(a);
            Lifecycle.stopExecutor(b);
            Lifecycle.assertNoWorkspaces(envA);
        } finally {
            Lifecycle.closeFrontend(frontend, envB, v -> false); // checks both executors' containers
        }
    }
}
