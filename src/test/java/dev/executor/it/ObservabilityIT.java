package dev.executor.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.executor.testing.ExecutorEnv;
import dev.executor.testing.ExecutorProcess;
import dev.executor.testing.Jobs;
import dev.executor.testing.frontend.FakeFrontend;
import dev.executor.testing.frontend.JobRecord;
import dev.executor.testing.frontend.JobRecord.State;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What operators watch, on the packaged executor: health endpoints that go down for the right reasons,
 * Sourcegraph-named metrics on {@code /q/metrics} and in heartbeats, and JSON log lines that carry the job.
 */
class ObservabilityIT {

    static final String SECRET = "sk-observe-secret-0123456789";
    static final ObjectMapper JSON = new ObjectMapper();

    static FakeFrontend frontend;

    @BeforeAll
    static void start() {
        frontend = FakeFrontend.start(SECRET);
    }

    @AfterAll
    static void stop() {
        frontend.close();
    }

    static JsonNode check(ExecutorProcess.HttpResult health, String name) throws Exception {
        for (JsonNode c : JSON.readTree(health.body()).path("checks")) {
            if (name.equals(c.path("name").asText())) {
                return c;
            }
        }
        throw new AssertionError("no check " + name + " in " + health.body());
    }

    static ExecutorProcess.HttpResult awaitStatus(ExecutorProcess p, String path, int status, Duration timeout) {
        return await(p, path, r -> r.status() == status, "status " + status, timeout);
    }

    /** Polls {@code path} until {@code ok} accepts the answer; fails with the last answer and the output. */
    static ExecutorProcess.HttpResult await(ExecutorProcess p, String path, Predicate<ExecutorProcess.HttpResult> ok,
            String what, Duration timeout) {
        Instant end = Instant.now().plus(timeout);
        ExecutorProcess.HttpResult last = null;
        while (Instant.now().isBefore(end)) {
            last = p.get(path);
            if (ok.test(last)) {
                return last;
            }
            ExecutorProcess.sleep(100);
        }
        throw new AssertionError(path + ": no " + what + " within " + timeout + ": " + last + "\n" + p.output());
    }

    @Test
    void metricsAndJsonLogsAfterAJob() throws Exception {
        ExecutorEnv env = ExecutorEnv.forFrontend(frontend, "batches")
                .with("EXECUTOR_LOG_FORMAT", "json")
                .with("EXECUTOR_HEARTBEAT_INTERVAL", "1s");
        try (ExecutorProcess p = ExecutorProcess.start("observe-json", env.map())) {
            p.awaitHttp200("/q/health/ready", Duration.ofSeconds(60));
            long id = frontend.enqueue("batches", Jobs.job().step("hello", "echo hello").step("bye", "echo bye").json());
            JobRecord job = frontend.awaitTerminal(id, Duration.ofSeconds(60));
            assertEquals(State.COMPLETED, job.state(), job.toString());

            String metrics = awaitMetric(p, "src_executor_processor_total{op=\"Handle\",queue=\"batches\"} 1.0");
            for (String line : List.of(
                    "src_executor_processor_duration_seconds_bucket{op=\"Handle\",queue=\"batches\",le=\"30.0\"} 1.0",
                    "src_executor_processor_handlers{queue=\"batches\"} 0.0",
                    "src_apiworker_command_total{op=\"exec\"} 2.0",
                    "src_apiworker_command_duration_seconds_count{op=\"exec\"} 2.0",
                    "src_apiworker_apiclient_queue_total{op=\"Dequeue\"}",
                    "src_apiworker_apiclient_queue_total{op=\"Heartbeat\"}",
                    "src_apiworker_apiclient_queue_total{op=\"AddExecutionLogEntry\"} 4.0",
                    "src_apiworker_apiclient_queue_total{op=\"MarkComplete\"} 1.0",
                    "executor_slot_wait_seconds_count 1.0",
                    "executor_job_first_container_seconds_count 1.0",
                    "executor_image_pull_seconds_count{result=\"success\"} 0.0",
                    "executor_jobs_total{outcome=\"completed\",queue=\"batches\"} 1.0",
                    "executor_orphans_removed_total{kind=\"container\"}",
                    "executor_heartbeat_age_seconds ")) {
                assertTrue(metrics.contains(line), "missing " + line + " in\n" + metrics);
            }
            assertFalse(metrics.contains("src_executor_processor_errors_total{op=\"Handle\""), metrics);
            assertTrue(metrics.matches("(?s).*\\nexecutor_log_sent_bytes_total [1-9].*"), metrics);

            // The heartbeat carries the same exposition text.
            Instant end = Instant.now().plusSeconds(15);
            String carried = "";
            while (Instant.now().isBefore(end) && !carried.contains("src_executor_processor_total{op=\"Handle\"")) {
                List<JsonNode> beats = frontend.heartbeats();
                carried = beats.isEmpty() ? "" : normalized(beats.get(beats.size() - 1).path("prometheusMetrics").asText());
                ExecutorProcess.sleep(200);
            }
            assertTrue(carried.contains("src_executor_processor_total{op=\"Handle\",queue=\"batches\"} 1.0"), carried);
            assertTrue(carried.contains("src_apiworker_command_total{op=\"exec\"}"), carried);

            assertJsonLogsCarryTheJob(p.output(), id);
            p.sigterm();
            assertEquals(0, p.waitFor(Duration.ofSeconds(30)), p.output());
            assertFalse(p.output().contains(SECRET), "a secret reached the log");
        }
    }

