package dev.executor.logs;

import java.time.Instant;
import java.util.List;

/**
 * One command's log entry while it runs. Lines are redacted as they arrive, so nothing unredacted is
 * held; the entry tracks a change counter so the sync sends only when something changed.
 */
public final class LogEntry {

    private final String key;
    private final List<String> command;
    private final Instant start;
    private final long startNanos;
    private final Redactor redactor;
    private final StringBuilder out = new StringBuilder();
    private Integer exitCode;
    private Long durationMs;
    private long version;

    LogEntry(String key, List<String> command, Redactor redactor) {
        this.key = key;
        this.redactor = redactor;
        this.command = redactor.redact(command);
        this.start = Instant.now();
        this.startNanos = System.nanoTime();
    }

    public String key() {
        return key;
    }

    /** Appends one output line with its {@code stdout: }/{@code stderr: } prefix. */
    public synchronized void appendLine(Pipe pipe, String line) {
        out.append(pipe.prefix()).append(redactor.redact(line)).append('\n');
        version++;
    }

    /** Appends a line written by the executor itself (e.g. {@code Wrote <path> in <d>}), unprefixed. */
    public synchronized void appendRaw(String line) {
        out.append(redactor.redact(line)).append('\n');
        version++;
    }

    synchronized void finish(int code) {
        if (exitCode == null) {
            exitCode = code;
            durationMs = (System.nanoTime() - startNanos) / 1_000_000L;
            version++;
        }
    }

    public synchronized boolean finished() {
        return exitCode != null;
    }

    synchronized long version() {
        return version;
    }

    synchronized EntrySnapshot snapshot() {
        return new EntrySnapshot(key, command, start.toString(), exitCode, out.toString(), durationMs);
    }

    /** The output so far (redacted), e.g. for the terminal or tests. */
    public synchronized String output() {
        return out.toString();
    }
}
