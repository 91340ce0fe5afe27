package dev.executor.worker;

import dev.executor.job.CancelReason;
import dev.executor.job.JobControl;
import dev.executor.job.JobOutcome;
import dev.executor.job.JobRunner;
import dev.executor.job.QueueLogSink;
import dev.executor.observe.metrics.OperationMetrics;
import dev.executor.queue.Job;
import dev.executor.queue.JobRef;
import dev.executor.queue.QueueClient;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Takes a dequeued job through its life on a worker thread: join the running set, arm the deadline,
 * run the pipeline, report the outcome, leave the running set and free the slot, in that order, so the
 * heartbeat covers the job until the frontend has its outcome.
 */
public final class JobProcessor {

    private static final Logger LOG = Logger.getLogger(JobProcessor.class);

    private final JobRunner runner;
    private final QueueClient client;
    private final JobReporter reporter;
    private final RunningJobs running;
    private final SlotSupplier slots;
    private final ExecutorService jobThreads;
    private final ScheduledExecutorService timers;
    private final Duration maximumRuntime;
    private final OperationMetrics metrics;

    public JobProcessor(JobRunner runner, QueueClient client, JobReporter reporter, RunningJobs running,
            SlotSupplier slots, ExecutorService jobThreads, ScheduledExecutorService timers, Duration maximumRuntime,
            OperationMetrics metrics) {
        this.runner = runner;
        this.client = client;
        this.reporter = reporter;
        this.running = running;
        this.slots = slots;
        this.jobThreads = jobThreads;
        this.timers = timers;
        this.maximumRuntime = maximumRuntime;
        this.metrics = metrics;
    }

    /** Starts the job; the caller has taken a slot, which this gives back when the job is reported. */
    public void start(Job job, JobRef ref) {
        JobControl control = new JobControl();
        if (!running.add(ref, control)) {
            LOG.errorf("job already exists: job %d queue %s is already running; ignoring the duplicate", ref.id(),
                    ref.queue());
            slots.release();
            return;
        }
        ScheduledFuture<?> deadline = maximumRuntime.isZero() ? null
                : timers.schedule(() -> control.cancel(CancelReason.DEADLINE), maximumRuntime.toMillis(),
                        TimeUnit.MILLISECONDS);
        long start = System.nanoTime();
        LOG.infof("Running job %d of queue %s", ref.id(), ref.queue());
        Uni.createFrom().item(() -> runner.run(job, ref, new QueueLogSink(client, ref), control))
                .runSubscriptionOn(jobThreads)
                .onFailure().recoverWithItem(e -> {
                    LOG.errorf(e, "job %d: pipeline failed unexpectedly", ref.id());
                    return new JobOutcome.Errored("unexpected executor error: " + e);
                })
                .subscribe().with(outcome -> finish(ref, outcome, deadline, start));
    }

    /**
     * A payload we could not decode still leased a job: report it errored (naming the problem) so it does
     * not sit in processing until the resetter notices.
     */
    public void rejectMalformed(dev.executor.queue.DequeueResult.Malformed malformed) {
        if (malformed.ref() == null) {
            LOG.errorf("Dequeued an unreadable job payload with no usable id: %s", malformed.error());
            return;
        }
        LOG.errorf("job %d: %s", malformed.ref().id(), malformed.error());
        reporter.report(malformed.ref(), new JobOutcome.Errored(malformed.error()));
    }

    private void finish(JobRef ref, JobOutcome outcome, ScheduledFuture<?> deadline, long start) {
        try {
            if (deadline != null) {
                deadline.cancel(false);
            }
            reporter.report(ref, outcome);
            metrics.record("Handle", start, !(outcome instanceof JobOutcome.Completed));
        } finally {
            running.remove(ref);
            slots.release();
        }
    }
}
