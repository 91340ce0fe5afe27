package dev.executor.testing.frontend;

import static dev.executor.testing.frontend.Api.NAME;
import static dev.executor.testing.frontend.Api.expect;
import static dev.executor.testing.frontend.Api.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Dequeue behaviour (spec §1.4) and the v1/v2 job payload encodings (spec §2). */
class FakeFrontendPayloadTest extends FakeFrontendFixture {
    private static final String JOB = """
            {"repositoryName":"github.com/acme/api","commit":"6d77b7a9204ebe40c53425ce4bc82c1df456e911",
             "shallowClone":true,
             "files":{"input.json":{"content":"héllo {}"},
                      "ws/fix.sh":{"bucket":"batch-changes","key":"Zx1/Ab9","modifiedAt":"2024-02-01T09:00:00Z"}},
             "dockerSteps":[{"key":"step.0.run","image":"alpine:3","commands":["echo hi"],"dir":"repository"}],
             "redactedValues":{"ghp_x":"${{ secrets.GITHUB_TOKEN }}"},
             "dockerAuthConfig":{"auths":{"registry.acme.io":{"auth":"dXNlcjpwYXNz"}}}}""";

    @Test
    void emptyQueueIs204WithoutBody() {
        HttpResponse<String> r = api.dequeue("batches", NAME, "5.3.0");
        assertEquals(204, r.statusCode());
        assertEquals("", r.body());
        fe.enqueue("codeintel", JOB);
        assertEquals(204, api.dequeue("batches", NAME, "5.3.0").statusCode(), "jobs of another queue are not served");
        assertEquals(List.of(), fe.violations());
    }

    @Test
    void v2PayloadForModernExecutors() {
        long id = fe.enqueue("batches", JOB);
        HttpResponse<String> r = expect(200, api.dequeue("batches", NAME, "5.3.0"));
        assertEquals(FrontendExchange.SNIFFED, r.headers().firstValue("Content-Type").orElse(""));
        JsonNode job = json(r);
        assertEquals(2, job.get("version").asInt());
        assertEquals(id, job.get("id").asLong());
        assertFalse(job.has("queue"), "single-queue dequeue omits queue");
        assertTrue(job.get("token").asText().matches("[0-9a-f]{40}"));
        String content = job.at("/files/input.json/content").asText();
        assertEquals("héllo {}", new String(Base64.getDecoder().decode(content), java.nio.charset.StandardCharsets.UTF_8));
        assertEquals(JobPayloads.ZERO_TIME, job.at("/files/input.json/modifiedAt").asText());
        assertFalse(job.at("/files/ws~1fix.sh").has("content"));
        assertEquals("dXNlcjpwYXNz", job.at("/dockerAuthConfig/auths/registry.acme.io/auth").asText());
        // Go zero values are always present
        assertEquals("", job.get("repositoryDirectory").asText());
        assertTrue(job.get("sparseCheckout").isNull());
        assertTrue(job.get("cliSteps").isNull());
        assertTrue(job.at("/dockerSteps/0/env").isNull());
        assertEquals(JobRecord.State.PROCESSING, fe.job(id).state());
        assertEquals(NAME, fe.job(id).workerHostname());
        assertEquals(job.get("token").asText(), fe.job(id).token());
    }

    @Test
    void v1PayloadForEmptyOrOldVersions() {
        fe.enqueue("batches", JOB);
        fe.enqueue("batches", JOB);
        for (String version : List.of("", "4.2.9")) {
            JsonNode job = json(expect(200, api.dequeue("batches", NAME, version)));
            assertFalse(job.has("version"), version);
            assertFalse(job.has("dockerAuthConfig"), version);
            assertEquals("héllo {}", job.at("/files/input.json/content").asText(), version);
        }
    }

    @Test
    void versionRules() {
        for (String v : List.of("dev", "0.0.0+dev", "4.3.0", "v5.1", "4.3.0-rc.1", "226789_2023-01-05_5.0-abcdef123456")) {
            fe.enqueue("codeintel", JOB);
            assertEquals(2, json(expect(200, api.dequeue("codeintel", NAME, v))).path("version").asInt(), v);
        }
        fe.enqueue("codeintel", JOB);
        assertFalse(json(expect(200, api.dequeue("codeintel", NAME, "199999_2022-11-01_abcdef1"))).has("version"));
        HttpResponse<String> bad = api.dequeue("codeintel", NAME, "not-a-version");
        assertEquals(500, bad.statusCode());
        assertEquals("{\"error\":\"failed to check version \\\"not-a-version\\\": Invalid Semantic Version\"}", bad.body());
        assertEquals(1, fe.violations().size());
    }

