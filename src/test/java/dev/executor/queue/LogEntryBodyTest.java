package dev.executor.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The streamed update body is byte for byte what Jackson writes for the same request. */
class LogEntryBodyTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static String stream(LogEntryBody body) throws IOException {
        try (InputStream in = body.open()) {
            byte[] bytes = in.readAllBytes();
            assertEquals(body.length(), bytes.length, "announced length");
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    /** The escaped text as the spool would stream it (Jackson's escaping of a string without its quotes). */
    private static String escaped(String out) throws IOException {
        String quoted = JSON.writeValueAsString(out);
        return quoted.substring(1, quoted.length() - 1);
    }

    private static LogEntryBody body(LogEntryRequest r) throws IOException {
        byte[] out = r.out() == null ? new byte[0] : escaped(r.out()).getBytes(StandardCharsets.UTF_8);
        return LogEntryBody.of(r, out.length, () -> new ByteArrayInputStream(out));
    }

    @Test
    void finishedEntry() throws IOException {
        LogEntryRequest r = new LogEntryRequest("host-1234", 42, 3, "step.docker.build", List.of("docker", "run", "a\"b"),
                "2024-03-01T10:00:00.123456789Z", 1, "stdout: hi\nstderr: \"quoted\"\n", 1234L);
        assertEquals(JSON.writeValueAsString(r), stream(body(r)));
    }

    @Test
    void runningEntryWithoutOutputOrCommand() throws IOException {
        LogEntryRequest r = new LogEntryRequest("host", 1, 1, "setup.fs.extras", null, "2024-03-01T10:00:00Z", null,
                null, null);
        assertEquals(JSON.writeValueAsString(r), stream(body(r)));
    }

    @Test
    void runningEntryWithOutput() throws IOException {
        LogEntryRequest r = new LogEntryRequest("host", 1, 7, "k", List.of(), "2024-03-01T10:00:00Z", null,
                "stdout: é😀\n", null);
        assertEquals(JSON.writeValueAsString(r), stream(body(r)));
    }

    @Test
    void eachOpenIsAFreshStream() throws IOException {
        LogEntryRequest r = new LogEntryRequest("host", 1, 7, "k", null, "2024-03-01T10:00:00Z", 0, "stdout: x\n", 5L);
        LogEntryBody b = body(r);
        assertEquals(stream(b), stream(b));
    }
}
