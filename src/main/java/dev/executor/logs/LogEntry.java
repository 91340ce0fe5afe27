package dev.executor.logs;

import java.time.Instant;
import java.util.List;

/**
 * One command's log entry while it runs. Each pipe's lines go through a {@link LineRedactor}, which
 * redacts the pipe as one stream (so a secret spanning lines is masked) and only releases lines that are
 * final; the rest is released when the entry finishes. Nothing unredacted ever reaches {@code out}, so no
 * update can publish part of a secret. The entry tracks a change counter so the sync sends only when
 * something changed.
 */
public final class LogEntry {

    private final String key;
    private final List<String> command;
    private final Instant start;
    private final long startNanos;
    private final Redactor redactor;
    private final StringBuilder out = new StringBuilder();
    private final LineRedactor stdout;
    private final LineRedactor stderr;
    private Integer exitCode;
    private Long durationMs;
    private long version;

    LogEntry(String key, List<String> command, Redactor redactor) {
        this.key = key;
        this.redactor = redactor;
        this.command = redactor.redact(command);
        this.stdout = new LineRedactor(redactor);
        this.stderr = new LineRedactor(redactor);
        this.start = Instant.now();
        this.startNanos = System.nanoTime();
    }

    public String key() {
        return key;
    }

    /** Appends one output line with its {@code stdout: }/{@code stderr: } prefix. */
    public synchronized void appendLine(Pipe pipe, String line) {
        appendRedacted(pipe, (pipe == Pipe.STDERR ? stderr : stdout).push(line));
    }

    private void appendRedacted(Pipe pipe, List<String> lines) {
        for (String line : lines) {
            out.append(pipe.prefix()).append(line).append('\n');
            version++;
        }
    }

    /** Appends a line written by the executor itself (e.g. {@code Wrote <path> in <d>}), unprefixed. */
    public synchronized void appendRaw(String line) {
        out.append(redactor.redact(line)).append('\n');
        version++;
    }

    synchronized void finish(int code) {
        if (exitCode == null) {
            appendRedacted(Pipe.STDOUT, stdout.flush());
            appendRedacted(Pipe.STDERR, stderr.flush());
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
