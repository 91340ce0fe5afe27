package dev.executor.logs;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * One command's log entry while it runs. Each pipe's lines go through a {@link LineRedactor}, which redacts the
 * pipe as one stream (so a secret spanning lines is masked) and only releases lines that are final; the rest is
 * released when the entry finishes. Released lines are appended to the entry's spool file, so neither memory nor
 * disk ever holds unredacted output, and no update can publish part of a secret. A change counter lets the sync
 * send only when something changed.
 */
public final class LogEntry {

    private final int seq;
    private final String key;
    private final List<String> command;
    private final Instant start;
    private final long startNanos;
    private final Redactor redactor;
    private final EntrySpool spool;
    private final LineRedactor stdout;
    private final LineRedactor stderr;
    private Integer exitCode;
    private Long durationMs;
    private long version;

    LogEntry(int seq, String key, List<String> command, Redactor redactor, EntrySpool spool) {
        this.seq = seq;
        this.key = key;
        this.redactor = redactor;
        this.command = redactor.redact(command);
        this.stdout = new LineRedactor(redactor);
        this.stderr = new LineRedactor(redactor);
        this.start = Instant.now();
        this.startNanos = System.nanoTime();
        this.spool = spool;
    }

    /** An entry from before a restart: its recorded fields, its reopened spool. */
    LogEntry(EntryRecord record, Redactor redactor, EntrySpool spool) {
        this.seq = record.seq();
        this.key = record.key();
        this.redactor = redactor;
        this.command = record.command();
        this.stdout = new LineRedactor(redactor);
        this.stderr = new LineRedactor(redactor);
        this.start = Instant.parse(record.startTime());
        this.startNanos = System.nanoTime() - Math.max(0, Duration.between(start, Instant.now()).toNanos());
        this.spool = spool;
        this.exitCode = record.exitCode();
        this.durationMs = record.durationMs();
        this.version = 1;
    }

    public String key() {
        return key;
    }

    int seq() {
        return seq;
    }

    /**
     * Appends one output line with its {@code stdout: }/{@code stderr: } prefix. THE REDACTION SITE for output:
     * every line passes its pipe's redactor here before anything is spooled.
     */
    public synchronized void appendLine(Pipe pipe, String line) {
        appendRedacted(pipe, (pipe == Pipe.STDERR ? stderr : stdout).push(line));
    }

    private void appendRedacted(Pipe pipe, List<String> lines) {
        for (String line : lines) {
            spool.append(pipe, line);
            version++;
        }
    }

    /** Appends a line written by the executor itself (e.g. {@code Wrote <path> in <d>}), unprefixed. */
    public synchronized void appendRaw(String line) {
        spool.append(null, redactor.redact(line));
        version++;
    }

    /** Lines of {@code pipe} safely kept: where a reattached step's log replay resumes. */
    public long lines(Pipe pipe) {
        return spool.lines(pipe);
    }

    synchronized void finish(int code) {
        if (exitCode == null) {
            appendRedacted(Pipe.STDOUT, stdout.flush());
            appendRedacted(Pipe.STDERR, stderr.flush());
            exitCode = code;
            durationMs = (System.nanoTime() - startNanos) / 1_000_000L;
            version++;
            spool.flush();
        }
    }

    public synchronized boolean finished() {
        return exitCode != null;
    }

    synchronized long version() {
        return version;
    }

    synchronized EntrySnapshot snapshot() {
        return new EntrySnapshot(key, command, start.toString(), exitCode, spool.view(), durationMs);
    }

    synchronized EntryRecord record(Integer entryId) {
        return new EntryRecord(seq, key, command, start.toString(), entryId, exitCode, durationMs,
                spool.file().getFileName().toString());
    }

    /** The output so far (redacted, cut as it would be sent). Reads the spool: for tests and small entries. */
    public String output() {
        return spool.view().text();
    }

    void closeSpool() {
        spool.close();
    }
}
