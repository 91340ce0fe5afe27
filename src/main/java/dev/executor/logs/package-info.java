/**
 * Execution log entries (spec §1.6, §4.7): one entry per command with {@code stdout: }/{@code stderr: } prefixed
 * lines, redacted before anything is written, spooled to a file per entry (memory stays flat), cut to
 * {@code EXECUTOR_MAX_LOG_ENTRY_BYTES} as head + marker + tail when sent, and sent as whole-entry updates whose
 * total bytes stay linear in the entry's size ({@link dev.executor.logs.UpdatePolicy}). It knows nothing of HTTP:
 * the job package adapts the {@link dev.executor.logs.LogEntrySink} to the queue client.
 */
package dev.executor.logs;
