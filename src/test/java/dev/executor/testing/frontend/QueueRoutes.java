package dev.executor.testing.frontend;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.executor.testing.frontend.GoJson.BadPayload;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * {@code /.executors/queue/...}: routing exactly like the gorilla/mux router (unknown queue → 404 before auth,
 * wrong method → 405), the executor-authenticated routes dequeue and heartbeat (single and multi-queue), and
 * delegation of the job-token routes to {@link JobRoutes}. Handler logic mirrors {@code wrapHandler}: decode
 * first (400), then handler errors as {@code 500 {"error":...}}.
 */
final class QueueRoutes implements RouteHandler {
    static final String PREFIX = "/.executors/queue/";
    static final List<String> QUEUES = List.of("batches", "codeintel");
    private static final Set<String> EXECUTOR_OPS = Set.of("dequeue", "heartbeat");
    private static final String HEARTBEAT_TYPE = "types.HeartbeatRequest";

    private final JobStore store;
    private final AuthChecker auth;
    private final JobRoutes jobRoutes;
    private final Consumer<JsonNode> heartbeatSink;

    QueueRoutes(JobStore store, AuthChecker auth, Consumer<JsonNode> heartbeatSink) {
        this.store = store;
        this.auth = auth;
        this.jobRoutes = new JobRoutes(store);
        this.heartbeatSink = heartbeatSink;
    }

    @Override
    public void handle(FrontendExchange ex) throws IOException {
        String[] seg = ex.path().substring(PREFIX.length()).split("/", -1);
        String queue;
        String op;
        if (seg.length == 1 && EXECUTOR_OPS.contains(seg[0])) {
            queue = null; // multi-queue route
            op = seg[0];
        } else if (seg.length == 2 && QUEUES.contains(seg[0])
                && (EXECUTOR_OPS.contains(seg[1]) || JobRoutes.OPS.contains(seg[1]))) {
            queue = seg[0];
            op = seg[1];
        } else {
            ex.reject(404, "404 page not found", "no such queue route (queues are " + QUEUES + ")");
            return;
        }
        if (!ex.method().equals("POST")) {
            ex.rejectEmpty(405, "queue routes only accept POST");
            return;
        }
        if (JobRoutes.OPS.contains(op)) {
            AuthChecker.JobAuth ja = auth.checkJob(ex, AuthChecker.Scope.queue(queue));
            if (ja != null) {
                jobRoutes.handle(ex, queue, op, ja);
            }
            return;
        }
        if (!auth.checkExecutor(ex)) {
            return;
        }
        try {
            if (op.equals("dequeue")) {
                dequeue(ex, queue);
            } else if (queue == null) {
                multiHeartbeat(ex);
            } else {
                singleHeartbeat(ex, queue);
            }
        } catch (BadPayload e) {
            ex.reject(400, "Failed to unmarshal payload: " + e.getMessage(), "undecodable " + op + " body: " + e.getMessage());
        }
    }

