package dev.executor.testing.frontend;

import static dev.executor.testing.frontend.Api.NAME;
import static dev.executor.testing.frontend.Api.expect;
import static dev.executor.testing.frontend.Api.jobAuth;
import static dev.executor.testing.frontend.Api.mark;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Fault injection, the files endpoint (§1.9) and the handler extension point. */
class FakeFrontendFaultAndFilesTest extends FakeFrontendFixture {
    private static final String JOB = "{\"repositoryName\":\"github.com/acme/api\",\"commit\":\"abc\"}";
    private static final String FILE = "/.executors/files/batch-changes/spec1/file1";

    @Test
    void failAllWithAnswersEveryRouteUntilItExpires() throws InterruptedException {
        fe.enqueue("batches", JOB);
        fe.failAllWith(503, Duration.ofMillis(400));
        assertEquals(503, api.dequeue("batches", NAME, "5.3.0").statusCode());
        assertEquals(503, api.get("/.executors/test/auth", api.executorAuth()).statusCode());
        assertEquals(503, api.post("/.executors/queue/nope/x", "").statusCode(), "faults come before routing");
        Thread.sleep(500);
        expect(200, api.dequeue("batches", NAME, "5.3.0"));
        assertEquals(List.of(), fe.violations(), "injected answers are not the product's fault");
        List<RecordedRequest> dequeues = fe.requests("/dequeue");
        assertEquals(2, dequeues.size());
        assertTrue(dequeues.get(0).injected());
        assertEquals(503, dequeues.get(0).status());
        assertEquals(200, dequeues.get(1).status());
    }

    @Test
    void failRouteCountsDown() {
        long id = fe.enqueue("batches", JOB);
        JsonNode job = api.heartbeatAndDequeue("batches", NAME);
        fe.failRoute("/markComplete", 500, 2);
        assertEquals(500, api.jobCall("batches", "markComplete", job, NAME, mark(NAME, id, null)).statusCode());
        assertEquals(500, api.jobCall("batches", "markComplete", job, NAME, mark(NAME, id, null)).statusCode());
        expect(204, api.jobCall("batches", "markComplete", job, NAME, mark(NAME, id, null)));
        assertEquals(JobRecord.State.COMPLETED, fe.job(id).state());
        assertEquals(List.of(), fe.violations());
    }

    @Test
    void failRouteForAnswersOneRouteUntilItExpires() throws InterruptedException {
        fe.enqueue("batches", JOB);
        fe.failRouteFor("/heartbeat", 503, Duration.ofMillis(400));
        assertEquals(503, api.heartbeat("batches", NAME, "[]").statusCode());
        assertEquals(503, api.heartbeat("batches", NAME, "[]").statusCode(), "not counted down");
        expect(204, api.dequeue("codeintel", NAME, "5.3.0")); // other routes are untouched
        Thread.sleep(500);
        expect(200, api.heartbeat("batches", NAME, "[]"));
        assertEquals(List.of(), fe.violations());
    }

    @Test
    void hangRouteHoldsTheRequestWithoutApplyingIt() {
        long id = fe.enqueue("batches", JOB);
        JsonNode job = api.heartbeatAndDequeue("batches", NAME);
        fe.hangRoute("/markComplete", 1, Duration.ofMillis(700));
        long start = System.nanoTime();
        assertEquals(504, api.jobCall("batches", "markComplete", job, NAME, mark(NAME, id, null)).statusCode());
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toMillis() >= 650, "the request was held");
        assertEquals(JobRecord.State.PROCESSING, fe.job(id).state(), "a hung request changes nothing");
        expect(204, api.jobCall("batches", "markComplete", job, NAME, mark(NAME, id, null)));
        assertEquals(JobRecord.State.COMPLETED, fe.job(id).state());
        assertTrue(fe.requests("/markComplete").get(0).injected());
        assertEquals(List.of(), fe.violations());
    }

    @Test
    void filesAreServedToBatchesJobTokensOnly() throws IOException {
        fe.putFile("batch-changes", "spec1/file1", "hello".getBytes(StandardCharsets.UTF_8));
        fe.enqueue("batches", JOB);
        fe.enqueue("codeintel", JOB);
        JsonNode b = api.heartbeatAndDequeue("batches", NAME);
        JsonNode c = api.heartbeatAndDequeue("codeintel", NAME);
        String[] auth = jobAuth(b.get("token").asText(), b.get("id").asLong(), NAME);

        assertEquals("hello", expect(200, api.get(FILE, auth)).body());
        HttpResponse<String> head = expect(200, api.head(FILE, auth));
        assertEquals("5", head.headers().firstValue("Content-Length").orElse(""));
        assertEquals(404, api.head("/.executors/files/batch-changes/spec1/missing", auth).statusCode());
        assertEquals(List.of(), fe.violations(), "HEAD 404 is the normal exists-probe");

        assertEquals(404, api.get("/.executors/files/batch-changes/spec1/missing", auth).statusCode());
        assertEquals(403, api.get(FILE, jobAuth(c.get("token").asText(), c.get("id").asLong(), NAME)).statusCode());
        assertEquals(404, api.get("/.executors/files/other/spec1/file1", auth).statusCode());
        assertEquals(401, api.get(FILE).statusCode());
        assertEquals(4, fe.violations().size());
    }

    @Test
    void generatedFilesStream() throws IOException {
        long size = 5L * 1024 * 1024 + 17;
        fe.putGeneratedFile("batch-changes", "big/blob", size);
        fe.enqueue("batches", JOB);
        JsonNode b = api.heartbeatAndDequeue("batches", NAME);
        HttpResponse<InputStream> r = api.getStream("/.executors/files/batch-changes/big/blob",
                jobAuth(b.get("token").asText(), b.get("id").asLong(), NAME));
        assertEquals(200, r.statusCode());
        try (InputStream in = r.body()) {
            assertTrue(GeneratedContent.matches(in, size));
        }
        assertEquals(64, GeneratedContent.sha256Hex(size).length());
    }

    @Test
    void extraRoutesCanReuseJobTokenChecks() {
        fe.addRoute("/.executors/git/", ex -> {
            String repo = ex.path().substring("/.executors/git/".length()).replaceFirst("/info/refs$", "");
            if (fe.auth().checkJob(ex, AuthChecker.Scope.repo(repo)) != null) {
                ex.respond(200, "text/plain", "refs".getBytes(StandardCharsets.UTF_8));
            }
        });
        fe.enqueue("batches", JOB);
        JsonNode b = api.heartbeatAndDequeue("batches", NAME);
        String[] auth = jobAuth(b.get("token").asText(), b.get("id").asLong(), NAME);
        assertEquals("refs", expect(200, api.get("/.executors/git/github.com/acme/api/info/refs?service=git-upload-pack", auth)).body());
        assertEquals(403, api.get("/.executors/git/github.com/acme/other/info/refs", auth).statusCode());
        assertEquals("service=git-upload-pack", fe.requests("/info/refs").get(0).query());
        assertEquals(1, fe.violations().size());
    }
}
