package dev.executor.logs;

import java.nio.charset.StandardCharsets;

/**
 * The size cap of one log entry ({@code EXECUTOR_MAX_LOG_ENTRY_BYTES}): an entry longer than {@code maxBytes} is
 * sent as its head, one {@code stderr: } marker line, and its tail, each made of whole lines. Entries the batches server parses
 * line by line (keys ending in {@code .post}, and {@code step.src.*}) are never cut: a missing JSON line there
 * loses a cached step result.
 *
 * @param maxBytes   the cap in bytes, above zero
 * @param configured the cap as the operator wrote it, for the marker line
 */
public record LogCap(long maxBytes, String configured) {

    /** Room kept for the marker line inside the cap. */
    static final int MARKER_RESERVE = 256;

    public LogCap {
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("log entry cap must be above 0, got " + maxBytes);
        }
    }

    /** Whether entries with this key may be cut. */
    public static boolean cuttable(String key) {
        return key == null || !(key.endsWith(".post") || key.startsWith("step.src."));
    }

    /** Bytes kept at the start of a cut entry. */
    long headBudget() {
        return maxBytes / 2;
    }

    /** Bytes kept at the end of a cut entry whose head took {@code headBytes}. */
    long tailBudget(long headBytes) {
        return Math.max(0, maxBytes - headBytes - MARKER_RESERVE);
    }

    /**
     * The line that replaces what was cut, ending with a newline. It is a {@code stderr: } line like every other line
     * of an entry, since the frontend's log view splits the output by those prefixes; never {@code stdout: }, which
     * the batches server parses as step output.
     */
    byte[] marker(long omittedBytes, long omittedLines) {
        return (Pipe.STDERR.prefix() + "... " + omittedBytes + " bytes (" + omittedLines + " lines) omitted by the executor: entry exceeds "
                + "EXECUTOR_MAX_LOG_ENTRY_BYTES=" + configured + " ...\n").getBytes(StandardCharsets.UTF_8);
    }
}