    private void dequeue(FrontendExchange ex, String routeQueue) throws IOException, BadPayload {
        String t = "types.DequeueRequest";
        ObjectNode b = GoJson.decodeObject(ex.body(), t);
        List<String> queues = GoJson.stringArray(b, "queues", t);
        String name = GoJson.string(b, "executorName", t);
        String version = GoJson.string(b, "version", t);
        GoJson.integer(b, "numCPUs", t); // decoded only for their type errors
        GoJson.string(b, "memory", t);
        GoJson.string(b, "diskSpace", t);
        if (name.isEmpty()) {
            ex.rejectHandlerError("worker hostname cannot be empty", "dequeue without executorName");
            return;
        }
        boolean v2 = false;
        if (!version.isEmpty()) {
            try {
                v2 = SourcegraphVersion.supportsV2(version);
            } catch (IllegalArgumentException e) {
                ex.rejectHandlerError("failed to check version \"" + version + "\": " + e.getMessage(),
                        "unparseable executor version '" + version + "'");
                return;
            }
        }
        List<String> from;
        if (routeQueue != null) {
            from = List.of(routeQueue); // the single-queue handler ignores "queues"
        } else {
            if (queues == null || queues.isEmpty()) {
                ex.violation("multi-queue dequeue without queues (the real server logs it and answers 204)");
                ex.respondEmpty(204);
                return;
            }
            List<String> invalid = queues.stream().filter(q -> !QUEUES.contains(q)).toList();
            if (!invalid.isEmpty()) {
                ex.rejectHandlerError("Invalid queue name(s) '" + String.join(", ", invalid)
                        + "' found. Supported queue names are '" + String.join(", ", QUEUES) + "'.", "invalid queue names " + invalid);
                return;
            }
            from = queues;
        }
        Optional<JobStore.Dequeued> d = store.dequeue(from, name);
        if (d.isEmpty()) {
            ex.respondEmpty(204);
            return;
        }
        JobStore.Dequeued job = d.get();
        String payload = job.raw() != null
                ? JobPayloads.renderRaw(job.raw(), job.id(), job.token())
                : JobPayloads.render(job.template(), job.id(), job.token(), routeQueue == null ? job.queue() : null, v2);
        ex.respondJson(200, payload);
    }

    private void singleHeartbeat(FrontendExchange ex, String queue) throws IOException, BadPayload {
        ObjectNode b = GoJson.decodeObject(ex.body(), HEARTBEAT_TYPE);
        List<String> ids = heartbeatCommon(b);
        String name = GoJson.string(b, "executorName", HEARTBEAT_TYPE);
        if (name.isEmpty()) {
            ex.rejectHandlerError("worker hostname cannot be empty", "heartbeat without executorName");
            return;
        }
        if (b.hasNonNull("jobIdsByQueue")) {
            ex.violation("single-queue heartbeat carries jobIdsByQueue, which this route ignores");
        }
        store.recordExecutor(name);
        List<Long> numeric = parseIds(ex, ids);
        if (numeric == null) {
            return;
        }
        List<List<String>> result = store.heartbeat(queue, name, numeric);
        heartbeatSink.accept(b);
        ex.respondJson(200, response(result.get(0), result.get(1)));
    }

    private void multiHeartbeat(FrontendExchange ex) throws IOException, BadPayload {
        ObjectNode b = GoJson.decodeObject(ex.body(), HEARTBEAT_TYPE);
        heartbeatCommon(b);
        Map<String, List<String>> byQueue = jobIdsByQueue(b);
        List<String> queueNames = GoJson.stringArray(b, "queueNames", HEARTBEAT_TYPE);
        String name = GoJson.string(b, "executorName", HEARTBEAT_TYPE);
        if (name.isEmpty()) {
            ex.rejectHandlerError("worker hostname cannot be empty", "heartbeat without executorName");
            return;
        }
        if (queueNames == null || queueNames.isEmpty()) {
            ex.rejectHandlerError("queueNames must be set for multi-queue heartbeats", "multi-queue heartbeat without queueNames");
            return;
        }
        List<String> invalid = byQueue.keySet().stream().filter(q -> !queueNames.contains(q)).toList();
        if (!invalid.isEmpty()) {
            ex.rejectHandlerError("unsupported queue name(s) '" + String.join(", ", invalid)
                    + "' submitted in queueJobIds, executor is configured for queues '" + String.join(", ", queueNames) + "'",
                    "jobIdsByQueue names " + invalid + " not in queueNames " + queueNames);
            return;
        }
        if (b.hasNonNull("jobIds")) {
            ex.violation("multi-queue heartbeat carries jobIds, which this route ignores (use jobIdsByQueue)");
        }
        store.recordExecutor(name);
        List<String> known = new ArrayList<>();
        List<String> cancel = new ArrayList<>();
        for (Map.Entry<String, List<String>> e : byQueue.entrySet()) {
            if (!QUEUES.contains(e.getKey())) {
                continue; // the real switch has no case for it: silently nothing
            }
            List<Long> numeric = parseIds(ex, e.getValue());
            if (numeric == null) {
                return;
            }
            List<List<String>> r = store.heartbeat(e.getKey(), name, numeric);
            r.get(0).forEach(id -> known.add(id + "-" + e.getKey())); // multi-queue UIDs are "<id>-<queue>"
            r.get(1).forEach(id -> cancel.add(id + "-" + e.getKey()));
        }
        heartbeatSink.accept(b);
        ex.respondJson(200, response(known, cancel));
    }

