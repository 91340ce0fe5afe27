package dev.executor.queue;

import dev.executor.model.JobRef;

import dev.executor.model.Job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.executor.observe.metrics.OperationMetrics;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * Typed calls to the queue routes (spec §1.3–§1.7): builds paths and headers, applies the retry
 * policy, records {@code src_apiworker_apiclient_queue_*} metrics, and turns statuses into results. Every call is
 * a lazy {@link Uni}: nothing is sent until it is subscribed, each retry resubscribes the request, and cancelling
 * the subscription abandons the call. Items arrive on the Vert.x event loop: callers that block next shift first.
 */
public final class QueueClient {

    /** Result of a mark* call: 404 means the frontend no longer considers the job ours. */
    public enum MarkResult { OK, NOT_FOUND }

    private static final ObjectMapper JSON = JobJson.mapper();

    private final FrontendApi api;
    private final RetryPolicy retry;
    private final RetryPolicy once;
    private final Credentials credentials;
    private final String executorName;
    private final List<String> queueNames;
    private final boolean multiQueue;
    private final OperationMetrics metrics;

    public QueueClient(FrontendApi api, RetryPolicy retry, Credentials credentials, String executorName,
            List<String> queueNames, boolean multiQueue, OperationMetrics metrics) {
        this.api = api;
        this.retry = retry;
        this.once = new RetryPolicy(0, java.time.Duration.ZERO, java.time.Duration.ZERO, java.time.Duration.ZERO);
        this.credentials = credentials;
        this.executorName = executorName;
        this.queueNames = List.copyOf(queueNames);
        this.multiQueue = multiQueue;
        this.metrics = metrics;
    }

    public String executorName() {
        return executorName;
    }

    public boolean multiQueue() {
        return multiQueue;
    }

    /** The configured queues (one in single-queue mode). */
    public List<String> queueNames() {
        return queueNames;
    }

    /** Dequeues one job; the job's queue is {@code job.queue} in multi-queue mode, else the configured one. */
    public Uni<DequeueResult> dequeue(DequeueRequest body) {
        return observe("Dequeue", retry.apply("dequeue", Uni.createFrom().deferred(() -> multiQueue
                ? api.dequeueMulti(credentials.executorHeader(), body)
                : api.dequeue(queueNames.get(0), credentials.executorHeader(), body)))
                .onItem().transform(r -> {
                    try (r) {
                        if (r.getStatus() == 204) {
                            return new DequeueResult.Empty();
                        }
                        return decodeJob(expect(r, 200, "dequeue"));
                    }
                }));
    }

    DequeueResult decodeJob(String text) {
        JsonNode tree;
        try {
            tree = JSON.readTree(text);
        } catch (Exception e) {
            return new DequeueResult.Malformed(null, "malformed job payload: " + RetryPolicy.rootMessage(e));
        }
        JobRef ref = refOf(tree);
        try {
            Job job = JSON.treeToValue(tree, Job.class);
            if (job.id() <= 0) {
                return new DequeueResult.Malformed(null, "malformed job payload: field \"id\" is missing or not positive");
            }
            if (multiQueue && (job.queue() == null || !queueNames.contains(job.queue()))) {
                // Job calls go to /.executors/queue/<job.queue>/...: without a queue of ours there is no right path.
                return new DequeueResult.Malformed(null, "malformed job payload: job " + job.id()
                        + " has field \"queue\" " + (job.queue() == null ? "missing" : "\"" + job.queue() + "\"")
                        + ", expected one of " + queueNames);
            }
            return new DequeueResult.Dequeued(job, new JobRef(job.id(), queueOf(job.queue()), job.token()));
        } catch (Exception e) {
            return new DequeueResult.Malformed(ref, "malformed job payload: " + RetryPolicy.rootMessage(e));
        }
    }

    private JobRef refOf(JsonNode tree) {
        if (tree == null || !tree.isObject() || !tree.path("id").canConvertToLong() || tree.path("id").asLong() <= 0) {
            return null;
        }
        String queue = tree.path("queue").isTextual() ? tree.path("queue").asText() : null;
        String token = tree.path("token").isTextual() ? tree.path("token").asText() : "";
        return new JobRef(tree.path("id").asLong(), queueOf(queue), token);
    }

