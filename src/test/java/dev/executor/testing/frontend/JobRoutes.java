package dev.executor.testing.frontend;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.executor.testing.frontend.GoJson.BadPayload;
import java.io.IOException;
import java.util.Set;

/**
 * The job-token routes of a queue (spec §1.6, §1.7), called after {@link AuthChecker#checkJob} succeeded.
 * Like the real handlers they act on the body's {@code jobId}/{@code executorName}; a body that disagrees with
 * the auth headers is served the same way but recorded as a violation, because the real server would then
 * touch a different job than the one the token was checked for.
 */
final class JobRoutes {
    static final Set<String> OPS =
            Set.of("addExecutionLogEntry", "updateExecutionLogEntry", "markComplete", "markErrored", "markFailed");

    private final JobStore store;

    JobRoutes(JobStore store) {
        this.store = store;
    }

    void handle(FrontendExchange ex, String queue, String op, AuthChecker.JobAuth auth) throws IOException {
        String type = switch (op) {
            case "addExecutionLogEntry" -> "types.AddExecutionLogEntryRequest";
            case "updateExecutionLogEntry" -> "types.UpdateExecutionLogEntryRequest";
            case "markComplete" -> "types.MarkCompleteRequest";
            default -> "types.MarkErroredRequest";
        };
        try {
            ObjectNode b = GoJson.decodeObject(ex.body(), type);
            String name = GoJson.string(b, "executorName", type);
            long jobId = GoJson.integer(b, "jobId", type);
            switch (op) {
                case "addExecutionLogEntry" -> {
                    ObjectNode entry = LogEntryDecoder.decode(b, type);
                    checkConsistency(ex, auth, name, jobId);
                    int entryId = store.addLogEntry(queue, jobId, name, entry);
                    ex.respondJson(200, Integer.toString(entryId)); // bare JSON integer
                }
                case "updateExecutionLogEntry" -> {
                    long entryId = GoJson.integer(b, "entryId", type);
                    ObjectNode entry = LogEntryDecoder.decode(b, type);
                    checkConsistency(ex, auth, name, jobId);
                    store.updateLogEntry(queue, jobId, name, entryId, entry);
                    ex.respondEmpty(204);
                }
                default -> {
                    String message = op.equals("markComplete") ? null : GoJson.string(b, "errorMessage", type);
                    checkConsistency(ex, auth, name, jobId);
                    String why = store.mark(op, queue, jobId, name, message);
                    if (why == null) {
                        ex.respondEmpty(204);
                    } else {
                        ex.rejectEmpty(404, op + " matched no job: " + why);
                    }
                }
            }
        } catch (BadPayload e) {
            ex.reject(400, "Failed to unmarshal payload: " + e.getMessage(), "undecodable " + op + " body: " + e.getMessage());
        } catch (JobStore.UnknownJob e) {
            // These two routes do not map ErrUnknownJob to 404 (spec §1.6).
            ex.rejectHandlerError("unknown job", op + ": " + e.getMessage());
        }
    }

    private static void checkConsistency(FrontendExchange ex, AuthChecker.JobAuth auth, String name, long jobId) {
        if (name.isEmpty()) {
            ex.violation("body executorName is empty: the real store then skips the ownership check");
        }
        if (auth.executorTokenFallback()) {
            return; // the fallback authenticates no particular job
        }
        if (jobId != auth.jobId()) {
            ex.violation("body jobId " + jobId + " differs from X-Sourcegraph-Job-ID " + auth.jobId());
        }
        if (!name.isEmpty() && !name.equals(auth.executorName())) {
            ex.violation("body executorName '" + name + "' differs from X-Sourcegraph-Executor-Name '" + auth.executorName() + "'");
        }
    }
}
