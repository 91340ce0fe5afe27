package dev.executor.job;

import dev.executor.logs.JobLog;
import dev.executor.logs.LogEntry;
import dev.executor.logs.LogEntrySink;
import dev.executor.logs.LogSecrets;
import dev.executor.logs.LogSettings;
import dev.executor.logs.Redactor;
import dev.executor.observe.metrics.CommandMetrics;
import dev.executor.observe.metrics.ExecutorMetrics;
import dev.executor.model.Job;
import dev.executor.model.JobRef;
import dev.executor.recovery.JobJournal;
import dev.executor.recovery.JobJournals;
import dev.executor.recovery.JournalPhase;
import dev.executor.recovery.JournalState;
import dev.executor.runtime.JobEnvironment;
import dev.executor.runtime.Runtime;
import dev.executor.runtime.StepSpec;
import dev.executor.runtime.StepStartException;
import dev.executor.workspace.CancellableFileStore;
import dev.executor.workspace.RepositoryCloner;
import dev.executor.workspace.Workspace;
import dev.executor.workspace.WorkspaceException;
import dev.executor.workspace.WorkspaceFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.jboss.logging.Logger;

/**
 * Runs one job from an empty workspace to teardown and returns its outcome. Steps run in order and the
 * first failure ends the job; the workspace is always torn down and every log entry closed, whatever
 * happened. Every phase is journaled ({@link JobJournal}), so {@link #resume} can finish a job an earlier
 * process of this executor was running. Blocking: call it on a worker thread.
 */
public final class JobRunner {

    private static final Logger LOG = Logger.getLogger(JobRunner.class);
    private static final String TEARDOWN_KEY = "teardown.fs";

