package dev.executor.job;

import dev.executor.config.ExecutorConfig;
import dev.executor.config.HostEnvironment;
import dev.executor.logs.LogSecrets;
import dev.executor.logs.Redactor;
import dev.executor.observe.metrics.CommandMetrics;
import dev.executor.observe.metrics.ExecutorMetrics;
import dev.executor.queue.ExecutorIdentity;
import dev.executor.queue.FilesClient;
import dev.executor.recovery.JobJournals;
import dev.executor.runtime.BoundedExecutors;
import dev.executor.runtime.Runtime;
import dev.executor.workspace.RepositoryCloner;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;

/** CDI wiring for the job pipeline. */
@ApplicationScoped
public class JobRunnerProducer {

    /** How often running entries are considered for an update ({@code logs.UpdatePolicy} decides). */
    static final long LOG_SYNC_MILLIS = 1000;

    @Produces
    @Singleton
    JobRunner jobRunner(ExecutorConfig config, ExecutorIdentity identity, Runtime runtime, RepositoryCloner cloner,
            FilesClient files, JobJournals journals, CommandMetrics commandMetrics, ExecutorMetrics executorMetrics,
            HostEnvironment host) {
        JobSettings settings = JobSettings.of(config, identity.name(), config.keepWorkspaces());
        // The executor's own secrets are masked in its log for as long as it runs.
        LogSecrets.register(Redactor.forJob(settings.executorSecrets(), Map.of()));
        return new JobRunner(settings, runtime, cloner, ref -> (bucket, key) -> files.open(ref, bucket, key),
                logSyncThreads(2), LOG_SYNC_MILLIS, journals, commandMetrics, executorMetrics, host,
                BoundedExecutors.fixed("job-work", JobRunner.workThreads(config.maximumNumJobs())));
    }

    /**
     * Daemon threads {@code log-sync-N} for the log-entry ticks (each tick only hands updates to the sink): they
     * must never keep the process alive.
     */
    public static ScheduledExecutorService logSyncThreads(int count) {
        return BoundedExecutors.scheduled("log-sync", count);
    }
}
