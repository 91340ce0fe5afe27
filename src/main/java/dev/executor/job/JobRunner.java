package dev.executor.job;

import dev.executor.logs.JobLog;
import dev.executor.logs.LogEntry;
import dev.executor.logs.LogEntrySink;
import dev.executor.logs.LogSecrets;
import dev.executor.logs.Pipe;
import dev.executor.logs.Redactor;
import dev.executor.queue.DockerStep;
import dev.executor.queue.Job;
import dev.executor.queue.JobRef;
import dev.executor.runtime.JobEnvironment;
import dev.executor.runtime.RegistryCredentials;
import dev.executor.runtime.Runtime;
import dev.executor.runtime.StepCancelledException;
import dev.executor.runtime.StepResult;
import dev.executor.runtime.StepSpec;
import dev.executor.runtime.StepStartException;
import dev.executor.workspace.RepositoryCloner;
import dev.executor.workspace.StepScripts;
import dev.executor.workspace.Workspace;
import dev.executor.workspace.WorkspaceException;
import dev.executor.workspace.WorkspaceFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import org.jboss.logging.Logger;

/**
 * Runs one job from an empty workspace to teardown and returns its outcome. Steps run in order and the
 * first failure ends the job; the workspace is always torn down and every log entry closed, whatever
 * happened. Blocking: call it on a worker thread.
 */
public final class JobRunner {

    private static final Logger LOG = Logger.getLogger(JobRunner.class);

    private final JobSettings settings;
    private final Runtime runtime;
    private final WorkspaceFiles files = new WorkspaceFiles();
    private final RepositoryCloner cloner;
    private final java.util.function.Function<JobRef, dev.executor.workspace.FileStore> fileStores;
    private final ScheduledExecutorService logSync;
    private final long syncIntervalMillis;
    private final CliStepRunner cliSteps;

    public JobRunner(JobSettings settings, Runtime runtime, RepositoryCloner cloner,
            java.util.function.Function<JobRef, dev.executor.workspace.FileStore> fileStores,
            ScheduledExecutorService logSync, long syncIntervalMillis) {
        this.settings = settings;
        this.runtime = runtime;
        this.cloner = cloner;
        this.fileStores = fileStores;
        this.logSync = logSync;
        this.syncIntervalMillis = syncIntervalMillis;
        this.cliSteps = new CliStepRunner(settings, System.getenv());
    }

    public JobOutcome run(Job job, JobRef ref, LogEntrySink sink, JobControl control) {
        RegistryCredentials credentials = RegistryCredentials.NONE;
        String credentialsError = null;
        try {
            credentials = RegistryCredentials.of(job.dockerAuthsOrNull());
        } catch (IllegalArgumentException e) {
            credentialsError = "invalid dockerAuthConfig: " + e.getMessage();
        }
        List<String> secrets = new ArrayList<>(settings.executorSecrets());
        secrets.addAll(credentials.secrets());
        Redactor redactor = Redactor.forJob(secrets, job.redactedValuesOrEmpty());
        String error = null;
        List<String> logErrors;
        try (LogSecrets.Registration masked = LogSecrets.register(redactor);
                JobLog log = new JobLog(sink, redactor, logSync, syncIntervalMillis)) {
            Workspace workspace = null;
            try {
                if (credentialsError != null) {
                    throw new JobFailure(credentialsError);
                }
                workspace = Workspace.create(settings.workspaceRoot(), job.id());
                List<StepSpec> steps = planSteps(job, ref, workspace, credentials);
                CliStepRunner.Plan cli = cliSteps.plan(job, workspace);
                prepare(job, ref, workspace, log, control);
                try (JobEnvironment environment = prepareEnvironment(job, ref, steps)) {
                    runSteps(job, workspace, steps.stream().map(s -> s.withNetwork(environment.network())).toList(),
                            log, control);
                }
                cliSteps.run(job, workspace, cli, log, control);
            } catch (JobFailure | WorkspaceException e) {
                error = e.getMessage();
            } catch (RuntimeException e) {
                LOG.errorf(e, "job %d: unexpected failure", job.id());
                error = "unexpected executor error: " + e;
            } finally {
                teardown(workspace, log);
            }
            log.close();
            logErrors = log.errors();
        }
        return decide(job, redactor, error, logErrors, control);
    }

    /** Validates every step before anything runs, so a bad step dir starts no container at all. */
    private List<StepSpec> planSteps(Job job, JobRef ref, Workspace workspace, RegistryCredentials credentials) {
        List<StepSpec> specs = new ArrayList<>();
        Path hostWorkspace = settings.hostMountPath() == null || settings.hostMountPath().isEmpty()
                ? workspace.root()
                : Path.of(settings.hostMountPath()).resolve(workspace.root().getFileName());
        Instant expires = expiresAt();
        List<DockerStep> steps = job.dockerStepsOrEmpty();
        for (int i = 0; i < steps.size(); i++) {
            DockerStep step = steps.get(i);
            String key = stepKey(step, i);
            Path dir;
            try {
                dir = workspace.resolve(step.dir(), "step \"" + key + "\" dir");
            } catch (WorkspaceException e) {
                throw new JobFailure(e.getMessage());
            }
            String relative = workspace.root().relativize(dir).toString();
            String workingDir = relative.isEmpty() ? "/data" : "/data/" + relative;
            specs.add(new StepSpec(job.id(), key, step.image(), hostWorkspace, workingDir,
                    StepScripts.containerPath(job, i), step.envOrEmpty(), settings.resources(),
                    StepLabels.of(job.id(), ref.queue(), settings.executorName(), key, expires), null, credentials));
        }
        return specs;
    }

