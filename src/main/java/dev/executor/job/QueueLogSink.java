package dev.executor.job;

import dev.executor.logs.EntrySnapshot;
import dev.executor.logs.LogEntrySink;
import dev.executor.logs.LogSinkException;
import dev.executor.observe.metrics.ExecutorMetrics;
import dev.executor.queue.FinalCall;
import dev.executor.queue.FrontendException;
import dev.executor.model.JobRef;
import dev.executor.queue.LogEntryBody;
import dev.executor.queue.LogEntryRequest;
import dev.executor.queue.QueueClient;
import io.smallrye.mutiny.Uni;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * Sends a job's log entries to the frontend's add/update routes (spec §1.6). Updates stream the entry's output from
 * its spool. An intermediate call is tried once; a final one is retried through outages until the job's finalize
 * deadline ({@link FinalCall}). The output bytes of every update sent are counted
 * ({@code executor_log_sent_bytes_total}): each update carries the whole entry, so this is the real upload cost.
 */
public final class QueueLogSink implements LogEntrySink {

    private final QueueClient client;
    private final JobRef job;
    private final Supplier<Instant> finalizeDeadline;
    private final ExecutorMetrics metrics;

    /** @param finalizeDeadline the job's finalize deadline, asked for when the first final call is made */
    public QueueLogSink(QueueClient client, JobRef job, Supplier<Instant> finalizeDeadline, ExecutorMetrics metrics) {
        this.client = client;
        this.job = job;
        this.finalizeDeadline = finalizeDeadline;
        this.metrics = metrics;
    }

    @Override
    public int add(EntrySnapshot e, Attempt attempt) {
        LogEntryRequest body = request(null, e);
        return call("creating log entry " + e.key() + " of job " + job.id(), attempt,
                client.addLogEntry(job, body, false));
    }

    @Override
    public void update(int entryId, EntrySnapshot e, Attempt attempt) {
        LogEntryBody body = LogEntryBody.of(request(entryId, e), e.out().jsonLength(), e.out()::openJson);
        call("updating log entry " + e.key() + " of job " + job.id(), attempt,
                client.updateLogEntry(job, entryId, body, false));
        metrics.logBytesSent(e.out().length());
    }

    @Override
    public long overheadBytes(EntrySnapshot e) {
        // Everything but the escaped text: the fields, and the framing of "out" itself.
        return LogEntryBody.of(request(0, e), 1, null).length() - 1;
    }

    /** Blocks: log entries are written from the job's own (worker) thread, never from an event loop. */
    private <T> T call(String what, Attempt attempt, Uni<T> once) {
        try {
            return (attempt == Attempt.ONCE ? once : FinalCall.untilDeadline(what, finalizeDeadline.get(), once))
                    .await().indefinitely();
        } catch (FrontendException e) {
            throw new LogSinkException(e.getMessage(), e.permanent(), e);
        }
    }

    private LogEntryRequest request(Integer entryId, EntrySnapshot e) {
        return new LogEntryRequest(client.executorName(), job.id(), entryId, e.key(), e.command(), e.startTime(),
                e.exitCode(), null, e.durationMs());
    }
}