    /** Type-checks the shared fields and returns the single-queue jobIds (numbers or strings, spec §1.5). */
    private static List<String> heartbeatCommon(ObjectNode b) throws BadPayload {
        for (String f : List.of("version", "executorName", "os", "architecture", "dockerVersion", "executorVersion",
                "gitVersion", "igniteVersion", "srcCliVersion", "prometheusMetrics")) {
            GoJson.string(b, f, HEARTBEAT_TYPE);
        }
        List<String> ids = new ArrayList<>();
        JsonNode n = b.get("jobIds");
        if (n == null || n.isNull()) {
            return ids;
        }
        if (!n.isArray()) {
            throw GoJson.mismatch(n, "heartbeatRequestUnmarshaller", "jobIds", "[]interface {}");
        }
        for (JsonNode id : n) {
            if (id.isTextual()) {
                ids.add(id.asText());
            } else if (id.isNumber()) {
                // Go decodes into float64 and formats with 'f', -1: integral values print without a fraction.
                ids.add(id.isIntegralNumber() || id.asDouble() == Math.rint(id.asDouble())
                        ? id.bigIntegerValue().toString() : Double.toString(id.asDouble()));
            } else {
                throw new BadPayload("unknown type for job ID: " + (id.isNull() ? "<nil>" : GoJson.goKind(id)));
            }
        }
        return ids;
    }

    private static Map<String, List<String>> jobIdsByQueue(ObjectNode b) throws BadPayload {
        Map<String, List<String>> out = new java.util.LinkedHashMap<>();
        JsonNode n = b.get("jobIdsByQueue");
        if (n == null || n.isNull()) {
            return out;
        }
        if (!n.isArray()) {
            throw GoJson.mismatch(n, "heartbeatRequestUnmarshaller", "jobIdsByQueue", "[]types.QueueJobIDs");
        }
        for (JsonNode q : n) {
            if (!q.isObject()) {
                throw GoJson.mismatch(q, "heartbeatRequestUnmarshaller", "jobIdsByQueue", "types.QueueJobIDs");
            }
            String name = GoJson.string((ObjectNode) q, "queueName", "QueueJobIDs");
            List<String> ids = GoJson.stringArray((ObjectNode) q, "jobIds", "QueueJobIDs"); // strings only here
            out.computeIfAbsent(name, k -> new ArrayList<>()).addAll(ids == null ? List.of() : ids);
        }
        return out;
    }

    /** The store converts ids with strconv.Atoi; anything else makes the heartbeat fail with 500. */
    private static List<Long> parseIds(FrontendExchange ex, List<String> ids) throws IOException {
        List<Long> out = new ArrayList<>();
        for (String id : ids) {
            try {
                out.add(Long.parseLong(id));
            } catch (NumberFormatException e) {
                ex.rejectHandlerError("dbworkerstore.UpsertHeartbeat: strconv.Atoi: parsing \"" + id + "\": invalid syntax",
                        "non-integer job id '" + id + "' in heartbeat");
                return null;
            }
        }
        return out;
    }

    /** Go marshals nil slices as null: an empty result is null, not [] (clients must accept both). */
    private static String response(List<String> known, List<String> cancel) {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("knownIds", known.isEmpty() ? null : known);
        m.put("cancelIds", cancel.isEmpty() ? null : cancel);
        return GoJson.toJson(m);
    }
}
