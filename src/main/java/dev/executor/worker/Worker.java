package dev.executor.worker;

import dev.executor.runtime.Cancellation;
import dev.executor.config.ExecutorConfig;
import dev.executor.queue.NamedThreads;
import dev.executor.recovery.Janitor;
import dev.executor.recovery.JobJournal;
import dev.executor.recovery.Recovery;
import dev.executor.runtime.Runtime;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import dev.executor.queue.Threads;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * The lease side of the executor as one lifecycle: {@link #start()} pings, recovers journaled jobs, then heartbeats
 * and leases, all driven by the Quarkus scheduler ({@code poll}, {@code heartbeat} and {@code janitor} schedules,
 * below); {@link #drain(Duration)} stops dequeuing, lets running jobs finish up to a deadline, then stops the rest
 * and leaves them unmarked for the frontend to re-queue. {@link #retired()} completes when the lease pipeline stops
 * by itself ({@code EXECUTOR_NUM_TOTAL_JOBS}, {@code EXECUTOR_MAX_ACTIVE_TIME}) and every job is reported.
 *
 * <p>The schedules run on Quartz's own threads ({@code quarkus-quartz}: the simple scheduler checks triggers only
 * once a second, which would make a 100 ms poll interval a 1 s one). A poll tick only emits a trigger into the
 * {@link LeasePipeline}; a heartbeat blocks its scheduler thread for one call; the janitor sweeps on its own.
 */
@ApplicationScoped
public class Worker {

    private static final Logger LOG = Logger.getLogger(Worker.class);

    /** How long stopped jobs may take, beyond the grace period, to tear down and flush their logs. */
    public static final Duration ABORT_FLUSH_ALLOWANCE = Duration.ofSeconds(30);

    /** How often the startup ping is repeated until the frontend accepts it. */
    static final Duration PING_RETRY = Duration.ofSeconds(1);

    private final ExecutorConfig config;
    private final Runtime runtime;
    private final RunningJobs running;
    private final Heartbeats heartbeats;
    private final LeasePipeline pipeline;
    private final JobProcessor processor;
    private final Recovery recovery;
    private final Janitor janitor;
    private final LeaseSwitch schedules;
    private final ExecutorService leaseThread;
    private final CompletableFuture<String> retired = new CompletableFuture<>();
    /** Completes when the worker's life (ping, recovery, the lease pipeline and every job in it) has ended. */
    private final CompletableFuture<Void> idle = new CompletableFuture<>();
    private Cancellable life;
    private boolean leasing;
    private volatile boolean draining;
    private volatile boolean started;

    public Worker(ExecutorConfig config, Runtime runtime, RunningJobs running, Heartbeats heartbeats,
            LeasePipeline pipeline, JobProcessor processor, Recovery recovery, Janitor janitor, LeaseSwitch schedules,
            @Threads(WorkerProducer.LEASE_THREAD) ExecutorService leaseThread) {
        this.config = config;
        this.runtime = runtime;
        this.running = running;
        this.heartbeats = heartbeats;
        this.pipeline = pipeline;
        this.processor = processor;
        this.recovery = recovery;
        this.janitor = janitor;
        this.schedules = schedules;
        this.leaseThread = leaseThread;
    }

    /** Collects telemetry, pings until accepted, recovers, then heartbeats and leases; returns at once. */
    public synchronized void start() {
        if (started) {
            return;
        }
        started = true;
        // Telemetry (up to 5 s) is gathered alongside the ping, which carries none; heartbeats pick it up when ready.
        NamedThreads.factory("telemetry").newThread(
                () -> heartbeats.telemetry(TelemetryCollector.collect(runtime, config.advertisedVersion()))).start();
        life = heartbeats.pingUntilAccepted(PING_RETRY)
                .emitOn(leaseThread)
                .onItem().transform(ignored -> recoverJournaledJobs())
                .onItem().transformToUni(this::lease)
                .onTermination().invoke(() -> {
                    schedules.polling(false);
                    idle.complete(null);
                })
                .subscribe().with(reason -> {
                    if (reason != null) {
                        retired.complete(reason);
                    }
                }, failure -> LOG.errorf(failure, "The lease pipeline failed"));
    }

    /** From the first dequeue on: heartbeats, janitor and poll ticks act, until the pipeline has drained. */
    private synchronized Uni<String> lease(List<Uni<Void>> resumed) {
        if (draining) {
            return Uni.createFrom().nullItem();
        }
        leasing = true;
        schedules.sweeping(true);
        schedules.beating(true);
        schedules.polling(true);
        return pipeline.run(resumed);
    }

    /**
     * Before the first dequeue: finishes the jobs an earlier process left that the frontend still considers ours
     * (they go first through the pipeline), cleans up after the rest, then lets the janitor remove whatever else no
     * job owns.
     */
    private List<Uni<Void>> recoverJournaledJobs() {
        List<Uni<Void>> resumed = new ArrayList<>();
        try {
            for (JobJournal journal : recovery.recover()) {
                resumed.add(processor.resume(journal));
            }
        } catch (RuntimeException e) {
            LOG.errorf(e, "Recovering journaled jobs failed; the janitor will clean up after them");
        }
        janitor.run();
        return resumed;
    }

    /** The {@code poll} schedule: {@code EXECUTOR_QUEUE_POLL_INTERVAL}; a tick is a trigger into the pipeline. */
    @Scheduled(identity = "poll", every = "${executor.schedule.poll}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = LeaseSwitch.NotPolling.class)
    void pollTick() {
        pipeline.tick();
    }

    /** The {@code heartbeat} schedule: {@code EXECUTOR_HEARTBEAT_INTERVAL}, on the scheduler's thread. */
    @Scheduled(identity = "heartbeat", every = "${executor.schedule.heartbeat}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = LeaseSwitch.NotBeating.class)
    void heartbeatTick() {
        heartbeats.beat();
    }

    /** The {@code janitor} schedule: {@code EXECUTOR_CLEANUP_TASK_INTERVAL}. */
    @Scheduled(identity = "janitor", every = "${executor.schedule.janitor}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = LeaseSwitch.NotSweeping.class)
    void janitorTick() {
        janitor.run();
    }

    /**
     * Stops dequeuing at once and waits for running jobs up to {@code timeout} (zero waits forever); jobs
     * still running then are stopped and left unmarked. Returns when every job has been dealt with.
     */
    public void drain(Duration timeout) {
        stopLeasing();
        LOG.infof("Draining: %d job(s) running, deadline %s", running.size(), timeout.isZero() ? "none" : timeout);
        if (!awaitIdle(timeout.isZero() ? null : timeout)) {
            abortRunningJobs();
        }
    }

    /**
     * Stops every running job now; they are left unmarked for the frontend to re-queue. Waits for their
     * containers to stop ({@code EXECUTOR_CANCEL_GRACE_PERIOD}) and their logs to be flushed, at most
     * {@link #ABORT_FLUSH_ALLOWANCE} beyond the grace period.
     */
    public void abortRunningJobs() {
        stopLeasing();
        if (running.size() > 0) {
            LOG.warnf("Stopping %d running job(s); the frontend will re-queue them", running.size());
        }
        running.closeWith(Cancellation.Reason.SHUTDOWN);
        if (!awaitIdle(config.cancelGracePeriod().plus(ABORT_FLUSH_ALLOWANCE))) {
            LOG.warnf("%d job(s) still finishing after the grace period; exiting anyway", running.size());
        }
    }

    /** No more dequeues; before the pipeline runs (still pinging or recovering) that ends the worker's life. */
    private synchronized void stopLeasing() {
        draining = true;
        pipeline.stop();
        if (!leasing) {
            if (life != null) {
                life.cancel();
            }
            idle.complete(null);
        }
    }

    private boolean awaitIdle(Duration timeout) {
        try {
            if (timeout == null) {
                idle.get();
            } else {
                idle.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException | TimeoutException e) {
            return false;
        }
    }

    /**
     * Ends the worker's own activity once the application is done with it: no more dequeues or heartbeats
     * (the frontend resets whatever was left unmarked). Also runs when the container shuts down.
     */
    @PreDestroy
    public void stop() {
        schedules.beating(false);
        schedules.sweeping(false);
        if (started) {
            stopLeasing();
        }
        schedules.polling(false);
    }

    public CompletableFuture<String> retired() {
        return retired;
    }

    /** True once the worker takes no more jobs: draining, or retired by total jobs or active time. */
    public boolean draining() {
        return draining || pipeline.stopped();
    }

    public boolean started() {
        return started;
    }

    public Heartbeats heartbeat() {
        return heartbeats;
    }

    public int runningJobs() {
        return running.size();
    }
}
