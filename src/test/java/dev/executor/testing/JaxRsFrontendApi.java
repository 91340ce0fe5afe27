package dev.executor.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.executor.queue.DequeueRequest;
import dev.executor.queue.FrontendApi;
import dev.executor.queue.LogEntryRequest;
import dev.executor.queue.MarkRequest;
import dev.executor.queue.MultiQueueHeartbeat;
import dev.executor.queue.SingleQueueHeartbeat;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.client.ClientBuilder;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.client.Invocation;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * {@link FrontendApi} over the standalone JAX-RS client (the same RESTEasy Reactive stack the product's
 * generated client runs on), for tests that drive {@code QueueClient} without booting Quarkus. Real HTTP:
 * every call reaches the server, whose answer is returned untouched. Each {@code Uni} sends its request when
 * subscribed (blocking the subscribing thread, which is fine in a test), so retries resend it as in the product. Bodies are serialised with a plain
 * Jackson mapper, which honours the DTOs' annotations exactly as Quarkus' mapper does.
 */
public final class JaxRsFrontendApi implements FrontendApi, AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Client client;
    private final String base;

    public JaxRsFrontendApi(URI frontend, Duration readTimeout) {
        this.client = ClientBuilder.newBuilder().connectTimeout(5, TimeUnit.SECONDS)
                .readTimeout(readTimeout.toMillis(), TimeUnit.MILLISECONDS).build();
        this.base = frontend.toString().replaceAll("/+$", "") + "/.executors";
    }

    private Invocation.Builder request(String path, String auth) {
        return client.target(base + path).request().header(AUTH, auth);
    }

    private static Entity<String> json(Object body) {
        try {
            return Entity.entity(JSON.writeValueAsString(body), MediaType.APPLICATION_JSON_TYPE);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private Response jobCall(String path, String auth, String jobId, String executorName, Object body) {
        return request(path, auth).header(JOB_ID, jobId).header(EXECUTOR_NAME, executorName).post(json(body));
    }

    @Override
    public Uni<Response> dequeue(String queue, String auth, DequeueRequest body) {
        return Uni.createFrom().item(() -> request("/queue/" + queue + "/dequeue", auth).post(json(body)));
    }

    @Override
    public Uni<Response> dequeueMulti(String auth, DequeueRequest body) {
        return Uni.createFrom().item(() -> request("/queue/dequeue", auth).post(json(body)));
    }

    @Override
    public Uni<Response> heartbeat(String queue, String auth, SingleQueueHeartbeat body) {
        return Uni.createFrom().item(() -> request("/queue/" + queue + "/heartbeat", auth).post(json(body)));
    }

    @Override
    public Uni<Response> heartbeatMulti(String auth, MultiQueueHeartbeat body) {
        return Uni.createFrom().item(() -> request("/queue/heartbeat", auth).post(json(body)));
    }

    @Override
    public Uni<Response> addExecutionLogEntry(String queue, String auth, String jobId, String executorName,
            LogEntryRequest body) {
        return Uni.createFrom().item(() -> jobCall("/queue/" + queue + "/addExecutionLogEntry", auth, jobId, executorName, body));
    }

    @Override
    public Uni<Response> updateExecutionLogEntry(String queue, String auth, String jobId, String executorName,
            LogEntryRequest body) {
        return Uni.createFrom().item(() -> jobCall("/queue/" + queue + "/updateExecutionLogEntry", auth, jobId, executorName, body));
    }

    @Override
    public Uni<Response> updateExecutionLogEntryStream(String queue, String auth, String jobId, String executorName,
            long contentLength, java.io.InputStream body) {
        return Uni.createFrom().item(() -> sendStream(queue, auth, jobId, executorName, contentLength, body));
    }

    private Response sendStream(String queue, String auth, String jobId, String executorName, long contentLength,
            java.io.InputStream body) {
        byte[] bytes;
        try (java.io.InputStream in = body) {
            bytes = in.readAllBytes();
        } catch (java.io.IOException e) {
            throw new jakarta.ws.rs.ProcessingException(e);
        }
        if (bytes.length != contentLength) {
            throw new IllegalArgumentException("Content-Length " + contentLength + " but the body has " + bytes.length);
        }
        return request("/queue/" + queue + "/updateExecutionLogEntry", auth).header(JOB_ID, jobId)
                .header(EXECUTOR_NAME, executorName).post(Entity.entity(bytes, MediaType.APPLICATION_JSON_TYPE));
    }

    @Override
    public Uni<Response> mark(String queue, String operation, String auth, String jobId, String executorName,
            MarkRequest body) {
        return Uni.createFrom().item(() -> jobCall("/queue/" + queue + "/" + operation, auth, jobId, executorName, body));
    }

    @Override
    public Uni<Response> testAuth(String auth) {
        return Uni.createFrom().item(() -> request("/test/auth", auth).get());
    }

    @Override
    public void close() {
        client.close();
    }
}
