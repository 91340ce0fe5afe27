/**
 * Execution log entries (spec §1.6, §4.7): one entry per command with {@code stdout: }/{@code stderr: }
 * prefixed lines, redaction of secrets before anything leaves the process, and the sync that sends
 * whole-entry updates to a {@link dev.executor.logs.LogEntrySink} at most once a second plus a final one.
 * It knows nothing of HTTP: the job package adapts the sink to the queue client.
 */
package dev.executor.logs;
