package dev.executor.testing.frontend;

import static dev.executor.testing.frontend.Api.NAME;
import static dev.executor.testing.frontend.Api.entry;
import static dev.executor.testing.frontend.Api.expect;
import static dev.executor.testing.frontend.Api.json;
import static dev.executor.testing.frontend.Api.mark;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.executor.testing.frontend.JobRecord.State;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Heartbeats (§1.5), log entries (§1.6), mark calls (§1.7) and the queue state machine (§7). */
class FakeFrontendStateTest extends FakeFrontendFixture {
    private static final String JOB = "{\"repositoryName\":\"github.com/acme/api\",\"commit\":\"abc\"}";

    @Test
    void completeLifecycleWithLogsAndASecondMarkIs404() {
        long id = fe.enqueue("batches", JOB);
        JsonNode job = api.heartbeatAndDequeue("batches", NAME);
        assertEquals("1", expect(200, api.jobCall("batches", "addExecutionLogEntry", job, NAME, entry(NAME, id, ""))).body());
        assertEquals("2", expect(200, api.jobCall("batches", "addExecutionLogEntry", job, NAME, entry(NAME, id, ""))).body());
        String update = entry(NAME, id, "\"entryId\":1,\"exitCode\":0,\"out\":\"stdout: hi\\n\",\"durationMs\":12");
        expect(204, api.jobCall("batches", "updateExecutionLogEntry", job, NAME, update));
        HttpResponse<String> heartbeat = expect(200, api.heartbeat("batches", NAME, "[" + id + ", \"999\"]"));
        assertEquals("{\"knownIds\":[\"" + id + "\"],\"cancelIds\":null}", heartbeat.body());
        expect(204, api.jobCall("batches", "markComplete", job, NAME, mark(NAME, id, null)));

        JobRecord r = fe.job(id);
        assertEquals(State.COMPLETED, r.state());
        assertEquals("markComplete", r.finalCall());
        assertNull(r.failureMessage());
        assertEquals(2, r.logEntries().size());
        assertEquals("stdout: hi\n", r.logEntries().get(0).get("out").asText());
        assertEquals(0, r.logEntries().get(0).get("exitCode").asInt());
        assertEquals(List.of(), fe.violations());
        assertEquals(update.length(), fe.totalUpdateBytes(id, 1));

        // The token died with markComplete, so only the token-executor fallback gets past auth to see the 404.
        HttpResponse<String> again = api.post("/.executors/queue/batches/markErrored", mark(NAME, id, "late"),
                "Authorization", "token-executor s3cr3t", "X-Sourcegraph-Job-ID", "" + id, "X-Sourcegraph-Executor-Name", NAME);
        assertEquals(404, again.statusCode());
        assertEquals("", again.body());
        assertEquals(State.COMPLETED, fe.job(id).state());
        assertEquals(1, fe.violations().size());
    }

    @Test
    void markErroredEndsFailedAndCancelEndsCanceled() {
        long a = fe.enqueue("codeintel", JOB);
        long b = fe.enqueue("codeintel", JOB);
        JsonNode jobA = api.heartbeatAndDequeue("codeintel", NAME);
        JsonNode jobB = api.heartbeatAndDequeue("codeintel", NAME);
        expect(204, api.jobCall("codeintel", "markErrored", jobA, NAME, mark(NAME, a, "exit 1")));
        JobRecord ra = fe.job(a);
        assertEquals(State.FAILED, ra.state(), "MaxNumRetries is 0: errored never stays errored");
        assertEquals("markErrored", ra.finalCall());
        assertEquals("exit 1", ra.failureMessage());
        assertEquals(1, ra.numFailures());

        fe.cancel(b);
        assertEquals("{\"knownIds\":[\"" + b + "\"],\"cancelIds\":[\"" + b + "\"]}",
                expect(200, api.heartbeat("codeintel", NAME, "[\"" + b + "\"]")).body());
        expect(204, api.jobCall("codeintel", "markFailed", jobB, NAME, mark(NAME, b, "canceled")));
        assertEquals(State.CANCELED, fe.job(b).state());
        assertEquals(0, fe.job(b).numFailures());

        long queued = fe.enqueue("codeintel", JOB);
        fe.cancel(queued);
        assertEquals(State.CANCELED, fe.job(queued).state());
        assertEquals(List.of(), fe.violations());
    }

    @Test
    void emptyHeartbeatAnswersNullsAndRegistersTheExecutor() {
        HttpResponse<String> r = expect(200, api.heartbeat("batches", "fresh", "null"));
        assertEquals("{\"knownIds\":null,\"cancelIds\":null}", r.body());
        assertEquals(java.util.Set.of("fresh"), fe.executorNamesSeen());
        assertEquals(1, fe.heartbeats().size());
        assertEquals(500, api.heartbeat("batches", "", "[]").statusCode());
        assertEquals(500, api.heartbeat("batches", "x", "[\"abc\"]").statusCode());
        assertEquals(400, api.heartbeat("batches", "x", "[true]").statusCode());
        assertEquals(3, fe.violations().size());
    }

