package dev.executor.job;

import dev.executor.logs.EntrySnapshot;
import dev.executor.logs.LogEntrySink;
import dev.executor.queue.JobRef;
import dev.executor.queue.LogEntryRequest;
import dev.executor.queue.QueueClient;

/** Sends a job's log entries to the frontend's add/update routes (spec §1.6). */
public final class QueueLogSink implements LogEntrySink {

    private final QueueClient client;
    private final JobRef job;

    public QueueLogSink(QueueClient client, JobRef job) {
        this.client = client;
        this.job = job;
    }

    @Override
    public int add(EntrySnapshot e) {
        return client.addLogEntry(job, request(null, e));
    }

    @Override
    public void update(int entryId, EntrySnapshot e) {
        client.updateLogEntry(job, request(entryId, e));
    }

    private LogEntryRequest request(Integer entryId, EntrySnapshot e) {
        return new LogEntryRequest(client.executorName(), job.id(), entryId, e.key(), e.command(), e.startTime(),
                e.exitCode(), e.out(), e.durationMs());
    }
}