    private final JobSettings settings;
    private final Runtime runtime;
    private final WorkspaceFiles files = new WorkspaceFiles();
    private final RepositoryCloner cloner;
    private final java.util.function.Function<JobRef, dev.executor.workspace.FileStore> fileStores;
    private final ScheduledExecutorService logSync;
    private final long syncIntervalMillis;
    private final JobJournals journals;
    private final CliStepRunner cliSteps;
    private final StepPlanner planner;
    private final CommandMetrics commandMetrics;
    private final ExecutorMetrics executorMetrics;
    /** Makes and removes job networks alongside the workspace work ({@link PendingEnvironment}). */
    private final ExecutorService background = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "job-environment");
        t.setDaemon(true);
        return t;
    });

    public JobRunner(JobSettings settings, Runtime runtime, RepositoryCloner cloner,
            java.util.function.Function<JobRef, dev.executor.workspace.FileStore> fileStores,
            ScheduledExecutorService logSync, long syncIntervalMillis, JobJournals journals,
            CommandMetrics commandMetrics, ExecutorMetrics executorMetrics) {
        this.settings = settings;
        this.runtime = runtime;
        this.cloner = cloner;
        this.fileStores = fileStores;
        this.logSync = logSync;
        this.syncIntervalMillis = syncIntervalMillis;
        this.journals = journals;
        this.cliSteps = new CliStepRunner(settings, System.getenv());
        this.planner = new StepPlanner(settings);
        this.commandMetrics = commandMetrics;
        this.executorMetrics = executorMetrics;
    }

    /** Runs the job; call it right after the dequeue, where the dequeue-to-first-container time starts. */
    public JobOutcome run(Job job, JobRef ref, LogEntrySink sink, JobControl control) {
        StepMetrics metrics = new StepMetrics(commandMetrics, executorMetrics, System.nanoTime());
        Instant start = Instant.now();
        Instant expires = settings.maximumRuntime().isZero() ? null : start.plus(settings.maximumRuntime());
        JobJournal journal = journals.begin(job, ref, start, expires);
        JobSecrets secrets = JobSecrets.of(job, settings);
        Redactor redactor = secrets.redactor();
        String error = null;
        CancelReason cancelledBy = null;
        List<String> logErrors;
        try (LogSecrets.Registration masked = LogSecrets.register(redactor);
                JobLog log = new JobLog(sink, redactor, logSync, logSettings(journal), journal::entries)) {
            Workspace workspace = null;
            PendingEnvironment environment = null;
            try {
                if (secrets.credentialsError() != null) {
                    throw new JobFailure(secrets.credentialsError());
                }
                Path path = Workspace.choosePath(settings.workspaceRoot(), job.id());
                journal.workspace(path); // recorded first: a crash can never leave a workspace nobody knows of
                workspace = Workspace.createAt(path);
                List<StepSpec> steps = planner.plan(job, ref, workspace, expires, secrets.credentials());
                CliStepRunner.Plan cli = cliSteps.plan(job, workspace);
                environment = PendingEnvironment.start(() -> environment(job, ref, steps, expires, false), background);
                prepare(job, ref, workspace, log, control);
                new StepSequence(runtime, workspace, withNetwork(steps, environment.get()), log, control, journal,
                        legacyPath(job), metrics).runFrom(0, null);
                environment.removeInBackground(); // src-cli steps run on the host: they need no network
                runCliSteps(job, workspace, cli, log, control, journal);
            } catch (JobFailure | WorkspaceException e) {
                error = e.getMessage();
                cancelledBy = control.reason();
            } catch (RuntimeException e) {
                LOG.errorf(e, "job %d: unexpected failure", job.id());
                error = "unexpected executor error: " + e;
                cancelledBy = control.reason();
            } finally {
                journal.tearingDown(error, cancelledBy == null ? null : cancelledBy.name());
                if (environment != null) {
                    environment.removeInBackground(); // while the workspace goes
                }
                teardown(workspace, log);
                if (environment != null) {
                    environment.close();
                }
            }
            log.close();
            logErrors = log.errors();
        }
        return decided(journal, Outcomes.decide(redactor, error, logErrors, cancelledBy, settings.maximumRuntime()));
    }

    /**
     * Finishes a job an earlier process of this executor was running, from its journal: reattaches to the step
     * that was running, or continues after the step that had ended, or only tears down and finalises, as far as
     * the journal says the job got. A job caught while preparing, or whose step cannot be reattached, ends
     * errored with {@code executor restarted during the job}.
     */
    public JobOutcome resume(JobJournal journal, LogEntrySink sink, JobControl control) {
        JournalState s = journal.state();
        Job job = storedPayload(journal);
        JobRef ref = journal.ref();
        JobSecrets secrets = job == null ? JobSecrets.executorOnly(settings) : JobSecrets.of(job, settings);
        Redactor redactor = secrets.redactor();
        String error = s.error;
        CancelReason reason = s.cancelReason == null ? null : CancelReason.valueOf(s.cancelReason);
        List<String> logErrors;
        try (LogSecrets.Registration masked = LogSecrets.register(redactor);
                JobLog log = JobLog.restore(sink, redactor, logSync, logSettings(journal), journal::entries, s.entries)) {
            if (s.phase == JournalPhase.FINALIZING) {
                log.close();
                return Outcomes.recorded(s.outcome, s.outcomeMessage, log.errors());
            }
            Workspace workspace = s.workspace == null ? null : Workspace.existing(Path.of(s.workspace));
            if (s.phase != JournalPhase.TEARDOWN) {
                try {
                    continueSteps(s, job, secrets, ref, workspace, log, control, journal);
                } catch (JobFailure | WorkspaceException e) {
                    error = e.getMessage();
                } catch (RuntimeException e) {
                    LOG.errorf(e, "job %d: unexpected failure while resuming", job.id());
                    error = "unexpected executor error: " + e;
                }
                reason = control.reason();
                journal.tearingDown(error, reason == null ? null : reason.name());
            }
            teardown(workspace, log);
            log.close();
            logErrors = log.errors();
        }
        return decided(journal, Outcomes.decide(redactor, error, logErrors, reason, settings.maximumRuntime()));
    }

    private void continueSteps(JournalState s, Job job, JobSecrets secrets, JobRef ref, Workspace workspace,
            JobLog log, JobControl control, JobJournal journal) {
        if (s.phase == JournalPhase.PREPARING) {
            throw new JobFailure(StepSequence.RESTARTED + " while preparing the workspace");
        }
        if (job == null) {
            throw new JobFailure(StepSequence.RESTARTED + ": its stored payload cannot be read");
        }
        if (workspace == null || !Files.isDirectory(workspace.root())) {
            throw new JobFailure(StepSequence.RESTARTED + ": its workspace is gone");
        }
        if (s.phase == JournalPhase.CLI_STEPS) {
            // src-cli ran on the host as a child of the dead process: nothing to reattach to.
            throw new JobFailure(StepSequence.RESTARTED + " while its src-cli steps ran");
        }
        Instant expires = s.expiresAt == null ? null : Instant.parse(s.expiresAt);
        List<StepSpec> specs = planner.plan(job, ref, workspace, expires, secrets.credentials());
        CliStepRunner.Plan cli = cliSteps.plan(job, workspace);
        try (JobEnvironment environment = environment(job, ref, specs, expires, true)) {
            StepSequence steps = new StepSequence(runtime, workspace, withNetwork(specs, environment), log, control,
                    journal, legacyPath(job), StepMetrics.resumed(commandMetrics, executorMetrics));
            if (s.phase == JournalPhase.STEP_RUNNING) {
                steps.resume(s.stepIndex);
            } else {
                steps.afterRecordedStep(s.stepIndex, s.stepExitCode, s.stepOomKilled, s.skipUntil);
            }
        }
        runCliSteps(job, workspace, cli, log, control, journal);
    }

    /** The job's src-cli steps, after its docker steps (Sourcegraph's older handler path, spec §4.6). */
    private void runCliSteps(Job job, Workspace workspace, CliStepRunner.Plan cli, JobLog log, JobControl control,
            JobJournal journal) {
        if (!cli.steps().isEmpty()) {
            journal.cliSteps();
            cliSteps.run(job, workspace, cli, log, control);
        }
    }

    /**
     * Jobs with CLI steps take Sourcegraph's older handler path (spec §4.6), whose errors are worded
     * differently (§4.8); the wording is kept so messages read the same as from Sourcegraph's executor.
     */
    private static boolean legacyPath(Job job) {
        return !job.cliStepsOrEmpty().isEmpty();
    }

    /** The payload kept in the journal, or null when it cannot be read (the job then only gets torn down). */
    private static Job storedPayload(JobJournal journal) {
        try {
            return journal.job();
        } catch (RuntimeException e) {
            LOG.errorf("job %d: %s", journal.ref().id(), e.getMessage());
            return null;
        }
    }

    /**
     * What the job's steps share, e.g. a private network; nothing when there are no steps. A resumed job takes
     * back the one its earlier process made (the reattached container is on it), or gets a new one.
     */
    private JobEnvironment environment(Job job, JobRef ref, List<StepSpec> steps, Instant expires, boolean resumed) {
        if (steps.isEmpty()) {
            return JobEnvironment.NONE;
        }
        String name = ref.queue() + "-" + job.id();
        java.util.Map<String, String> labels = StepLabels.forJob(job.id(), ref.queue(), settings.executorName(), expires);
        try {
            return resumed ? runtime.resumeJob(name, labels) : runtime.prepareJob(name, labels);
        } catch (StepStartException e) {
            throw new JobFailure(e.getMessage());
        }
    }

    private static List<StepSpec> withNetwork(List<StepSpec> steps, JobEnvironment environment) {
        return steps.stream().map(s -> s.withNetwork(environment.network())).toList();
    }

    private LogSettings logSettings(JobJournal journal) {
        return new LogSettings(journal.spoolDir(), settings.logCap(), syncIntervalMillis);
    }

    private void prepare(Job job, JobRef ref, Workspace workspace, JobLog log, JobControl control) {
        String failure = legacyPath(job) ? "failed to prepare workspace: " : "creating workspace: ";
        if (job.hasRepository()) {
            Path repoDir = workspace.resolve(job.repositoryDirectory(), "repositoryDirectory");
            try {
                cloner.checkout(job, ref, repoDir, log, control.cancellation());
            } catch (WorkspaceException e) {
                throw new JobFailure(failure + e.getMessage());
            }
        }
        LogEntry extras = log.open("setup.fs.extras", null);
        try {
            files.write(workspace, job, new CancellableFileStore(fileStores.apply(ref), control.cancellation()),
                    extras::appendRaw);
            log.close(extras, 0);
        } catch (WorkspaceException e) {
            extras.appendRaw("Operation failed: " + e.getMessage());
            log.close(extras, 1);
            throw new JobFailure(failure + e.getMessage());
        }
    }

    private void teardown(Workspace workspace, JobLog log) {
        if (workspace == null) {
            return;
        }
        LogEntry entry = log.running(TEARDOWN_KEY);
        if (entry == null && log.has(TEARDOWN_KEY)) {
            deleteQuietly(workspace); // resumed after its teardown entry was written: only make sure it is gone
            return;
        }
        if (entry == null) {
            entry = log.open(TEARDOWN_KEY, null);
        }
        if (settings.keepWorkspaces()) {
            entry.appendRaw("Preserving workspace (" + workspace.root() + ") as per config");
        } else {
            entry.appendRaw("Removing " + workspace.root());
            try {
                workspace.delete();
            } catch (IOException e) {
                entry.appendRaw("Operation failed: " + e);
                LOG.errorf("removing workspace %s failed: %s", workspace.root(), e);
            }
        }
        log.close(entry, 0);
    }

    private void deleteQuietly(Workspace workspace) {
        if (settings.keepWorkspaces()) {
            return;
        }
        try {
            workspace.delete();
        } catch (IOException e) {
            LOG.errorf("removing workspace %s failed: %s", workspace.root(), e);
        }
    }

    /** Journals the outcome before it is reported, so a restart in between still reports it. */
    private static JobOutcome decided(JobJournal journal, JobOutcome outcome) {
        journal.finalizing(Outcomes.kind(outcome), Outcomes.message(outcome));
        return outcome;
    }
}