    /** What the job's steps share, e.g. a private network; nothing when there are no steps. */
    private JobEnvironment prepareEnvironment(Job job, JobRef ref, List<StepSpec> steps) {
        if (steps.isEmpty()) {
            return JobEnvironment.NONE;
        }
        try {
            return runtime.prepareJob(ref.queue() + "-" + job.id(),
                    StepLabels.forJob(job.id(), ref.queue(), settings.executorName(), expiresAt()));
        } catch (StepStartException e) {
            throw new JobFailure(e.getMessage());
        }
    }

    /** When what the job creates may be reaped at the latest: after its maximum runtime; null without one. */
    private Instant expiresAt() {
        return settings.maximumRuntime().isZero() ? null : Instant.now().plus(settings.maximumRuntime());
    }

    static String stepKey(DockerStep step, int index) {
        return "step.docker." + (step.key() == null || step.key().isEmpty() ? Integer.toString(index) : step.key());
    }

    /**
     * Jobs with CLI steps take Sourcegraph's older handler path (spec §4.6), whose errors are worded
     * differently (§4.8); the wording is kept so messages read the same as from Sourcegraph's executor.
     */
    private static boolean legacyPath(Job job) {
        return !job.cliStepsOrEmpty().isEmpty();
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
            files.write(workspace, job, fileStores.apply(ref), extras::appendRaw);
            log.close(extras, 0);
        } catch (WorkspaceException e) {
            extras.appendRaw("Operation failed: " + e.getMessage());
            log.close(extras, 1);
            throw new JobFailure(failure + e.getMessage());
        }
    }

    private void runSteps(Job job, Workspace workspace, List<StepSpec> steps, JobLog log, JobControl control) {
        String failure = legacyPath(job) ? "failed to perform docker step: " : null;
        String skipUntil = null;
        for (StepSpec spec : steps) {
            if (skipUntil != null && !skipUntil.equals(spec.stepKey())) {
                continue;
            }
            skipUntil = null;
            checkCancelled(control);
            runStep(spec, failure == null ? "running command \"" + spec.stepKey() + "\": " : failure, log, control);
            skipUntil = SkipProtocol.nextStepAfter(spec.stepKey(), workspace.root());
        }
    }

    /** @param failure how a failure message starts, e.g. {@code running command "step.docker.x": } */
    private void runStep(StepSpec spec, String failure, JobLog log, JobControl control) {
        List<String> command = runtime.commandLine(spec);
        LogEntry entry = log.open(spec.stepKey(), command);
        LOG.debugf("job %d: running %s", spec.jobId(), String.join(" ", log.redactor().redact(command)));
        StepResult result;
        try {
            result = runtime.run(spec, entry::appendLine, control.cancellation());
        } catch (StepStartException e) {
            entry.appendLine(Pipe.STDERR, e.getMessage());
            log.close(entry, 125);
            throw new JobFailure(failure + e.getMessage());
        } catch (StepCancelledException e) {
            entry.appendLine(Pipe.STDERR, "step stopped: " + e.getMessage());
            log.close(entry, -1);
            throw new JobFailure(failure + e.getMessage());
        }
        log.close(entry, result.exitCode());
        // A process killed for memory inside a step that still exits 0 (the script handled it) is no failure.
        if (result.oomKilled() && result.exitCode() != 0) {
            throw new JobFailure(failure + "step ran out of memory (limit " + spec.resources().memoryText() + ")");
        }
        if (result.exitCode() != 0) {
            throw new JobFailure(failure + "command failed with exit code " + result.exitCode());
        }
    }

    private static void checkCancelled(JobControl control) {
        if (control.reason() != null) {
            throw new JobFailure(control.reason().text());
        }
    }

    private void teardown(Workspace workspace, JobLog log) {
        if (workspace == null) {
            return;
        }
        LogEntry entry = log.open("teardown.fs", null);
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

    private JobOutcome decide(Job job, Redactor redactor, String error, List<String> logErrors, JobControl control) {
        CancelReason reason = control.reason();
        if (reason == CancelReason.SHUTDOWN) {
            return new JobOutcome.Abandoned(reason.text());
        }
        if (reason == CancelReason.CANCELED) {
            return new JobOutcome.Failed(redactor.redact(error == null ? reason.text() : error));
        }
        if (reason == CancelReason.DEADLINE) {
            return new JobOutcome.Errored("job exceeded maximum execution time of "
                    + dev.executor.config.GoDuration.format(settings.maximumRuntime()) + ": context deadline exceeded");
        }
        if (reason == CancelReason.UNKNOWN_TO_FRONTEND) {
            return new JobOutcome.Errored(reason.text());
        }
        List<String> all = new ArrayList<>();
        if (error != null) {
            all.add(error);
        }
        all.addAll(logErrors);
        if (all.isEmpty()) {
            return new JobOutcome.Completed();
        }
        return new JobOutcome.Errored(redactor.redact(String.join("; ", all)));
    }
}
