package dev.executor.queue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * An {@code UpdateExecutionLogEntryRequest} body (spec §1.6) streamed rather than built in memory: the fields
 * serialised as {@link LogEntryRequest} would be, with the {@code out} value read from an already JSON-escaped
 * stream (the job's log spool). The exact length is known before sending, so the request carries a
 * Content-Length and every retry re-reads the spool.
 */
public final class LogEntryBody {

    /** Opens a stream; may fail with an I/O error. */
    @FunctionalInterface
    public interface Source {
        InputStream open() throws IOException;
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final byte[] head;
    private final long outLength;
    private final Source out;
    private final byte[] tail;

    private LogEntryBody(byte[] head, long outLength, Source out, byte[] tail) {
        this.head = head;
        this.outLength = outLength;
        this.out = out;
        this.tail = tail;
    }

    /**
     * @param fields    every field but {@code out} (its value there is ignored)
     * @param outLength length of the escaped {@code out} text; 0 omits the field, as Sourcegraph's omitempty does
     * @param outJson   the escaped {@code out} text, without quotes
     */
    public static LogEntryBody of(LogEntryRequest fields, long outLength, Source outJson) {
        LogEntryRequest rest = new LogEntryRequest(fields.executorName(), fields.jobId(), fields.entryId(), fields.key(),
                fields.command(), fields.startTime(), fields.exitCode(), null, null);
        String json;
        try {
            json = JSON.writeValueAsString(rest);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("serialising log entry fields: " + e.getMessage(), e);
        }
        // Field order is that of LogEntryRequest: ..., exitCode, out, durationMs. Reopen the object after exitCode.
        StringBuilder head = new StringBuilder(json.substring(0, json.length() - 1));
        if (outLength > 0) {
            head.append(",\"out\":\"");
        }
        StringBuilder tail = new StringBuilder(outLength > 0 ? "\"" : "");
        if (fields.durationMs() != null) {
            tail.append(",\"durationMs\":").append(fields.durationMs());
        }
        tail.append('}');
        return new LogEntryBody(head.toString().getBytes(StandardCharsets.UTF_8), outLength, outJson,
                tail.toString().getBytes(StandardCharsets.UTF_8));
    }

    public long length() {
        return head.length + outLength + tail.length;
    }

    /** A fresh stream of the whole body. */
    public InputStream open() throws IOException {
        List<InputStream> parts = new ArrayList<>(3);
        parts.add(new ByteArrayInputStream(head));
        if (outLength > 0) {
            parts.add(out.open());
        }
        parts.add(new ByteArrayInputStream(tail));
        return new SequenceInputStream(Collections.enumeration(parts));
    }
}