    private String queueOf(String jobQueue) {
        return jobQueue != null && !jobQueue.isEmpty() ? jobQueue : queueNames.get(0);
    }

    /** Sends a heartbeat (or, with no jobs, the startup ping) and returns the answer. */
    public Uni<HeartbeatResponse> heartbeat(List<JobRef> running, Telemetry telemetry, String metricsText) {
        Supplier<Uni<? extends Response>> call;
        if (multiQueue) {
            Map<String, List<String>> byQueue = new TreeMap<>();
            for (JobRef ref : running) {
                byQueue.computeIfAbsent(ref.queue(), q -> new ArrayList<>()).add(Long.toString(ref.id()));
            }
            List<MultiQueueHeartbeat.QueueJobIds> grouped = new ArrayList<>();
            byQueue.forEach((q, ids) -> grouped.add(new MultiQueueHeartbeat.QueueJobIds(q, ids)));
            MultiQueueHeartbeat body = MultiQueueHeartbeat.of(executorName, grouped, queueNames, telemetry, metricsText);
            call = () -> api.heartbeatMulti(credentials.executorHeader(), body);
        } else {
            List<Long> ids = running.stream().map(JobRef::id).toList();
            SingleQueueHeartbeat body = SingleQueueHeartbeat.of(executorName, ids, telemetry, metricsText);
            call = () -> api.heartbeat(queueNames.get(0), credentials.executorHeader(), body);
        }
        return observe("Heartbeat", retry.apply("heartbeat", Uni.createFrom().deferred(call))
                .onItem().transform(r -> {
                    try (r) {
                        String text = expect(r, 200, "heartbeat");
                        try {
                            return JSON.readValue(text, HeartbeatResponse.class);
                        } catch (Exception e) {
                            throw new FrontendException("heartbeat", 200,
                                    "malformed response: " + RetryPolicy.rootMessage(e), e);
                        }
                    }
                }));
    }

    /** Creates a log entry; the item is its id. */
    public Uni<Integer> addLogEntry(JobRef job, LogEntryRequest body) {
        return addLogEntry(job, body, true);
    }

    /** Creates a log entry; the item is its id. {@code retry} false makes one attempt only. */
    public Uni<Integer> addLogEntry(JobRef job, LogEntryRequest body, boolean retry) {
        String operation = "addExecutionLogEntry job " + job.id();
        return observe("AddExecutionLogEntry", policy(retry).apply("addExecutionLogEntry " + job,
                Uni.createFrom().deferred(() -> api.addExecutionLogEntry(job.queue(), credentials.jobHeader(job),
                        Long.toString(job.id()), executorName, body)))
                .onItem().transform(r -> {
                    try (r) {
                        String text = expect(r, 200, operation);
                        try {
                            return Integer.parseInt(text.trim());
                        } catch (NumberFormatException e) {
                            throw new FrontendException(operation, 200, "expected an entry id, got " + excerpt(text), e);
                        }
                    }
                }));
    }

    public Uni<Void> updateLogEntry(JobRef job, LogEntryRequest body) {
        String operation = "updateExecutionLogEntry job " + job.id() + " entry " + body.entryId();
        return observe("UpdateExecutionLogEntry", retry.apply("updateExecutionLogEntry " + job,
                Uni.createFrom().deferred(() -> api.updateExecutionLogEntry(job.queue(), credentials.jobHeader(job),
                        Long.toString(job.id()), executorName, body)))
                .onItem().transform(r -> {
                    try (r) {
                        expectNoContent(r, operation);
                        return null;
                    }
                }));
    }

