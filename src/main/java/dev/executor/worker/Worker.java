package dev.executor.worker;

import dev.executor.runtime.Cancellation;
import dev.executor.config.ExecutorConfig;

import dev.executor.job.JobRunner;
import dev.executor.observe.metrics.ExecutorMetrics;
import dev.executor.observe.metrics.OperationMetrics;
import dev.executor.queue.DequeueRequest;
import dev.executor.queue.QueueClient;
import dev.executor.queue.Telemetry;
import dev.executor.recovery.DequeueGate;
import dev.executor.recovery.Janitor;
import dev.executor.recovery.JobJournal;
import dev.executor.recovery.JobJournals;
import dev.executor.recovery.Recovery;
import dev.executor.runtime.Runtime;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.Scheduler;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.jboss.logging.Logger;

/**
 * The lease side of the executor as one lifecycle: {@link #start()} pings, then polls and heartbeats;
 * {@link #drain(Duration)} stops dequeuing, lets running jobs finish up to a deadline, then stops the
 * rest and leaves them unmarked for the frontend to re-queue. {@link #retired()} completes when the
 * poller stops by itself ({@code EXECUTOR_NUM_TOTAL_JOBS}, {@code EXECUTOR_MAX_ACTIVE_TIME}) and every
 * job is reported.
 */
@ApplicationScoped
public class Worker {

    private static final Logger LOG = Logger.getLogger(Worker.class);

    /** How long stopped jobs may take, beyond the grace period, to tear down and flush their logs. */
    public static final Duration ABORT_FLUSH_ALLOWANCE = Duration.ofSeconds(30);

    private final ExecutorConfig config;
    private final QueueClient client;
    private final Runtime runtime;
    private final Scheduler scheduler;
    private final MeterRegistry registry;
    private final RunningJobs running;
    private final SlotSupplier slots;
    private final HeartbeatLoop heartbeat;
    private final Poller poller;
    private final JobProcessor processor;
    private final Recovery recovery;
    private final Janitor janitor;
    private final ExecutorService jobThreads = Executors.newCachedThreadPool(daemon("job"));
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(daemon("job-timer"));
    private final CompletableFuture<String> retired = new CompletableFuture<>();
    private volatile Telemetry telemetry = Telemetry.empty();
    private volatile boolean draining;
    private volatile boolean started;

    public Worker(ExecutorConfig config, QueueClient client, JobRunner runner, Runtime runtime, Scheduler scheduler,
            MeterRegistry registry, Instance<PrometheusMeterRegistry> prometheus, JobJournals journals,
            ExecutorMetrics executorMetrics) {
        this.config = config;
        this.client = client;
        this.runtime = runtime;
        this.scheduler = scheduler;
        this.registry = registry;
        this.running = new RunningJobs(config.multiQueue());
        this.slots = new SlotSupplier(config.maximumNumJobs());
        this.heartbeat = new HeartbeatLoop(client, running, () -> telemetry,
                () -> prometheus.isResolvable() ? prometheus.get().scrape() : "");
        Tags queueTag = Tags.of("queue", config.queueLabel());
        this.processor = new JobProcessor(runner, client, new JobReporter(client), running, slots, jobThreads,
                timers, config.maximumRuntimePerJob(), new OperationMetrics(registry, "src_executor_processor", queueTag,
                        30, 60, 150, 300, 450, 600, 900, 1200, 1800, 2700, 3600), journals, config.finalizeTimeout(),
                executorMetrics);
        this.recovery = new Recovery(journals, runtime, client, config.keepWorkspaces());
        this.janitor = new Janitor(runtime, journals, recovery, client.executorName(), this::runningJobKeys,
                config.cancelGracePeriod().plusMinutes(1), executorMetrics);
        DequeueGate gate = new DequeueGate(janitor, java.util.List.of(config.workspaceRoot(), config.stateDir()),
                config.minFreeDisk().bytes());
        Gauge.builder("src_executor_processor_handlers", running, RunningJobs::size).tags(queueTag).register(registry);
        executorMetrics.watchHeartbeat(heartbeat::lastSuccess);
        this.poller = new Poller(client, slots, processor, dequeueRequest(config, client.executorName()),
                config.pollInterval(), config.numTotalJobs(), config.maxActiveTime(), () -> !draining && gate.getAsBoolean(),
                executorMetrics);
    }

