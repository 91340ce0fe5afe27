package dev.executor.job;

import dev.executor.logs.JobLog;
import dev.executor.model.Job;
import dev.executor.model.JobRef;
import dev.executor.recovery.JobJournal;
import dev.executor.runtime.Cancellation;
import java.time.Instant;
import java.util.concurrent.Executor;

/**
 * One job's state while it runs, the one thing the runner's collaborators ({@link StepSequence},
 * {@link CliStepRunner}, preparation and teardown) share instead of each holding a piece: what the job is, how to
 * stop it and by when, where it is journaled and logged, and what it must keep secret.
 *
 * @param job          the payload; null only for a job resumed whose stored payload cannot be read
 * @param cancellation the job's one cancellation: heartbeat cancels, drain, and the deadline all land here
 * @param expires      the job's deadline ({@code EXECUTOR_MAXIMUM_RUNTIME_PER_JOB} from its start), or null
 * @param secrets      the job's registry credentials and the redactor every log entry and message goes through
 * @param metrics      what the job's steps record
 * @param work         the job side's bounded executor, running each task with the job's logging context
 */
record JobContext(Job job, JobRef ref, Cancellation cancellation, Instant expires, JobJournal journal, JobLog log,
        JobSecrets secrets, StepMetrics metrics, Executor work) {

    /**
     * Jobs with CLI steps take Sourcegraph's older handler path (spec §4.6), whose errors are worded differently
     * (§4.8); the wording is kept so messages read the same as from Sourcegraph's executor.
     */
    boolean legacyPath() {
        return job != null && !job.cliStepsOrEmpty().isEmpty();
    }

    /** The job's error when it was cancelled between two steps: the reason, as Sourcegraph words it. */
    JobFailure cancelled() {
        return new JobFailure(cancellation.reasonText());
    }

    @Override
    public String toString() {
        return "JobContext[" + ref + ", cancelled=" + cancellation.reason() + ", expires=" + expires + "]";
    }
}