    /**
     * Exposition text with the label sets written one way: {@code /q/metrics} may answer in OpenMetrics
     * ({@code {a="b"}}) or in the 0.0.4 text format of heartbeats ({@code {a="b",}}); names are the same.
     */
    static String normalized(String exposition) {
        return exposition.replace(",}", "}");
    }

    static String awaitMetric(ExecutorProcess p, String line) {
        return normalized(await(p, "/q/metrics", r -> r.status() == 200 && normalized(r.body()).contains(line),
                line, Duration.ofSeconds(15)).body());
    }

    static void assertJsonLogsCarryTheJob(String output, long id) throws Exception {
        List<JsonNode> lines = new ArrayList<>();
        for (String raw : output.lines().filter(l -> !l.isBlank()).toList()) {
            try {
                lines.add(JSON.readTree(raw));
            } catch (Exception e) {
                throw new AssertionError("not a JSON line: " + raw, e);
            }
        }
        List<JsonNode> aboutJob = lines.stream()
                .filter(l -> l.path("message").asText().contains("job " + id + " ")
                        || l.path("message").asText().contains("Running job " + id)).toList();
        assertFalse(aboutJob.isEmpty(), "no log line about job " + id + ":\n" + output);
        for (JsonNode line : aboutJob) {
            assertEquals(Long.toString(id), line.path("mdc").path("job_id").asText(), line.toString());
            assertEquals("batches", line.path("mdc").path("queue").asText(), line.toString());
            assertTrue(line.has("level") && line.has("timestamp") && line.has("loggerName"), line.toString());
        }
    }

    @Test
    void readinessGoesDownDuringDrainWhileLivenessStaysUp() throws Exception {
        ExecutorEnv env = ExecutorEnv.forFrontend(frontend, "batches");
        try (ExecutorProcess p = ExecutorProcess.start("observe-drain", env.map())) {
            ExecutorProcess.HttpResult ready = awaitStatus(p, "/q/health/ready", 200, Duration.ofSeconds(60));
            for (String name : List.of("docker", "worker", "disk")) {
                assertEquals("UP", check(ready, name).path("status").asText(), ready.body());
            }
            assertEquals(200, p.get("/q/health/started").status());
            long id = frontend.enqueue("batches", Jobs.job().step("long", "sleep 6", "echo done").json());
            frontend.awaitState(id, Duration.ofSeconds(30), State.PROCESSING);
            p.sigterm();
            ExecutorProcess.HttpResult draining = awaitStatus(p, "/q/health/ready", 503, Duration.ofSeconds(10));
            JsonNode worker = check(draining, "worker");
            assertEquals("DOWN", worker.path("status").asText(), draining.body());
            assertEquals("draining", worker.path("data").path("reason").asText(), draining.body());
            assertEquals(200, p.get("/q/health/live").status(), "draining is not dead");
            assertEquals(State.COMPLETED, frontend.awaitTerminal(id, Duration.ofSeconds(60)).state());
            assertEquals(0, p.waitFor(Duration.ofSeconds(30)), p.output());
            assertTrue(p.output().contains("Running job " + id + " of queue batches {job_id=" + id + ", queue=batches}"),
                    "text lines end with the job context:\n" + p.output());
        }
    }

    @Test
    void readinessIsDownWithoutDockerOrDiskAndNoJobIsTaken() throws Exception {
        ExecutorEnv env = ExecutorEnv.forFrontend(frontend, "codeintel")
                .with("DOCKER_HOST", "unix:///nonexistent/docker.sock")
                .with("EXECUTOR_MIN_FREE_DISK", "1000000T");
        try (ExecutorProcess p = ExecutorProcess.start("observe-down", env.map())) {
            p.awaitHttp200("/q/health/live", Duration.ofSeconds(60));
            awaitStatus(p, "/q/health/started", 200, Duration.ofSeconds(30));
            ExecutorProcess.HttpResult ready = awaitStatus(p, "/q/health/ready", 503, Duration.ofSeconds(10));
            JsonNode docker = check(ready, "docker");
            assertEquals("DOWN", docker.path("status").asText(), ready.body());
            assertTrue(docker.path("data").path("error").asText().length() > 0, ready.body());
            JsonNode disk = check(ready, "disk");
            assertEquals("DOWN", disk.path("status").asText(), ready.body());
            // readiness and the poller's log line word it alike, naming the variable an operator would change
            String shortage = "only \\S+ free under " + Pattern.quote(env.workspaces().toString())
                    + ", below EXECUTOR_MIN_FREE_DISK=1000000\\.0T";
            assertTrue(disk.path("data").path("reason").asText().matches(shortage), ready.body());

            Pattern logLine = Pattern.compile("Not taking jobs: " + shortage);
            Instant end = Instant.now().plusSeconds(60);
            while (!logLine.matcher(p.output()).find() && Instant.now().isBefore(end)) {
                ExecutorProcess.sleep(100);
            }
            assertTrue(logLine.matcher(p.output()).find(), "the poller saw the disk:\n" + p.output());
            long id = frontend.enqueue("codeintel", Jobs.job().step("never", "true").json());
            ExecutorProcess.sleep(3000);
            assertEquals(State.QUEUED, frontend.job(id).state(), "no job is taken while disk space is short");
            p.sigterm();
            assertEquals(0, p.waitFor(Duration.ofSeconds(30)), p.output());
        }
    }
}
