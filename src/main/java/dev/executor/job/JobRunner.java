package dev.executor.job;

import dev.executor.config.HostEnvironment;
import dev.executor.logs.JobLog;
import dev.executor.logs.LogEntry;
import dev.executor.logs.LogEntrySink;
import dev.executor.logs.LogSecrets;
import dev.executor.logs.LogSettings;
import dev.executor.model.Job;
import dev.executor.model.JobRef;
import dev.executor.observe.logging.JobMdc;
import dev.executor.observe.metrics.CommandMetrics;
import dev.executor.observe.metrics.ExecutorMetrics;
import dev.executor.recovery.JobJournal;
import dev.executor.recovery.JobJournals;
import dev.executor.recovery.JournalPhase;
import dev.executor.recovery.JournalState;
import dev.executor.runtime.Cancellation;
import dev.executor.runtime.JobEnvironment;
import dev.executor.runtime.Runtime;
import dev.executor.runtime.StepSpec;
import dev.executor.runtime.StepStartException;
import dev.executor.workspace.CancellableFileStore;
import dev.executor.workspace.RepositoryCloner;
import dev.executor.workspace.Workspace;
import dev.executor.workspace.WorkspaceException;
import dev.executor.workspace.WorkspaceFiles;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import org.jboss.logging.Logger;