    /**
     * Replaces a log entry with a body streamed from disk; the item is the body's size in bytes. {@code retry} false
     * makes one attempt only (an intermediate update is superseded by the next one anyway). Each try reopens the
     * spool, and the stream is closed once the try has its answer.
     */
    public Uni<Long> updateLogEntry(JobRef job, int entryId, LogEntryBody body, boolean retry) {
        String operation = "updateExecutionLogEntry job " + job.id() + " entry " + entryId;
        return observe("UpdateExecutionLogEntry", policy(retry).apply(operation,
                Uni.createFrom().deferred(() -> sendStreamed(job, body, operation)))
                .onItem().transform(r -> {
                    try (r) {
                        expectNoContent(r, operation);
                        return body.length();
                    }
                }));
    }

    private Uni<Response> sendStreamed(JobRef job, LogEntryBody body, String operation) {
        java.io.InputStream in;
        try {
            in = body.open();
        } catch (java.io.IOException e) {
            return Uni.createFrom().failure(new java.io.UncheckedIOException(
                    "reading the log spool for " + operation + ": " + e.getMessage(), e));
        }
        return api.updateExecutionLogEntryStream(job.queue(), credentials.jobHeader(job), Long.toString(job.id()),
                executorName, body.length(), in).eventually(() -> closeQuietly(in));
    }

    private static void closeQuietly(java.io.InputStream in) {
        try {
            in.close();
        } catch (java.io.IOException ignored) {
            // the spool was read (or the try failed); nothing depends on closing it cleanly
        }
    }

    private static void expectNoContent(Response r, String operation) {
        if (r.getStatus() != 204 && r.getStatus() != 200) {
            expect(r, 204, operation);
        }
    }

    private RetryPolicy policy(boolean retry) {
        return retry ? this.retry : once;
    }

    public Uni<MarkResult> markComplete(JobRef job) {
        return mark("MarkComplete", "markComplete", job, null);
    }

    public Uni<MarkResult> markErrored(JobRef job, String message) {
        return mark("MarkErrored", "markErrored", job, message);
    }

    public Uni<MarkResult> markFailed(JobRef job, String message) {
        return mark("MarkFailed", "markFailed", job, message);
    }

    private Uni<MarkResult> mark(String op, String route, JobRef job, String message) {
        MarkRequest body = new MarkRequest(executorName, job.id(), message);
        return observe(op, retry.apply(route + " job " + job.id(), Uni.createFrom().deferred(() -> api.mark(
                job.queue(), route, credentials.jobHeader(job), Long.toString(job.id()), executorName, body)))
                .onItem().transform(r -> {
                    try (r) {
                        if (r.getStatus() == 404) {
                            return MarkResult.NOT_FOUND;
                        }
                        if (r.getStatus() != 204 && r.getStatus() != 200) {
                            expect(r, 204, route + " job " + job.id());
                        }
                        return MarkResult.OK;
                    }
                }));
    }

    /** {@code GET /.executors/test/auth}: the status code. */
    public Uni<Integer> testAuth() {
        return retry.apply("test auth", Uni.createFrom().deferred(() -> api.testAuth(credentials.executorHeader())))
                .onItem().transform(r -> {
                    try (r) {
                        return r.getStatus();
                    }
                });
    }

    private static String expect(Response r, int expected, String operation) {
        String text = r.hasEntity() ? r.readEntity(String.class) : "";
        if (r.getStatus() != expected) {
            throw new FrontendException(operation, r.getStatus(), excerpt(text), null);
        }
        return text == null ? "" : text;
    }

    private static String excerpt(String text) {
        if (text == null) {
            return "";
        }
        String flat = text.replaceAll("\\s+", " ").trim();
        return flat.length() > 200 ? flat.substring(0, 200) + "..." : flat;
    }

    /** Records the call's duration and outcome when it ends; a cancelled call counts as failed. */
    private <T> Uni<T> observe(String op, Uni<T> call) {
        return Uni.createFrom().deferred(() -> {
            long start = System.nanoTime();
            AtomicBoolean recorded = new AtomicBoolean();
            return call.onItemOrFailure().invoke((item, failure) -> {
                if (recorded.compareAndSet(false, true)) {
                    metrics.record(op, start, failure != null);
                }
            }).onCancellation().invoke(() -> {
                if (recorded.compareAndSet(false, true)) {
                    metrics.record(op, start, true);
                }
            });
        });
    }
}
