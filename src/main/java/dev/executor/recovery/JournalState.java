package dev.executor.recovery;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.executor.logs.EntryRecord;
import java.util.ArrayList;
import java.util.List;

/**
 * The content of a job's {@code journal.json}: everything a restarted executor needs to finish the job or clean
 * up after it, except the token and the payload, which sit in their own 0600 files. Plain fields for Jackson;
 * only {@link JobJournal} mutates it, under its lock.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public final class JournalState {

    /** Format version of this file. */
    public int format = 1;
    public long jobId;
    public String queue;
    public String executorName;
    public JournalPhase phase = JournalPhase.PREPARING;
    /** The job's workspace directory, recorded before it is created. */
    public String workspace;
    public String startedAt;
    /** Start + EXECUTOR_MAXIMUM_RUNTIME_PER_JOB, or null without a limit. */
    public String expiresAt;
    public Integer stepIndex;
    public String stepKey;
    public Integer stepExitCode;
    public boolean stepOomKilled;
    /** STEP_DONE: the step the batches skip protocol resumes at, or null when nothing is skipped. */
    public String skipUntil;
    /** Every container created for the job (they also carry our labels). */
    public List<String> containers = new ArrayList<>();
    /** TEARDOWN and later: the job's error, null when the steps succeeded. */
    public String error;
    /** The cancel reason's name when the job was cancelled, else null. */
    public String cancelReason;
    /** FINALIZING: COMPLETED, ERRORED, FAILED or ABANDONED. */
    public String outcome;
    public String outcomeMessage;
    public List<EntryRecord> entries = new ArrayList<>();

    JournalState copy() {
        JournalState c = new JournalState();
        c.format = format;
        c.jobId = jobId;
        c.queue = queue;
        c.executorName = executorName;
        c.phase = phase;
        c.workspace = workspace;
        c.startedAt = startedAt;
        c.expiresAt = expiresAt;
        c.stepIndex = stepIndex;
        c.stepKey = stepKey;
        c.stepExitCode = stepExitCode;
        c.stepOomKilled = stepOomKilled;
        c.skipUntil = skipUntil;
        c.containers = new ArrayList<>(containers);
        c.error = error;
        c.cancelReason = cancelReason;
        c.outcome = outcome;
        c.outcomeMessage = outcomeMessage;
        c.entries = new ArrayList<>(entries);
        return c;
    }
}
