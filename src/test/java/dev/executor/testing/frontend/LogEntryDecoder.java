package dev.executor.testing.frontend;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.executor.testing.frontend.GoJson.BadPayload;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Decodes the flattened {@code ExecutionLogEntry} part of add/update requests (spec §1.6) into the entry that
 * the real store would persist (Go re-marshals the struct, so omitempty fields disappear when zero).
 *
 * <p>Type errors fail like Go's decoder. Two checks are stricter than the real server, on purpose: an empty
 * {@code key} and a missing {@code startTime} are accepted by Go (zero values) but an executor that sends them
 * is broken, and the UI would show a nameless entry dated year 1. Their messages say "fake frontend".
 */
final class LogEntryDecoder {
    // time.Time.UnmarshalJSON = time.Parse(RFC3339): seconds required, optional fraction up to 9 digits.
    private static final Pattern RFC3339 =
            Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?(Z|[+-]\\d{2}:\\d{2})");

    private LogEntryDecoder() {
    }

    static ObjectNode decode(ObjectNode body, String goType) throws BadPayload {
        ObjectNode entry = GoJson.MAPPER.createObjectNode();
        String key = GoJson.string(body, "key", goType);
        List<String> command = GoJson.stringArray(body, "command", goType);
        String startTime = startTime(body.get("startTime"));
        Long exitCode = GoJson.optInteger(body, "exitCode", goType);
        String out = GoJson.string(body, "out", goType);
        Long durationMs = GoJson.optInteger(body, "durationMs", goType);
        if (key.isEmpty()) {
            throw new BadPayload("fake frontend: execution log entry 'key' must be a non-empty string");
        }
        entry.put("key", key);
        if (command == null) {
            entry.putNull("command");
        } else {
            command.forEach(entry.putArray("command")::add);
        }
        entry.put("startTime", startTime);
        if (exitCode != null) {
            entry.put("exitCode", exitCode);
        }
        if (!out.isEmpty()) {
            entry.put("out", out);
        }
        if (durationMs != null) {
            entry.put("durationMs", durationMs);
        }
        return entry;
    }

    private static String startTime(JsonNode n) throws BadPayload {
        if (n == null || n.isNull()) {
            throw new BadPayload("fake frontend: execution log entry 'startTime' is missing (Go would store 0001-01-01)");
        }
        if (!n.isTextual()) {
            throw new BadPayload("parsing time " + n + " as \"\\\"2006-01-02T15:04:05Z07:00\\\"\": cannot parse " + n
                    + " as \"\\\"\"");
        }
        String s = n.asText();
        try {
            if (RFC3339.matcher(s).matches()) {
                OffsetDateTime.parse(s); // also rejects month 13, hour 25, ...
                return s;
            }
        } catch (DateTimeParseException e) {
            // fall through to the Go-style error
        }
        throw new BadPayload("parsing time \"\\\"" + s + "\\\"\" as \"\\\"2006-01-02T15:04:05Z07:00\\\"\": cannot parse as RFC 3339");
    }
}
