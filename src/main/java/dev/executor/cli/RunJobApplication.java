package dev.executor.cli;

import dev.executor.cli.runjob.LocalRepositoryCloner;
import dev.executor.cli.runjob.PayloadReader;
import dev.executor.cli.runjob.TerminalLogSink;
import dev.executor.config.ConfigLoader;
import dev.executor.config.ExecutorConfig;
import dev.executor.config.HostEnvironment;

import dev.executor.runtime.Cancellation;
import dev.executor.job.JobOutcome;
import dev.executor.job.JobRunner;
import dev.executor.job.JobRunnerProducer;
import dev.executor.job.JobSettings;
import dev.executor.logs.LogSecrets;
import dev.executor.logs.Redactor;
import dev.executor.observe.logging.JobMdc;
import dev.executor.observe.metrics.CommandMetrics;
import dev.executor.observe.metrics.ExecutorMetrics;
import dev.executor.queue.ExecutorIdentity;
import dev.executor.model.Job;
import dev.executor.model.JobRef;
import dev.executor.recovery.JobJournals;
import dev.executor.recovery.StateDir;
import dev.executor.runtime.BoundedExecutors;
import dev.executor.runtime.StepSpec;
import dev.executor.runtime.docker.DockerClients;
import dev.executor.runtime.docker.DockerProducer;
import dev.executor.runtime.docker.DockerRuntime;
import dev.executor.workspace.RepositoryCloner;
import dev.executor.workspace.Workspace;
import dev.executor.workspace.WorkspaceException;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.QuarkusApplication;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import sun.misc.Signal;

/**
 * {@code executor run-job}: one payload through the service's own {@link JobRunner} and Docker runtime,
 * with the log entries on stdout instead of the frontend. What differs from the service is only what has
 * no frontend to come from: the repository comes from {@code --repo}, file-store files are refused, and
 * CPU limits above what the Docker host has are lowered (Docker would refuse the container).
 */
public class RunJobApplication implements QuarkusApplication {

    /** Output reaches the terminal this often, instead of the service's once a second. */
    static final long SYNC_MILLIS = 200;

    @Inject
    MeterRegistry registry;

    @Override
    public int run(String... args) throws Exception {
        RunJobOptions options = RunJobOptions.parse(List.of(args));
        ExecutorConfig config = ConfigLoader.loadWithoutFrontend(System.getenv());
        PrintStream out = System.out;
        Job job;
        try {
            job = PayloadReader.read(options.payload(), System.in);
        } catch (PayloadReader.PayloadException e) {
            return notRun(e.getMessage());
        }
        if (job.hasRepository() && options.repo() == null) {
            return notRun("job " + job.id() + " clones repository \"" + job.repositoryName() + "\": pass --repo DIR "
                    + "with a local clone of it (run-job has no frontend git proxy to clone through)");
        }
        String queue = job.queue() != null && !job.queue().isEmpty() ? job.queue()
                : config.queueNames().isEmpty() ? "local" : config.queueNames().get(0);
        JobRef ref = new JobRef(job.id(), queue, "");
        ExecutorIdentity identity = ExecutorIdentity.generate(config.hostname());

        ExecutorMetrics metrics = new ExecutorMetrics(registry);
        try (var docker = DockerClients.create(1)) {
            DockerRuntime runtime = new DockerRuntime(docker, DockerProducer.options(config), metrics, 1);
            int engineCpus;
            try {
                runtime.serverVersion();
                engineCpus = docker.infoCmd().exec().getNCPU();
            } catch (RuntimeException e) {
                return notRun("the Docker engine is not reachable (" + e.getMessage() + "); start it or set DOCKER_HOST, "
                        + "then try \"executor validate\"");
            }
            JobSettings settings = fitCpus(JobSettings.of(config, identity.name(),
                    config.keepWorkspaces() || options.keep()), engineCpus);
            // As in the service: the executor's own secrets never reach its log.
            LogSecrets.register(Redactor.forJob(settings.executorSecrets(), Map.of()));
            CommandMetrics commands = new CommandMetrics(registry);
            RepositoryCloner cloner = options.repo() == null ? new NoRepository()
                    : new LocalRepositoryCloner(options.repo(), commands);
            ScheduledExecutorService logSync = JobRunnerProducer.logSyncThreads(1);
            ExecutorService work = BoundedExecutors.fixed("job-work", JobRunner.workThreads(1));
            // A private state dir: the job's journal and log spools must not land in EXECUTOR_STATE_DIR, where a
            // service on this host would take them for leftovers of its own.
            Path state = Files.createTempDirectory("executor-run-job-state-");
            JobRunner runner = new JobRunner(settings, runtime, cloner, r -> (bucket, key) -> {
                throw new IOException("file comes from the frontend's file store (" + bucket + "/" + key
                        + "), which run-job cannot reach; put its content inline in the payload");
            }, logSync, SYNC_MILLIS, new JobJournals(new StateDir(state), identity.name()), commands, metrics,
                    HostEnvironment.ofProcess(), work);
            try (JobMdc.Scope ignored = JobMdc.enter(ref.id(), ref.queue())) {
                return run(runner, job, ref, settings, out);
            } finally {
                logSync.shutdownNow();
                work.shutdownNow();
                Workspace.existing(state).delete();
            }
        }
    }

