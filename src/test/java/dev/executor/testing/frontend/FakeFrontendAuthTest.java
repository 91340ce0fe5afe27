package dev.executor.testing.frontend;

import static dev.executor.testing.frontend.Api.NAME;
import static dev.executor.testing.frontend.Api.entry;
import static dev.executor.testing.frontend.Api.expect;
import static dev.executor.testing.frontend.Api.jobAuth;
import static dev.executor.testing.frontend.Api.mark;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One test per row of the auth table in spec §1.2, plus router-level refusals that happen before auth. */
class FakeFrontendAuthTest extends FakeFrontendFixture {
    private static final String JOB = "{\"repositoryName\":\"github.com/acme/api\",\"commit\":\"abc\"}";
    private static final String ADD = "/.executors/queue/batches/addExecutionLogEntry";

    @Test
    void executorRoutesAcceptTheSecretAndNothingElse() {
        String path = "/.executors/queue/batches/dequeue";
        String body = "{\"executorName\":\"e\",\"version\":\"5.3.0\"}";
        assertEquals(204, api.post(path, body, api.executorAuth()).statusCode());
        assertEquals(200, api.get("/.executors/test/auth", api.executorAuth()).statusCode());
        assertEquals("ok", api.get("/.executors/test/auth", api.executorAuth()).body());

        assertEquals(401, api.post(path, body).statusCode()); // no header at all
        assertEquals(401, api.post(path, body, "Authorization", "token-executor s3cr3t extra").statusCode());
        assertEquals(401, api.post(path, body, "Authorization", "Bearer s3cr3t").statusCode()); // scheme
        assertEquals(401, api.post(path, body, "Authorization", "token-executor ").statusCode()); // empty token
        HttpResponse<String> wrong = api.post(path, body, "Authorization", "token-executor nope");
        assertEquals(401, wrong.statusCode());
        assertEquals("", wrong.body(), "secret mismatch answers with an empty body");
        assertEquals(401, api.get("/.executors/test/auth", "Authorization", "token-executor nope").statusCode());
        assertEquals(6, fe.violations().size(), fe.violations().toString());
    }

    @Test
    void unconfiguredSecretIs500() {
        try (FakeFrontend unconfigured = FakeFrontend.start("")) {
            HttpResponse<String> r = new Api(unconfigured).get("/.executors/test/auth", "Authorization", "token-executor x");
            assertEquals(500, r.statusCode());
            assertEquals("Executors are not configured on this instance\n", r.body());
        }
    }

    @Test
    void routerRefusesUnknownQueueAndWrongMethodBeforeAuth() {
        assertEquals(404, api.post("/.executors/queue/nope/dequeue", "{}").statusCode());
        assertEquals(404, api.post("/.executors/queue/batches/nope", "{}").statusCode());
        assertEquals(404, api.post("/.executors/nothing", "{}").statusCode());
        assertEquals(405, api.get("/.executors/queue/batches/dequeue").statusCode());
        assertEquals(4, fe.violations().size());
    }

    @Test
    void jobTokenRequiresAPriorHeartbeatOfThatExecutorName() {
        long id = fe.enqueue("batches", JOB);
        // Dequeue needs no heartbeat ...
        JsonNode job = Api.json(expect(200, api.dequeue("batches", NAME, "5.3.0")));
        assertEquals(id, job.get("id").asLong());
        // ... but every job-token call does.
        HttpResponse<String> r = api.jobCall("batches", "addExecutionLogEntry", job, NAME, entry(NAME, id, ""));
        assertEquals(401, r.statusCode());
        assertEquals("invalid token\n", r.body());
        expect(200, api.heartbeat("batches", NAME, "[" + id + "]"));
        assertEquals("1", expect(200, api.jobCall("batches", "addExecutionLogEntry", job, NAME, entry(NAME, id, ""))).body());
        assertEquals(List.of("POST " + ADD + " -> 401: executor '" + NAME + "' has never sent a heartbeat"), fe.violations());
    }

    @Test
    void eachJobAuthRowHasItsStatus() {
        long first = fe.enqueue("batches", JOB);
        fe.enqueue("batches", JOB);
        JsonNode job = api.heartbeatAndDequeue("batches", NAME);
        JsonNode job2 = api.heartbeatAndDequeue("batches", NAME);
        long id = job.get("id").asLong();
        assertEquals(first, id);
        String token = job.get("token").asText();
        String body = entry(NAME, id, "");

        // Authorization not two parts / unknown scheme / empty token
        assertEquals(401, api.post(ADD, body, "Authorization", "Bearer", "X-Sourcegraph-Job-ID", "" + id,
                "X-Sourcegraph-Executor-Name", NAME).statusCode());
        assertEquals(401, api.post(ADD, body, "Authorization", "Basic " + token, "X-Sourcegraph-Job-ID", "" + id,
                "X-Sourcegraph-Executor-Name", NAME).statusCode());
        assertEquals(401, api.post(ADD, body, "Authorization", "Bearer ", "X-Sourcegraph-Job-ID", "" + id,
                "X-Sourcegraph-Executor-Name", NAME).statusCode());
        // Missing / invalid job id header, missing executor name header
        HttpResponse<String> noId = api.post(ADD, body, "Authorization", "Bearer " + token, "X-Sourcegraph-Executor-Name", NAME);
        assertEquals(400, noId.statusCode());
        assertEquals("job ID not provided in header 'X-Sourcegraph-Job-ID'\n", noId.body());
        assertEquals(400, api.post(ADD, body, "Authorization", "Bearer " + token, "X-Sourcegraph-Job-ID", "abc",
                "X-Sourcegraph-Executor-Name", NAME).statusCode());
        HttpResponse<String> noName = api.post(ADD, body, "Authorization", "Bearer " + token, "X-Sourcegraph-Job-ID", "" + id);
        assertEquals(400, noName.statusCode());
        assertEquals("worker hostname cannot be empty\n", noName.body());
        // Unknown token → 401; token of another job → 403; token used on another queue → 403
        assertEquals(401, api.post(ADD, body, jobAuth("0".repeat(40), id, NAME)).statusCode());
        HttpResponse<String> otherJob = api.post(ADD, body, jobAuth(token, job2.get("id").asLong(), NAME));
        assertEquals(403, otherJob.statusCode());
        assertEquals("invalid token\n", otherJob.body());
        assertEquals(403, api.post("/.executors/queue/codeintel/addExecutionLogEntry", body, jobAuth(token, id, NAME)).statusCode());
        // Executor name that never heartbeated
        assertEquals(401, api.post(ADD, body, jobAuth(token, id, "someone-else")).statusCode());
        assertEquals(10, fe.violations().size(), fe.violations().toString());

        // token-executor fallback: right secret is accepted on job routes, wrong secret is 403 with empty body
        expect(200, api.post(ADD, body, "Authorization", "token-executor s3cr3t", "X-Sourcegraph-Job-ID", "" + id,
                "X-Sourcegraph-Executor-Name", NAME));
        HttpResponse<String> badFallback = api.post(ADD, body, "Authorization", "token-executor nope");
        assertEquals(403, badFallback.statusCode());
        assertEquals("", badFallback.body());

        // After a mark call the token is gone: the same call is now 401
        expect(204, api.jobCall("batches", "markComplete", job, NAME, mark(NAME, id, null)));
        assertEquals(401, api.jobCall("batches", "markComplete", job, NAME, mark(NAME, id, null)).statusCode());
        assertEquals(12, fe.violations().size(), fe.violations().toString());
        assertTrue(fe.violations().get(11).contains("unknown job token"), fe.violations().get(11));
    }
}