    @Test
    void dequeueValidatesItsBody() {
        fe.enqueue("batches", JOB);
        HttpResponse<String> noName = api.post("/.executors/queue/batches/dequeue", "{\"version\":\"5.3.0\"}", api.executorAuth());
        assertEquals(500, noName.statusCode());
        assertEquals("{\"error\":\"worker hostname cannot be empty\"}", noName.body());
        HttpResponse<String> junk = api.post("/.executors/queue/batches/dequeue", "not json", api.executorAuth());
        assertEquals(400, junk.statusCode());
        assertTrue(junk.body().startsWith("Failed to unmarshal payload: "), junk.body());
        assertEquals(400, api.post("/.executors/queue/batches/dequeue", "", api.executorAuth()).statusCode());
        assertEquals(400, api.post("/.executors/queue/batches/dequeue", "{\"executorName\":1}", api.executorAuth()).statusCode());
        assertEquals(400, api.post("/.executors/queue/batches/dequeue",
                "{\"executorName\":\"e\",\"numCPUs\":1.5}", api.executorAuth()).statusCode());
        assertEquals(5, fe.violations().size());
        assertEquals(JobRecord.State.QUEUED, fe.job(1).state(), "nothing was dequeued by the refused calls");
    }

    @Test
    void contentTypeIsRecordedNotRequired() {
        fe.enqueue("batches", JOB);
        expect(200, api.post("/.executors/queue/batches/dequeue", "{\"executorName\":\"e\",\"version\":\"5.3.0\"}",
                "Authorization", "token-executor s3cr3t"));
        assertEquals(null, fe.requests("/dequeue").get(0).contentType());
        assertEquals(List.of(), fe.violations());
    }

    @Test
    void multiQueueDequeueSetsQueueAndValidatesNames() {
        long id = fe.enqueue("codeintel", JOB);
        String path = "/.executors/queue/dequeue";
        JsonNode job = json(expect(200, api.post(path,
                "{\"queues\":[\"batches\",\"codeintel\"],\"executorName\":\"e\",\"version\":\"5.3.0\"}", api.executorAuth())));
        assertEquals("codeintel", job.get("queue").asText());
        assertEquals(id, job.get("id").asLong());
        HttpResponse<String> invalid = api.post(path, "{\"queues\":[\"batches\",\"x\"],\"executorName\":\"e\"}", api.executorAuth());
        assertEquals(500, invalid.statusCode());
        assertTrue(invalid.body().contains("Invalid queue name(s) 'x' found. Supported queue names are 'batches, codeintel'."));
        assertEquals(204, api.post(path, "{\"executorName\":\"e\"}", api.executorAuth()).statusCode());
        assertEquals(2, fe.violations().size(), "invalid names and a queue-less multi dequeue are both flagged");
    }

    @Test
    void rawPayloadIsServedVerbatim() {
        long a = fe.enqueueRaw("batches", "{\"version\":2, \"files\": [1,2]}");
        long b = fe.enqueueRaw("batches", "{\"id\":${id},\"token\":\"${token}\",\"version\":\"two\"");
        String first = expect(200, api.dequeue("batches", NAME, "5.3.0")).body();
        assertEquals("{\"id\":" + a + ",\"token\":\"" + fe.job(a).token() + "\",\"version\":2, \"files\": [1,2]}", first);
        String second = expect(200, api.dequeue("batches", NAME, "5.3.0")).body();
        assertEquals("{\"id\":" + b + ",\"token\":\"" + fe.job(b).token() + "\",\"version\":\"two\"", second);
    }

    @Test
    void enqueueRefusesWhatGoWouldDropOrTheFrontendSets() {
        assertThrows(IllegalArgumentException.class, () -> fe.enqueue("batches", "{\"repoName\":\"x\"}"));
        assertThrows(IllegalArgumentException.class, () -> fe.enqueue("batches", "{\"token\":\"x\"}"));
        assertThrows(IllegalArgumentException.class, () -> fe.enqueue("other", "{}"));
        assertThrows(IllegalArgumentException.class, () -> fe.putFile("other", "a/b", new byte[0]));
    }
}
