package dev.executor.it;

import static dev.executor.testing.Lifecycle.awaitRunningContainer;
import static dev.executor.testing.Lifecycle.jobCalls;
import static dev.executor.testing.Lifecycle.marks;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.executor.testing.ExecutorEnv;
import dev.executor.testing.ExecutorProcess;
import dev.executor.testing.Jobs;
import dev.executor.testing.Lifecycle;
import dev.executor.testing.frontend.FakeFrontend;
import dev.executor.testing.frontend.JobRecord;
import dev.executor.testing.frontend.JobRecord.State;
import dev.executor.testing.frontend.RecordedRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code EXECUTOR_QUEUE_NAMES=batches,codeintel}: the multi-queue dequeue and heartbeat routes, job calls on
 * {@code /.executors/queue/<job.queue>/...}, running ids {@code <id>-<queue>}, and a cancel in that mode.
 */
class MultiQueueIT {

    static final String SECRET = "sk-multi-queue-test-secret";

    static FakeFrontend frontend;
    static ExecutorEnv env;
    static ExecutorProcess executor;

    @BeforeAll
    static void startExecutor() {
        frontend = FakeFrontend.start(SECRET);
        env = ExecutorEnv.forFrontend(frontend, "batches")
                .with("EXECUTOR_QUEUE_NAME", null)
                .with("EXECUTOR_QUEUE_NAMES", "codeintel,batches")
                .with("EXECUTOR_MAXIMUM_NUM_JOBS", "4")
                .with("EXECUTOR_HEARTBEAT_INTERVAL", "1s")
                .with("EXECUTOR_CANCEL_GRACE_PERIOD", "1s");
        executor = ExecutorProcess.start("multi-queue", env.map());
        executor.awaitHttp200("/q/health/ready", Duration.ofSeconds(60));
    }

    @AfterAll
    static void stop() {
        Lifecycle.stopExecutor(executor);
        Lifecycle.closeFrontend(frontend, env, v -> false);
    }

    @Test
    void jobsFromBothQueuesCompleteOnTheirOwnQueuesRoutes() {
        Map<Long, String> queueOf = new LinkedHashMap<>();
        for (String queue : List.of("batches", "codeintel", "codeintel", "batches")) {
            queueOf.put(frontend.enqueue(queue, Jobs.job().step("work", "sleep 3", "echo done").json()), queue);
        }
        for (Map.Entry<Long, String> e : queueOf.entrySet()) {
            JobRecord job = frontend.awaitTerminal(e.getKey(), Duration.ofSeconds(90));
            assertEquals(State.COMPLETED, job.state(), job.toString());
            List<RecordedRequest> calls = jobCalls(frontend, e.getKey());
            assertFalse(calls.isEmpty());
            for (RecordedRequest r : calls) {
                assertTrue(r.path().startsWith("/.executors/queue/" + e.getValue() + "/"),
                        "job " + e.getKey() + " of " + e.getValue() + " called " + r.path());
            }
            assertEquals(List.of("markComplete 204"), marks(frontend, e.getKey()));
        }

        List<RecordedRequest> dequeues = frontend.requests("/dequeue");
        assertTrue(dequeues.stream().allMatch(r -> r.path().equals("/.executors/queue/dequeue")), dequeues.toString());
        JsonNode body = dequeues.get(0).json();
        assertEquals("[\"batches\",\"codeintel\"]", body.get("queues").toString(), "sorted queue names");

        assertTrue(frontend.requests("/heartbeat").stream().allMatch(r -> r.path().equals("/.executors/queue/heartbeat")));
        Map<String, Set<String>> reported = new LinkedHashMap<>();
        for (JsonNode hb : frontend.heartbeats()) {
            assertEquals("[\"batches\",\"codeintel\"]", hb.get("queueNames").toString(), hb.toString());
            assertFalse(hb.has("jobIds"), hb.toString());
            assertEquals("", hb.get("version").asText());
            if (hb.has("jobIdsByQueue")) {
                List<String> order = new ArrayList<>();
                for (JsonNode q : hb.get("jobIdsByQueue")) {
                    order.add(q.get("queueName").asText());
                    q.get("jobIds").forEach(id -> {
                        assertTrue(id.isTextual(), "multi-queue ids are strings: " + hb);
                        reported.computeIfAbsent(q.get("queueName").asText(), k -> new HashSet<>()).add(id.asText());
                    });
                }
                assertEquals(order.stream().sorted().toList(), order, "grouped by queue, sorted: " + hb);
            }
        }
        queueOf.forEach((id, queue) -> assertTrue(reported.getOrDefault(queue, Set.of()).contains(Long.toString(id)),
                "job " + id + " was heartbeated under " + queue + ": " + reported));
        JsonNode last = frontend.heartbeats().get(frontend.heartbeats().size() - 1);
        assertEquals("linux", last.get("os").asText());
        assertTrue(last.get("prometheusMetrics").asText().contains("queue=\"batches_codeintel\""),
                "metrics are labelled with the joined queue names");
    }

    @Test
    void aCodeintelJobIsCancelledThroughItsQueueSuffixedId() {
        long keep = frontend.enqueue("batches", Jobs.job().step("work", "sleep 6").json());
        long cancel = frontend.enqueue("codeintel", Jobs.job().step("work", "sleep 300").json());
        String name = awaitRunningContainer(frontend, cancel, Duration.ofSeconds(60));

        frontend.cancel(cancel);
        JobRecord cancelled = frontend.awaitTerminal(cancel, Duration.ofSeconds(15));
        assertEquals(State.CANCELED, cancelled.state(), cancelled.toString());
        assertEquals(List.of("markFailed 204"), marks(frontend, cancel));
        assertTrue(jobCalls(frontend, cancel).stream().allMatch(r -> r.path().startsWith("/.executors/queue/codeintel/")));

        JobRecord kept = frontend.awaitTerminal(keep, Duration.ofSeconds(60));
        assertEquals(State.COMPLETED, kept.state(), "the batches job with its own id is untouched: " + kept);
        assertEquals(name, kept.workerHostname());
    }
}