    private int run(JobRunner runner, Job job, JobRef ref, JobSettings settings, PrintStream out) {
        Cancellation control = new Cancellation();
        Signal.handle(new Signal("INT"), s -> control.cancel(Cancellation.Reason.SHUTDOWN));
        Signal.handle(new Signal("TERM"), s -> control.cancel(Cancellation.Reason.SHUTDOWN));
        out.println("Running job " + job.id() + " (queue " + ref.queue() + ", " + job.dockerStepsOrEmpty().size()
                + " docker step(s)) in " + settings.workspaceRoot());
        long start = System.nanoTime();
        // The runner arms the job's deadline (EXECUTOR_MAXIMUM_RUNTIME_PER_JOB) itself.
        JobOutcome outcome = runner.run(job, ref, new TerminalLogSink(out), control).await().indefinitely();
        String took = String.format(java.util.Locale.ROOT, "%.1fs", (System.nanoTime() - start) / 1e9);
        out.println();
        if (outcome instanceof JobOutcome.Completed) {
            out.println("Job " + job.id() + " completed in " + took);
            return 0;
        }
        if (outcome instanceof JobOutcome.Abandoned) {
            out.println("Job " + job.id() + " interrupted after " + took);
            return RunJobOptions.EXIT_INTERRUPTED;
        }
        String message = outcome instanceof JobOutcome.Errored e ? "errored: " + e.message()
                : "failed: " + ((JobOutcome.Failed) outcome).message();
        out.println("Job " + job.id() + " " + message);
        return RunJobOptions.EXIT_JOB_FAILED;
    }

    /**
     * Docker refuses {@code --cpus} above the engine's CPU count; the default (4) often exceeds a laptop or
     * a small VM, and a local trial run should not fail on that. The service keeps the configured value
     * ({@code executor validate} reports the mismatch there).
     */
    static JobSettings fitCpus(JobSettings settings, int engineCpus) {
        StepSpec.Resources r = settings.resources();
        if (engineCpus <= 0 || r.cpus() <= engineCpus) {
            return settings;
        }
        System.err.println("executor run-job: EXECUTOR_JOB_NUM_CPUS=" + r.cpus() + " is more than the " + engineCpus
                + " CPUs of the Docker host; running the steps with --cpus " + engineCpus);
        return settings.withResources(new StepSpec.Resources(engineCpus, r.memoryBytes(), r.memoryText()));
    }

    private static int notRun(String message) {
        System.err.println("executor run-job: " + message);
        return RunJobOptions.EXIT_NOT_RUN;
    }

    /** The job names no repository, so nothing calls this; a guard in case that changes. */
    private static final class NoRepository implements RepositoryCloner {
        @Override
        public void checkout(Job job, JobRef ref, java.nio.file.Path repoDir, dev.executor.logs.JobLog log,
                dev.executor.runtime.Cancellation cancel) {
            throw new WorkspaceException("no --repo given to clone \"" + job.repositoryName() + "\" from");
        }
    }
}
