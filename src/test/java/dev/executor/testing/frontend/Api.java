package dev.executor.testing.frontend;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Minimal raw HTTP client for the fake's own tests: every header is explicit so each auth row can be exercised. */
final class Api {
    static final String NAME = "exec-test-1";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI base;
    private final String secret;

    Api(FakeFrontend fe) {
        this.base = fe.url();
        this.secret = fe.secret();
    }

    String[] executorAuth() {
        return new String[] {"Authorization", "token-executor " + secret, "Content-Type", "application/json"};
    }

    static String[] jobAuth(String token, long jobId, String executorName) {
        return new String[] {"Authorization", "Bearer " + token, "X-Sourcegraph-Job-ID", Long.toString(jobId),
                "X-Sourcegraph-Executor-Name", executorName, "Content-Type", "application/json"};
    }

    HttpResponse<String> post(String path, String body, String... headers) {
        return send(HttpRequest.newBuilder(base.resolve(path)).POST(HttpRequest.BodyPublishers.ofString(body)), headers);
    }

    HttpResponse<String> get(String path, String... headers) {
        return send(HttpRequest.newBuilder(base.resolve(path)).GET(), headers);
    }

    HttpResponse<String> head(String path, String... headers) {
        return send(HttpRequest.newBuilder(base.resolve(path)).method("HEAD", HttpRequest.BodyPublishers.noBody()), headers);
    }

    HttpResponse<java.io.InputStream> getStream(String path, String... headers) {
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).GET();
            if (headers.length > 0) {
                b.headers(headers);
            }
            return http.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException | InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    // ---- protocol shortcuts ----

    HttpResponse<String> heartbeat(String queue, String name, String jobIdsJson) {
        return post("/.executors/queue/" + queue + "/heartbeat",
                "{\"version\":\"V2\",\"executorName\":\"" + name + "\",\"jobIds\":" + jobIdsJson + "}", executorAuth());
    }

    HttpResponse<String> dequeue(String queue, String name, String version) {
        return post("/.executors/queue/" + queue + "/dequeue",
                "{\"executorName\":\"" + name + "\",\"version\":\"" + version + "\"}", executorAuth());
    }

    /** Heartbeat (so job-token calls are accepted) then dequeue with a v2 version; returns the job payload. */
    JsonNode heartbeatAndDequeue(String queue, String name) {
        expect(200, heartbeat(queue, name, "[]"));
        return json(expect(200, dequeue(queue, name, "5.3.0")));
    }

    HttpResponse<String> jobCall(String queue, String op, JsonNode job, String name, String body) {
        return post("/.executors/queue/" + queue + "/" + op, body,
                jobAuth(job.get("token").asText(), job.get("id").asLong(), name));
    }

    static String mark(String name, long id, String errorMessage) {
        return "{\"executorName\":\"" + name + "\",\"jobId\":" + id
                + (errorMessage == null ? "" : ",\"errorMessage\":\"" + errorMessage + "\"") + "}";
    }

    static String entry(String name, long id, String extra) {
        return "{\"executorName\":\"" + name + "\",\"jobId\":" + id
                + ",\"key\":\"setup.git.fetch\",\"command\":[\"git\",\"fetch\"],\"startTime\":\"2024-03-01T10:00:00.123456789Z\""
                + (extra.isEmpty() ? "" : "," + extra) + "}";
    }

    static <T> HttpResponse<T> expect(int status, HttpResponse<T> r) {
        if (r.statusCode() != status) {
            throw new AssertionError("expected " + status + " but got " + r.statusCode() + " for " + r.request().uri() + ": " + r.body());
        }
        return r;
    }

    static JsonNode json(HttpResponse<String> r) {
        try {
            return GoJson.MAPPER.readTree(r.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + r.body(), e);
        }
    }

    private HttpResponse<String> send(HttpRequest.Builder b, String... headers) {
        try {
            if (headers.length > 0) {
                b.headers(headers);
            }
            return http.send(b.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException | InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}
