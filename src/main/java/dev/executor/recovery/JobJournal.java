package dev.executor.recovery;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.executor.logs.EntryRecord;
import dev.executor.model.Job;
import dev.executor.model.JobRef;
import dev.executor.queue.JobJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * One job's journal, {@code EXECUTOR_STATE_DIR/jobs/<queue>-<id>/} (mode 0700):
 * <pre>
 *   journal.json   {@link JournalState}: ids, executor name, workspace, phase, containers, log entries, outcome
 *   token          the job token (mode 0600), needed to finish the job's calls after a restart
 *   job.json       the payload without file contents or token (mode 0600): the remaining steps after a restart
 *   entries/N.log  the log spools, redacted
 * </pre>
 * {@code journal.json} is rewritten atomically at every phase change and whenever a log entry gets its id or
 * finishes. The directory is deleted once the frontend has the job's outcome (or the job is given up).
 */
public final class JobJournal {

    private static final Logger LOG = Logger.getLogger(JobJournal.class);
    static final String JOURNAL = "journal.json";
    static final String TOKEN = "token";
    static final String PAYLOAD = "job.json";
    static final ObjectMapper JSON = JobJson.mapper();

    private final Path dir;
    private final JournalState state;
    private final String token;
    private boolean deleted;

    private JobJournal(Path dir, JournalState state, String token) {
        this.dir = dir;
        this.state = state;
        this.token = token;
    }

    /** The directory name of a job: {@code <queue>-<id>}. */
    static String dirName(String queue, long jobId) {
        return queue + "-" + jobId;
    }

    /** Starts the journal of a freshly leased job; its payload and token are stored alongside. */
    static JobJournal begin(Path jobsDir, Job job, JobRef ref, String executorName, Instant startedAt,
            Instant expiresAt) {
        Path dir = jobsDir.resolve(dirName(ref.queue(), ref.id()));
        try {
            if (Files.exists(dir)) {
                // A leftover of an earlier lease of the same job that recovery did not finish: start afresh.
                FileTrees.delete(dir);
            }
            StateDir.createPrivateDirectories(dir);
            StateDir.writeAtomically(dir.resolve(TOKEN), ref.token() == null ? new byte[0]
                    : ref.token().getBytes(StandardCharsets.UTF_8));
            StateDir.writeAtomically(dir.resolve(PAYLOAD), JSON.writeValueAsBytes(storable(job)));
        } catch (IOException e) {
            throw new UncheckedIOException("starting the journal of job " + ref.id() + " in " + dir + ": " + e, e);
        }
        JournalState s = new JournalState();
        s.jobId = ref.id();
        s.queue = ref.queue();
        s.executorName = executorName;
        s.startedAt = startedAt.toString();
        s.expiresAt = expiresAt == null ? null : expiresAt.toString();
        JobJournal journal = new JobJournal(dir, s, ref.token() == null ? "" : ref.token());
        journal.write();
        return journal;
    }

    /** Loads a journal left by an earlier process. */
    static JobJournal load(Path dir) throws IOException {
        JournalState s = JSON.readValue(dir.resolve(JOURNAL).toFile(), JournalState.class);
        Path tokenFile = dir.resolve(TOKEN);
        String token = Files.exists(tokenFile) ? Files.readString(tokenFile, StandardCharsets.UTF_8).trim() : "";
        return new JobJournal(dir, s, token);
    }

    /** The payload as stored: no file contents (they are in the workspace already), no token. */
    private static Job storable(Job job) {
        return new Job(job.version(), job.id(), job.queue(), "", job.repositoryName(), job.repositoryDirectory(),
                job.commit(), job.fetchTags(), job.shallowClone(), job.sparseCheckout(), null, job.dockerSteps(),
                job.cliSteps(), job.redactedValues(), job.dockerAuthConfig());
    }

    public Path dir() {
        return dir;
    }

    public Path spoolDir() {
        return dir.resolve("entries");
    }

    public JobRef ref() {
        return new JobRef(state.jobId, state.queue, token);
    }

    /** The stored payload (its token is the journal's). */
    public Job job() {
        try {
            Job j = JSON.readValue(dir.resolve(PAYLOAD).toFile(), Job.class);
            return new Job(j.version(), j.id(), j.queue(), token, j.repositoryName(), j.repositoryDirectory(),
                    j.commit(), j.fetchTags(), j.shallowClone(), j.sparseCheckout(), null, j.dockerSteps(),
                    j.cliSteps(), j.redactedValues(), j.dockerAuthConfig());
        } catch (IOException e) {
            throw new UncheckedIOException("reading the stored payload of job " + state.jobId + ": " + e.getMessage(), e);
        }
    }

    /** A copy of the journal's content. */
    public synchronized JournalState state() {
        return state.copy();
    }

    public synchronized void workspace(Path workspace) {
        state.workspace = workspace.toString();
        write();
    }

    public synchronized void stepStarted(int index, String key) {
        state.phase = JournalPhase.STEP_RUNNING;
        state.stepIndex = index;
        state.stepKey = key;
        state.stepExitCode = null;
        state.stepOomKilled = false;
        state.skipUntil = null;
        write();
    }

    public synchronized void containerCreated(String id) {
        state.containers.add(id);
        write();
    }

    public synchronized void stepFinished(int index, int exitCode, boolean oomKilled, String skipUntil) {
        state.phase = JournalPhase.STEP_DONE;
        state.stepIndex = index;
        state.stepExitCode = exitCode;
        state.stepOomKilled = oomKilled;
        state.skipUntil = skipUntil;
        write();
    }

    public synchronized void cliSteps() {
        state.phase = JournalPhase.CLI_STEPS;
        write();
    }

    public synchronized void tearingDown(String error, String cancelReason) {
        state.phase = JournalPhase.TEARDOWN;
        state.error = error;
        state.cancelReason = cancelReason;
        write();
    }

    public synchronized void finalizing(String outcome, String message) {
        state.phase = JournalPhase.FINALIZING;
        state.outcome = outcome;
        state.outcomeMessage = message;
        write();
    }

    public synchronized void entries(List<EntryRecord> entries) {
        state.entries = List.copyOf(entries);
        write();
    }

    /** Removes the journal with its token, payload and spools. */
    public synchronized void delete() {
        deleted = true;
        try {
            FileTrees.delete(dir);
        } catch (IOException e) {
            LOG.errorf("removing the journal %s failed (the janitor will retry): %s", dir, e.getMessage());
        }
    }

    private void write() {
        if (deleted) {
            return;
        }
        try {
            StateDir.writeAtomically(dir.resolve(JOURNAL), JSON.writeValueAsBytes(state));
        } catch (IOException e) {
            // The job itself can go on; only a restart in the middle of it would lose track of it.
            LOG.errorf("writing the journal of job %d failed: %s", state.jobId, e.getMessage());
        }
    }
}
