package dev.executor.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A log entry never holds, and so never sends in an update, any part of a secret that spans lines. */
class LogEntryRedactionTest {

    private static final String KEY = "-----BEGIN KEY-----\nMIIEvQIBADANBgkq\n-----END KEY-----";

    @TempDir
    Path dir;

    /** An entry spooling to a file of the temp dir, as the job log makes them. */
    private LogEntry entry(String key, List<String> command, Redactor redactor) {
        return new LogEntry(0, key, command, redactor,
                EntrySpool.create(dir.resolve(key + ".log"), new LogCap(1 << 20, "1M"), key));
    }

    @Test
    void multiLineSecretIsMaskedAndNoUpdateShowsItsFirstLines() {
        LogEntry entry = entry("step.docker.x", List.of("cat", "key.pem"), new Redactor(Map.of(KEY, "[key]")));
        entry.appendLine(Pipe.STDOUT, "before");
        entry.appendLine(Pipe.STDOUT, "-----BEGIN KEY-----");
        entry.appendLine(Pipe.STDERR, "+ interleaved");
        entry.appendLine(Pipe.STDOUT, "MIIEvQIBADANBgkq");
        String midway = entry.snapshot().out().text();
        assertFalse(midway.contains("BEGIN KEY"), midway);
        assertFalse(midway.contains("MIIEvQIBADANBgkq"), midway);
        assertEquals("stdout: before\nstderr: + interleaved\n", midway);
        entry.appendLine(Pipe.STDOUT, "-----END KEY-----");
        entry.appendLine(Pipe.STDOUT, "after");
        assertEquals("stdout: before\nstderr: + interleaved\nstdout: [key]\nstdout: after\n", entry.snapshot().out().text());
    }

    @Test
    void heldBackLinesAreReleasedWhenTheEntryFinishes() {
        LogEntry entry = entry("step.docker.x", null, new Redactor(Map.of(KEY, "[key]")));
        entry.appendLine(Pipe.STDOUT, "-----BEGIN KEY-----");
        assertEquals("", entry.snapshot().out().text());
        entry.finish(0);
        assertEquals("stdout: -----BEGIN KEY-----\n", entry.snapshot().out().text());
    }

    @Test
    void commandAndRawLinesAreRedacted() {
        LogEntry entry = entry("step.docker.x", List.of("docker", "-e", "T=tok-123456"),
                new Redactor(Map.of("tok-123456", "[t]")));
        entry.appendRaw("Wrote tok-123456.txt");
        assertEquals(List.of("docker", "-e", "T=[t]"), entry.snapshot().command());
        assertEquals("Wrote [t].txt\n", entry.snapshot().out().text());
    }
}