    static DequeueRequest dequeueRequest(ExecutorConfig config, String executorName) {
        return new DequeueRequest(config.multiQueue() ? config.queueNames() : null, executorName,
                config.advertisedVersion(), config.jobNumCpus() == 0 ? null : config.jobNumCpus(),
                config.jobMemory().text(), config.diskSpace().text());
    }

    /** Collects telemetry, pings until accepted, then heartbeats and polls; returns at once. */
    public synchronized void start() {
        if (started) {
            return;
        }
        started = true;
        // Telemetry (up to 5 s) is gathered alongside the ping, which carries none; heartbeats pick it up when ready.
        Thread probe = daemon("telemetry").newThread(
                () -> telemetry = TelemetryCollector.collect(runtime, config.advertisedVersion()));
        probe.start();
        Thread loop = daemon("poller").newThread(() -> {
            try {
                heartbeat.pingUntilAccepted(poller::stopped, 1000);
            } catch (InterruptedException e) {
                return;
            }
            recoverJournaledJobs();
            scheduler.newJob("janitor")
                    .setInterval("PT" + Math.max(1, config.cleanupTaskInterval().toMillis()) / 1000.0 + "S")
                    .setConcurrentExecution(Scheduled.ConcurrentExecution.SKIP)
                    .setTask(execution -> janitor.run())
                    .schedule();
            heartbeat.startBeating(config.heartbeatInterval());
            poller.run();
            awaitIdle(null);
            if (poller.retiredBecause() != null) {
                retired.complete(poller.retiredBecause());
            }
        });
        loop.start();
    }

    /**
     * Before the first dequeue: finishes the jobs an earlier process left that the frontend still considers ours,
     * cleans up after the rest, then lets the janitor remove whatever else no job owns.
     */
    private void recoverJournaledJobs() {
        try {
            for (JobJournal journal : recovery.recover()) {
                processor.resume(journal);
            }
        } catch (RuntimeException e) {
            LOG.errorf(e, "Recovering journaled jobs failed; the janitor will clean up after them");
        }
        janitor.run();
    }

    private java.util.Set<String> runningJobKeys() {
        java.util.Set<String> keys = new java.util.HashSet<>();
        running.refs().forEach(r -> keys.add(r.id() + "-" + r.queue()));
        return keys;
    }

    /**
     * Stops dequeuing at once and waits for running jobs up to {@code timeout} (zero waits forever); jobs
     * still running then are stopped and left unmarked. Returns when every job has been dealt with.
     */
    public void drain(Duration timeout) {
        draining = true;
        poller.stop();
        LOG.infof("Draining: %d job(s) running, deadline %s", running.size(), timeout.isZero() ? "none" : timeout);
        Instant deadline = timeout.isZero() ? null : Instant.now().plus(timeout);
        if (!awaitIdle(deadline)) {
            abortRunningJobs();
        }
    }

    /**
     * Stops every running job now; they are left unmarked for the frontend to re-queue. Waits for their
     * containers to stop ({@code EXECUTOR_CANCEL_GRACE_PERIOD}) and their logs to be flushed, at most
     * {@link #ABORT_FLUSH_ALLOWANCE} beyond the grace period.
     */
    public void abortRunningJobs() {
        draining = true;
        poller.stop();
        if (running.size() > 0) {
            LOG.warnf("Stopping %d running job(s); the frontend will re-queue them", running.size());
        }
        running.closeWith(Cancellation.Reason.SHUTDOWN);
        if (!awaitIdle(Instant.now().plus(config.cancelGracePeriod()).plus(ABORT_FLUSH_ALLOWANCE))) {
            LOG.warnf("%d job(s) still finishing after the grace period; exiting anyway", running.size());
        }
    }

    private boolean awaitIdle(Instant deadline) {
        while (running.size() > 0 || slots.inUse() > 0) {
            if (deadline != null && Instant.now().isAfter(deadline)) {
                return false;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    /**
     * Ends the worker's own activity once the application is done with it: no more dequeues or heartbeats
     * (the frontend resets whatever was left unmarked). Also runs when the container shuts down.
     */
    @PreDestroy
    public void stop() {
        poller.stop();
        heartbeat.stopBeating();
    }

    public CompletableFuture<String> retired() {
        return retired;
    }

    /** True once the worker takes no more jobs: draining, or retired by total jobs or active time. */
    public boolean draining() {
        return draining || poller.stopped();
    }

    public boolean started() {
        return started;
    }

    public HeartbeatLoop heartbeat() {
        return heartbeat;
    }

    public int runningJobs() {
        return running.size();
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
