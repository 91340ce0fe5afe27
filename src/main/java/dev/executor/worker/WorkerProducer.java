package dev.executor.worker;

import dev.executor.config.ExecutorConfig;
import dev.executor.job.JobRunner;
import dev.executor.observe.metrics.ExecutorMetrics;
import dev.executor.observe.metrics.OperationMetrics;
import dev.executor.queue.DequeueRequest;
import dev.executor.queue.ExecutorIdentity;
import dev.executor.queue.NamedThreads;
import dev.executor.queue.QueueClient;
import dev.executor.recovery.DequeueGate;
import dev.executor.recovery.Janitor;
import dev.executor.recovery.JobJournals;
import dev.executor.recovery.Recovery;
import dev.executor.runtime.Runtime;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import dev.executor.queue.Threads;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The lease side's part of the composition root: the running set, the job life ({@link JobProcessor}), heartbeats,
 * recovery, the janitor, the dequeue gate and the lease pipeline, and the bounded, named threads they run on. Every
 * one a singleton built from the one {@link ExecutorConfig}.
 */
@ApplicationScoped
public class WorkerProducer {

    /** Where a job's blocking pipeline runs: {@code EXECUTOR_MAXIMUM_NUM_JOBS} threads, one per slot. */
    public static final String JOB_THREADS = "job";
    /** Where dequeues start and the gate is checked (never the event loop; never the job pool). */
    public static final String LEASE_THREAD = "lease";
    /** Fires jobs' deadlines ({@code EXECUTOR_MAXIMUM_RUNTIME_PER_JOB}). */
    public static final String DEADLINE_TIMER = "job-deadline";

    @Produces
    @Singleton
    RunningJobs runningJobs(ExecutorConfig config, MeterRegistry registry) {
        RunningJobs running = new RunningJobs(config.multiQueue());
        Gauge.builder("src_executor_processor_handlers", running, RunningJobs::size)
                .tags(Tags.of("queue", config.queueLabel())).register(registry);
        return running;
    }

    /**
     * One thread per slot: the pipeline lets at most {@code EXECUTOR_MAXIMUM_NUM_JOBS} jobs in flight, and a job's
     * blocking steps hold its thread. Idle threads end after a minute.
     */
    @Produces
    @Singleton
    @Threads(JOB_THREADS)
    ExecutorService jobThreads(ExecutorConfig config) {
        int size = Math.max(1, config.maximumNumJobs());
        ThreadPoolExecutor pool = new ThreadPoolExecutor(size, size, 1, TimeUnit.MINUTES, new LinkedBlockingQueue<>(),
                NamedThreads.factory(JOB_THREADS));
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    @Produces
    @Singleton
    @Threads(LEASE_THREAD)
    ExecutorService leaseThread() {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(1, 1, 1, TimeUnit.MINUTES, new LinkedBlockingQueue<>(),
                NamedThreads.factory(LEASE_THREAD));
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    @Produces
    @Singleton
    @Threads(DEADLINE_TIMER)
    ScheduledExecutorService deadlineTimer() {
        return NamedThreads.scheduler(DEADLINE_TIMER, 1);
    }

    void close(@Disposes @Threads(JOB_THREADS) ExecutorService pool) {
        pool.shutdownNow();
    }

    void closeLease(@Disposes @Threads(LEASE_THREAD) ExecutorService pool) {
        pool.shutdownNow();
    }

    void closeTimer(@Disposes @Threads(DEADLINE_TIMER) ScheduledExecutorService timer) {
        timer.shutdownNow();
    }

    @Produces
    @Singleton
    Heartbeats heartbeats(QueueClient client, RunningJobs running, Instance<PrometheusMeterRegistry> prometheus,
            ExecutorMetrics executorMetrics) {
        Heartbeats heartbeats = new Heartbeats(client, running,
                () -> prometheus.isResolvable() ? prometheus.get().scrape() : "");
        executorMetrics.watchHeartbeat(heartbeats::lastSuccess);
        return heartbeats;
    }

    @Produces
    @Singleton
    JobProcessor jobProcessor(ExecutorConfig config, JobRunner runner, QueueClient client, RunningJobs running,
            @Threads(JOB_THREADS) ExecutorService jobThreads, @Threads(DEADLINE_TIMER) ScheduledExecutorService timer,
            MeterRegistry registry, JobJournals journals, ExecutorMetrics executorMetrics) {
        return new JobProcessor(runner, client, new JobReporter(client), running, jobThreads, timer,
                config.maximumRuntimePerJob(), new OperationMetrics(registry, "src_executor_processor",
                        Tags.of("queue", config.queueLabel()), 30, 60, 150, 300, 450, 600, 900, 1200, 1800, 2700, 3600),
                journals, config.finalizeTimeout(), executorMetrics);
    }

    @Produces
    @Singleton
    Recovery recovery(ExecutorConfig config, JobJournals journals, Runtime runtime, QueueClient client) {
        return new Recovery(journals, runtime, client, config.keepWorkspaces());
    }

    @Produces
    @Singleton
    Janitor janitor(ExecutorConfig config, Runtime runtime, JobJournals journals, Recovery recovery,
            ExecutorIdentity identity, RunningJobs running, ExecutorMetrics executorMetrics) {
        return new Janitor(runtime, journals, recovery, identity.name(), running::keys,
                config.cancelGracePeriod().plusMinutes(1), executorMetrics);
    }

    @Produces
    @Singleton
    DequeueGate dequeueGate(ExecutorConfig config, Janitor janitor) {
        return new DequeueGate(janitor, List.of(config.workspaceRoot(), config.stateDir()), config.minFreeDisk().bytes());
    }

    @Produces
    @Singleton
    LeasePipeline leasePipeline(ExecutorConfig config, QueueClient client, JobProcessor processor, DequeueGate gate,
            ExecutorMetrics executorMetrics, @Threads(LEASE_THREAD) ExecutorService leaseThread) {
        return new LeasePipeline(client, processor, dequeueRequest(config, client.executorName()),
                config.maximumNumJobs(), config.numTotalJobs(), config.maxActiveTime(), gate, executorMetrics,
                leaseThread);
    }

    static DequeueRequest dequeueRequest(ExecutorConfig config, String executorName) {
        return new DequeueRequest(config.multiQueue() ? config.queueNames() : null, executorName,
                config.advertisedVersion(), config.jobNumCpus() == 0 ? null : config.jobNumCpus(),
                config.jobMemory().text(), config.diskSpace().text());
    }
}
