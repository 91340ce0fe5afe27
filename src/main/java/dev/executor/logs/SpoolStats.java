package dev.executor.logs;

/**
 * Counters of a spool, kept as lines are appended (or recounted when a spool is reopened after a crash): total
 * and per-stream lines, bytes and JSON-escaped bytes, and the head: the leading whole lines that fit in the cap's
 * head budget. Mutable; {@link #copy()} gives the immutable view's numbers.
 */
final class SpoolStats {

    long bytes;
    long json;
    long lines;
    long stdoutLines;
    long stderrLines;
    long headBytes;
    long headJson;
    long headLines;
    private boolean headOpen = true;
    private final long headBudget;

    SpoolStats(long headBudget) {
        this.headBudget = headBudget;
    }

    /** Accounts one whole line (newline included) of {@code lineBytes} bytes, {@code lineJson} once escaped. */
    void line(long lineBytes, long lineJson, Pipe pipe) {
        bytes += lineBytes;
        json += lineJson;
        lines++;
        if (pipe == Pipe.STDOUT) {
            stdoutLines++;
        } else if (pipe == Pipe.STDERR) {
            stderrLines++;
        }
        if (headOpen) {
            if (headBytes + lineBytes <= headBudget) {
                headBytes += lineBytes;
                headJson += lineJson;
                headLines++;
            } else {
                headOpen = false; // the head is a prefix: once a line does not fit, it is closed for good
            }
        }
    }

    SpoolStats copy() {
        SpoolStats c = new SpoolStats(headBudget);
        c.bytes = bytes;
        c.json = json;
        c.lines = lines;
        c.stdoutLines = stdoutLines;
        c.stderrLines = stderrLines;
        c.headBytes = headBytes;
        c.headJson = headJson;
        c.headLines = headLines;
        c.headOpen = headOpen;
        return c;
    }
}
