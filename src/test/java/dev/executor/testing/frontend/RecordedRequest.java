package dev.executor.testing.frontend;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One HTTP request as the fake frontend saw it, plus the status it answered with.
 *
 * @param headers request headers; keys as normalised by the JDK server (first letter upper case, rest lower case,
 *     e.g. {@code X-sourcegraph-job-id}); use {@link #header(String)} for case-insensitive lookup
 * @param injected true when the answer came from fault injection rather than from the protocol logic
 */
public record RecordedRequest(
        Instant timestamp,
        String method,
        String path,
        String query,
        Map<String, List<String>> headers,
        byte[] bodyBytes,
        int status,
        boolean injected) {

    /** First value of a request header, case-insensitive, or null. */
    public String header(String name) {
        for (Map.Entry<String, List<String>> e : headers.entrySet()) {
            if (e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
                return e.getValue().get(0);
            }
        }
        return null;
    }

    /** The executor is expected to send it on every call (spec §1.1); recorded, never enforced, like the real server. */
    public String contentType() {
        return header("Content-Type");
    }

    public String body() {
        return new String(bodyBytes, StandardCharsets.UTF_8);
    }

    public int bodySize() {
        return bodyBytes.length;
    }

    /** The body parsed as JSON; throws if it is not JSON (tests use it only on bodies the server accepted). */
    public JsonNode json() {
        try {
            return GoJson.MAPPER.readTree(bodyBytes);
        } catch (IOException e) {
            throw new AssertionError("request body is not JSON: " + body(), e);
        }
    }

    @Override
    public String toString() {
        return method + " " + path + (query == null ? "" : "?" + query) + " -> " + status + (injected ? " (injected)" : "");
    }
}