    @Test
    void multiQueueHeartbeatSuffixesIdsAndValidatesQueues() {
        long b = fe.enqueue("batches", JOB);
        long c = fe.enqueue("codeintel", JOB);
        String path = "/.executors/queue/heartbeat";
        expect(200, api.post(path, "{\"executorName\":\"m\",\"queueNames\":[\"batches\",\"codeintel\"]}", api.executorAuth()));
        for (int i = 0; i < 2; i++) {
            expect(200, api.post("/.executors/queue/dequeue",
                    "{\"queues\":[\"batches\",\"codeintel\"],\"executorName\":\"m\",\"version\":\"5.3.0\"}", api.executorAuth()));
        }
        String body = "{\"version\":\"\",\"executorName\":\"m\",\"queueNames\":[\"batches\",\"codeintel\"],"
                + "\"jobIdsByQueue\":[{\"queueName\":\"batches\",\"jobIds\":[\"" + b + "\"]},"
                + "{\"queueName\":\"codeintel\",\"jobIds\":[\"" + c + "\",\"" + b + "\"]}]}";
        JsonNode resp = json(expect(200, api.post(path, body, api.executorAuth())));
        assertEquals(List.of(b + "-batches", c + "-codeintel"),
                List.of(resp.get("knownIds").get(0).asText(), resp.get("knownIds").get(1).asText()));
        assertEquals(2, resp.get("knownIds").size(), "a batches id reported under codeintel is not known");
        assertEquals(2, fe.maxConcurrentProcessing("m"));
        assertEquals(List.of(), fe.violations());

        HttpResponse<String> noNames = api.post(path, "{\"executorName\":\"m\"}", api.executorAuth());
        assertEquals(500, noNames.statusCode());
        assertEquals("{\"error\":\"queueNames must be set for multi-queue heartbeats\"}", noNames.body());
        assertEquals(500, api.post(path, "{\"executorName\":\"m\",\"queueNames\":[\"batches\"],"
                + "\"jobIdsByQueue\":[{\"queueName\":\"codeintel\",\"jobIds\":[]}]}", api.executorAuth()).statusCode());
        assertEquals(400, api.post(path, "{\"executorName\":\"m\",\"queueNames\":[\"batches\"],"
                + "\"jobIdsByQueue\":[{\"queueName\":\"batches\",\"jobIds\":[" + b + "]}]}", api.executorAuth()).statusCode(),
                "multi-queue job ids must be strings");
        assertEquals(3, fe.violations().size());
    }

    @Test
    void logEntryShapesAndOwnershipAreEnforced() {
        long id = fe.enqueue("batches", JOB);
        JsonNode job = api.heartbeatAndDequeue("batches", NAME);
        String add = "addExecutionLogEntry";
        assertEquals(400, api.jobCall("batches", add, job, NAME, entry(NAME, id, "").replace(".123456789Z", "")).statusCode());
        assertEquals(400, api.jobCall("batches", add, job, NAME, entry(NAME, id, "\"exitCode\":\"0\"")).statusCode());
        assertEquals(400, api.jobCall("batches", add, job, NAME, entry(NAME, id, "\"command\":\"git\"")).statusCode());
        assertEquals(400, api.jobCall("batches", add, job, NAME, entry(NAME, id, "").replace("setup.git.fetch", "")).statusCode());
        assertEquals(400, api.jobCall("batches", add, job, NAME, "{\"executorName\":\"" + NAME + "\",\"jobId\":\"" + id + "\"}").statusCode());
        HttpResponse<String> noEntry = api.jobCall("batches", "updateExecutionLogEntry", job, NAME, entry(NAME, id, "\"entryId\":1"));
        assertEquals(500, noEntry.statusCode());
        assertEquals("{\"error\":\"unknown job\"}", noEntry.body());
        assertEquals(6, fe.violations().size(), fe.violations().toString());

        fe.forget(id);
        assertEquals("{\"knownIds\":null,\"cancelIds\":null}", expect(200, api.heartbeat("batches", NAME, "[" + id + "]")).body());
        assertEquals(500, api.jobCall("batches", add, job, NAME, entry(NAME, id, "")).statusCode());
        assertEquals(404, api.jobCall("batches", "markErrored", job, NAME, mark(NAME, id, "lost")).statusCode());
        assertEquals("forget", fe.job(id).finalCall());
        assertEquals(8, fe.violations().size());
    }

    @Test
    void resetterRequeuesStaleJobsThenFailsThem() {
        fe.setStaleAge(Duration.ofMillis(300));
        long id = fe.enqueue("batches", JOB);
        String oldToken = null;
        for (int reset = 1; reset <= JobStore.MAX_NUM_RESETS; reset++) {
            JsonNode job = api.heartbeatAndDequeue("batches", NAME);
            assertNotEquals(oldToken, job.get("token").asText(), "every dequeue mints a fresh token");
            oldToken = job.get("token").asText();
            JobRecord r = fe.awaitState(id, Duration.ofSeconds(5), State.QUEUED);
            assertEquals(reset, r.numResets());
        }
        // the previous lease's token is still stored until the next dequeue regenerates it
        JsonNode last = api.heartbeatAndDequeue("batches", NAME);
        HttpResponse<String> stale = api.post("/.executors/queue/batches/markComplete", mark(NAME, id, null),
                Api.jobAuth(oldToken, id, NAME));
        assertEquals(401, stale.statusCode(), "the token of an earlier lease was regenerated away");
        JobRecord failed = fe.awaitTerminal(id, Duration.ofSeconds(5));
        assertEquals(State.FAILED, failed.state());
        assertEquals(JobStore.RESET_FAILURE, failed.failureMessage());
        assertEquals("resetter", failed.finalCall());
        assertEquals(4, failed.dequeueCount());
        assertTrue(last.get("token").asText().matches("[0-9a-f]{40}"));
    }

    @Test
    void heartbeatsKeepAJobAlive() throws InterruptedException {
        fe.setStaleAge(Duration.ofMillis(400));
        long id = fe.enqueue("batches", JOB);
        api.heartbeatAndDequeue("batches", NAME);
        for (int i = 0; i < 8; i++) {
            Thread.sleep(100);
            expect(200, api.heartbeat("batches", NAME, "[" + id + "]"));
        }
        assertEquals(State.PROCESSING, fe.job(id).state());
        assertEquals(0, fe.job(id).numResets());
        assertEquals(1, fe.maxConcurrentProcessing());
    }
}
