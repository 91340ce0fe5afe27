package dev.executor.testing.frontend;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;

/**
 * Immutable snapshot of one job row of the fake frontend (the equivalent of a dbworker record, spec §7).
 * Tests get snapshots so that assertions never race with the server threads that mutate the real row.
 *
 * @param finalCall which executor call (or test/server action) finalised the job: {@code markComplete},
 *     {@code markErrored}, {@code markFailed}, {@code resetter}, {@code cancel} or {@code forget}; null while open
 * @param logEntries execution log entries exactly as last received (entry fields only), 1-based ids = index + 1
 */
public record JobRecord(
        long id,
        String queue,
        State state,
        String failureMessage,
        String workerHostname,
        String token,
        boolean cancel,
        String finalCall,
        List<JsonNode> logEntries,
        int numResets,
        int numFailures,
        int dequeueCount,
        String repositoryName,
        Instant queuedAt,
        Instant dequeuedAt,
        Instant lastHeartbeatAt,
        Instant finishedAt) {

    /** dbworker states (spec §7); names upper-cased Java style, wire/DB names are the lower-case forms. */
    public enum State {
        QUEUED, PROCESSING, COMPLETED, ERRORED, FAILED, CANCELED;

        /** ERRORED is not terminal in general, but with MaxNumRetries = 0 (both executor queues) it never persists. */
        public boolean terminal() {
            return this == COMPLETED || this == ERRORED || this == FAILED || this == CANCELED;
        }
    }
}