/**
 * Runs one job from an empty workspace to teardown, as one Mutiny pipeline whose item is the job's outcome:
 * workspace, clone and files (the job's network is made meanwhile), then the docker steps ({@link StepSequence}: a
 * {@code Multi} of steps, each its container's {@code Uni}), the CLI steps, teardown. The first failure ends the
 * job; the workspace is always torn down and every log entry closed, whatever happened. The job's
 * {@link Cancellation} (heartbeat cancels, drain, and the deadline this runner arms as a Mutiny timer) stops the
 * running step and starts no other. Every phase is journaled ({@link JobJournal}), so {@link #resume} can finish
 * a job an earlier process of this executor was running. Nothing runs until the {@code Uni} is subscribed; its
 * blocking work (files, git, journal, engine calls of the job's environment) runs on {@code work}, the job side's
 * bounded executor, never on the subscriber's thread.
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
    private final Executor work;

    /**
     * @param host the executor's forwarded variables as the configuration read them (src-cli steps get them and
     *             find {@code src} on their {@code PATH})
     * @param work the job side's bounded executor for blocking work ({@link #workThreads})
     */
    public JobRunner(JobSettings settings, Runtime runtime, RepositoryCloner cloner,
            java.util.function.Function<JobRef, dev.executor.workspace.FileStore> fileStores,
            ScheduledExecutorService logSync, long syncIntervalMillis, JobJournals journals,
            CommandMetrics commandMetrics, ExecutorMetrics executorMetrics, HostEnvironment host, Executor work) {
        this.settings = settings;
        this.runtime = runtime;
        this.cloner = cloner;
        this.fileStores = fileStores;
        this.logSync = logSync;
        this.syncIntervalMillis = syncIntervalMillis;
        this.journals = journals;
        this.cliSteps = new CliStepRunner(settings, host.variables());
        this.planner = new StepPlanner(settings);
        this.commandMetrics = commandMetrics;
        this.executorMetrics = executorMetrics;
        this.work = work;
    }

    /**
     * Threads for the job side's blocking work: per job at most one for its pipeline and one making or removing its
     * network at the same time; plus one for a job resumed after a restart beyond the slots.
     */
    public static int workThreads(int maximumJobs) {
        return 2 * Math.max(1, maximumJobs) + 1;
    }

    /** The pieces of a fresh job the pipeline fills in as it goes, for the teardown to find. */
    private static final class Fresh {
        Workspace workspace;
        Uni<JobEnvironment> environment;
        Uni<Void> removal;

        /** Starts removing the environment once made (at once in the background); once only. */
        synchronized Uni<Void> removeEnvironment(Executor work) {
            if (removal == null) {
                Uni<JobEnvironment> made = environment == null ? Uni.createFrom().nullItem() : environment;
                removal = made.onFailure().recoverWithNull()
                        .chain(env -> env == null ? Uni.createFrom().voidItem()
                                : Uni.createFrom().item(() -> {
                                    env.close();
                                    return (Void) null;
                                }).runSubscriptionOn(work))
                        .onFailure().recoverWithNull()
                        .memoize().indefinitely();
                removal.subscribe().with(ignored -> { });
            }
            return removal;
        }
    }

    /** What a fresh job will run, checked before anything runs. */
    private record Planned(List<StepSpec> steps, CliStepRunner.Plan cli) {
    }

    /** The job's pipeline; call it right after the dequeue, where the dequeue-to-first-container time starts. */
    public Uni<JobOutcome> run(Job job, JobRef ref, LogEntrySink sink, Cancellation cancellation) {
        StepMetrics metrics = new StepMetrics(commandMetrics, executorMetrics, System.nanoTime());
        return Uni.createFrom().deferred(() -> {
            Instant start = Instant.now();
            Instant expires = settings.maximumRuntime().isZero() ? null : start.plus(settings.maximumRuntime());
            JobJournal journal = journals.begin(job, ref, start, expires);
            JobSecrets secrets = JobSecrets.of(job, settings);
            LogSecrets.Registration masked = LogSecrets.register(secrets.redactor());
            JobLog log = new JobLog(sink, secrets.redactor(), logSync, logSettings(journal), journal::entries);
            JobContext context = new JobContext(job, ref, cancellation, expires, journal, log, secrets, metrics,
                    inJob(ref));
            Cancellable deadline = armDeadline(context);
            Fresh fresh = new Fresh();
            return execute(context, fresh)
                    .onItemOrFailure().transformToUni((ignored, failure) -> finish(context, fresh, failure))
                    .eventually(() -> {
                        deadline.cancel();
                        masked.close();
                    });
        }).runSubscriptionOn(inJob(ref));
    }

    /** The work executor, carrying the job's id and queue on every line logged from it ({@link JobMdc}). */
    private Executor inJob(JobRef ref) {
        return JobMdc.executor(ref.id(), ref.queue(), work);
    }

    private Uni<Void> execute(JobContext context, Fresh fresh) {
        Job job = context.job();
        return Uni.createFrom().item(() -> {
            if (context.secrets().credentialsError() != null) {
                throw new JobFailure(context.secrets().credentialsError());
            }
            Path path = Workspace.choosePath(settings.workspaceRoot(), job.id());
            context.journal().workspace(path); // recorded first: a crash can never leave a workspace nobody knows of
            fresh.workspace = Workspace.createAt(path);
            Planned planned = new Planned(planner.plan(job, context.ref(), fresh.workspace, context.expires(),
                    context.secrets().credentials()), cliSteps.plan(job, fresh.workspace));
            // The job's network is made meanwhile, in the background: Docker takes ~130 ms, overlapped with the clone.
            fresh.environment = blocking(context, () -> environment(context, planned.steps(), false)).memoize().indefinitely();
            return planned;
        }).chain(planned -> Uni.combine().all()
                .unis(captured(blocking(context, () -> {
                    prepare(context, fresh.workspace);
                    return true;
                })), captured(fresh.environment))
                .asTuple()
                .chain(both -> {
                    Throwable failed = both.getItem1().or(() -> both.getItem2()).orElse(null);
                    return failed != null ? Uni.createFrom().failure(failed) : fresh.environment;
                })
                .chain(environment -> new StepSequence(runtime, fresh.workspace,
                        withNetwork(planned.steps(), environment), context).runFrom(0, null))
                .chain(() -> {
                    fresh.removeEnvironment(context.work()); // src-cli steps run on the host: they need no network
                    return blocking(context, () -> {
                        runCliSteps(context, fresh.workspace, planned.cli());
                        return (Void) null;
                    });
                }));
    }

    /** Tears down whatever the job got to, journaling the error first, and decides the outcome. */
    private Uni<JobOutcome> finish(JobContext context, Fresh fresh, Throwable failure) {
        String error = errorOf(context, failure);
        Cancellation.Reason cancelledBy = failure == null ? null : context.cancellation().reason();
        return blocking(context, () -> {
            context.journal().tearingDown(error, cancelledBy == null ? null : cancelledBy.name());
            fresh.removeEnvironment(context.work()); // while the workspace goes
            teardown(fresh.workspace, context.log());
            return (Void) null;
        }).chain(() -> fresh.removeEnvironment(context.work())).map(ignored -> {
            context.log().close();
            return decided(context.journal(), Outcomes.decide(context.secrets().redactor(), error,
                    context.log().errors(), cancelledBy, settings.maximumRuntime()));
        });
    }

    /** The job's error message: a job failure's own, else the unexpected one, named as such. */
    private static String errorOf(JobContext context, Throwable failure) {
        if (failure == null) {
            return null;
        }
        if (failure instanceof JobFailure || failure instanceof WorkspaceException) {
            return failure.getMessage();
        }
        LOG.errorf(failure, "job %d: unexpected failure", context.ref().id());
        return "unexpected executor error: " + failure;
    }

    /**
     * Finishes a job an earlier process of this executor was running, from its journal: reattaches to the step
     * that was running, or continues after the step that had ended, or only tears down and finalises, as far as
     * the journal says the job got. A job caught while preparing, or whose step cannot be reattached, ends
     * errored with {@code executor restarted during the job}.
     */
    public Uni<JobOutcome> resume(JobJournal journal, LogEntrySink sink, Cancellation cancellation) {
        return Uni.createFrom().deferred(() -> {
            JournalState s = journal.state();
            Job job = storedPayload(journal);
            JobSecrets secrets = job == null ? JobSecrets.executorOnly(settings) : JobSecrets.of(job, settings);
            LogSecrets.Registration masked = LogSecrets.register(secrets.redactor());
            JobLog log = JobLog.restore(sink, secrets.redactor(), logSync, logSettings(journal), journal::entries,
                    s.entries);
            if (s.phase == JournalPhase.FINALIZING) {
                log.close();
                masked.close();
                return Uni.createFrom().item(Outcomes.recorded(s.outcome, s.outcomeMessage, log.errors()));
            }
            Instant expires = s.expiresAt == null ? null : Instant.parse(s.expiresAt);
            JobContext context = new JobContext(job, journal.ref(), cancellation, expires, journal, log, secrets,
                    StepMetrics.resumed(commandMetrics, executorMetrics), inJob(journal.ref()));
            Cancellable deadline = armDeadline(context);
            Workspace workspace = s.workspace == null ? null : Workspace.existing(Path.of(s.workspace));
            Cancellation.Reason recorded = s.cancelReason == null ? null : Cancellation.Reason.valueOf(s.cancelReason);
            Uni<String[]> steps = s.phase == JournalPhase.TEARDOWN
                    ? Uni.createFrom().item(new String[] {s.error, recorded == null ? null : recorded.name()})
                    : continueSteps(s, context, workspace)
                            .onItemOrFailure().transform((ignored, failure) -> {
                                String error = failure == null ? s.error : errorOf(context, failure);
                                Cancellation.Reason reason = cancellation.reason();
                                journal.tearingDown(error, reason == null ? null : reason.name());
                                return new String[] {error, reason == null ? null : reason.name()};
                            });
            return steps.emitOn(context.work()).map(ended -> {
                teardown(workspace, log);
                log.close();
                Cancellation.Reason reason = ended[1] == null ? null : Cancellation.Reason.valueOf(ended[1]);
                return decided(journal, Outcomes.decide(secrets.redactor(), ended[0], log.errors(), reason,
                        settings.maximumRuntime()));
            }).eventually(() -> {
                deadline.cancel();
                masked.close();
            });
        }).runSubscriptionOn(inJob(journal.ref()));
    }

    private Uni<Void> continueSteps(JournalState s, JobContext context, Workspace workspace) {
        return Uni.createFrom().deferred(() -> {
            Job job = context.job();
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
            List<StepSpec> specs = planner.plan(job, context.ref(), workspace, context.expires(),
                    context.secrets().credentials());
            CliStepRunner.Plan cli = cliSteps.plan(job, workspace);
            JobEnvironment environment = environment(context, specs, true);
            StepSequence steps = new StepSequence(runtime, workspace, withNetwork(specs, environment), context);
            Uni<Void> resumed = s.phase == JournalPhase.STEP_RUNNING ? steps.resume(s.stepIndex)
                    : steps.afterRecordedStep(s.stepIndex, s.stepExitCode, s.stepOomKilled, s.skipUntil);
            return resumed
                    .eventually(() -> blocking(context, () -> {
                        environment.close();
                        return (Void) null;
                    }))
                    .chain(() -> blocking(context, () -> {
                        runCliSteps(context, workspace, cli);
                        return (Void) null;
                    }));
        });
    }

    /** Cancels the job with {@link Cancellation.Reason#DEADLINE} at its deadline; the handle disarms it. */
    private static Cancellable armDeadline(JobContext context) {
        return context.expires() == null ? () -> { }
                : context.cancellation().cancelAt(context.expires(), Cancellation.Reason.DEADLINE);
    }

    /** A failure as an item, so two branches can run side by side and both be waited for. */
    private static <T> Uni<Optional<Throwable>> captured(Uni<T> uni) {
        return uni.map(ignored -> Optional.<Throwable>empty()).onFailure().recoverWithItem(Optional::of);
    }

    private static <T> Uni<T> blocking(JobContext context, java.util.function.Supplier<T> call) {
        return Uni.createFrom().item(call).runSubscriptionOn(context.work());
    }

    /** The job's src-cli steps, after its docker steps (Sourcegraph's older handler path, spec §4.6). */
    private void runCliSteps(JobContext context, Workspace workspace, CliStepRunner.Plan cli) {
        if (!cli.steps().isEmpty()) {
            context.journal().cliSteps();
            cliSteps.run(context, workspace, cli);
        }
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
    private JobEnvironment environment(JobContext context, List<StepSpec> steps, boolean resumed) {
        if (steps.isEmpty()) {
            return JobEnvironment.NONE;
        }
        JobRef ref = context.ref();
        String name = ref.queue() + "-" + ref.id();
        java.util.Map<String, String> labels = StepLabels.forJob(ref.id(), ref.queue(), settings.executorName(),
                context.expires());
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

    private void prepare(JobContext context, Workspace workspace) {
        Job job = context.job();
        JobLog log = context.log();
        String failure = context.legacyPath() ? "failed to prepare workspace: " : "creating workspace: ";
        if (job.hasRepository()) {
            Path repoDir = workspace.resolve(job.repositoryDirectory(), "repositoryDirectory");
            try {
                cloner.checkout(job, context.ref(), repoDir, log, context.cancellation());
            } catch (WorkspaceException e) {
                throw new JobFailure(failure + e.getMessage());
            }
        }
        LogEntry extras = log.open("setup.fs.extras", null);
        try {
            files.write(workspace, job, new CancellableFileStore(fileStores.apply(context.ref()), context.cancellation()),
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
