package dev.executor.worker;

import dev.executor.runtime.Cancellation;
import dev.executor.job.JobOutcome;
import dev.executor.job.JobRunner;
import dev.executor.job.QueueLogSink;
import dev.executor.observe.logging.JobMdc;
import dev.executor.observe.metrics.ExecutorMetrics;
import dev.executor.observe.metrics.OperationMetrics;
import dev.executor.model.Job;
import dev.executor.model.JobRef;
import dev.executor.queue.QueueClient;
import dev.executor.recovery.JobJournal;
import dev.executor.recovery.JobJournals;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Takes a dequeued (or recovered) job through its life on a worker thread: join the running set, arm the
 * deadline, run the pipeline, report the outcome, drop its journal, leave the running set and free the slot, in
 * that order, so the heartbeat covers the job until the frontend has its outcome.
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
    private final JobJournals journals;
    private final Duration finalizeTimeout;
    private final ExecutorMetrics executorMetrics;

    public JobProcessor(JobRunner runner, QueueClient client, JobReporter reporter, RunningJobs running,
            SlotSupplier slots, ExecutorService jobThreads, ScheduledExecutorService timers, Duration maximumRuntime,
            OperationMetrics metrics, JobJournals journals, Duration finalizeTimeout, ExecutorMetrics executorMetrics) {
        this.runner = runner;
        this.client = client;
        this.reporter = reporter;
        this.running = running;
        this.slots = slots;
        this.jobThreads = jobThreads;
        this.timers = timers;
        this.maximumRuntime = maximumRuntime;
        this.metrics = metrics;
        this.journals = journals;
        this.finalizeTimeout = finalizeTimeout;
        this.executorMetrics = executorMetrics;
    }

    /** Starts the job; the caller has taken a slot, which this gives back when the job is reported. */
    public void start(Job job, JobRef ref) {
        try (JobMdc.Scope ignored = JobMdc.enter(ref.id(), ref.queue())) {
            LOG.infof("Running job %d of queue %s", ref.id(), ref.queue());
            launch(ref, maximumRuntime.isZero() ? null : Instant.now().plus(maximumRuntime), true,
                    (sink, control) -> runner.run(job, ref, sink, control));
        }
    }

    /**
     * Finishes a job an earlier process of this executor was running (its journal says how far it got). It takes a
     * free slot if there is one; the journal's expiry keeps the job's original deadline.
     */
    public void resume(JobJournal journal) {
        JobRef ref = journal.ref();
        String expires = journal.state().expiresAt;
        boolean slot;
        try {
            slot = slots.acquire(0, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        try (JobMdc.Scope ignored = JobMdc.enter(ref.id(), ref.queue())) {
            launch(ref, expires == null ? null : Instant.parse(expires), slot,
                    (sink, control) -> runner.resume(journal, sink, control));
        }
    }

    private interface Body {
        Uni<JobOutcome> run(QueueLogSink sink, Cancellation control);
    }

    private void launch(JobRef ref, Instant expires, boolean holdsSlot, Body body) {
        Cancellation control = new Cancellation();
        if (!running.add(ref, control)) {
            LOG.errorf("job already exists: job %d queue %s is already running; ignoring the duplicate", ref.id(),
                    ref.queue());
            if (holdsSlot) {
                slots.release();
            }
            return;
        }
        // The runner arms the job's deadline on its cancellation ({@code expires}: the journal keeps it for a resume).
        ScheduledFuture<?> deadline = null;
        long start = System.nanoTime();
        Supplier<Instant> finalizeDeadline = () -> control.finalizeDeadline(finalizeTimeout);
        // The job's pipeline runs on the runner's bounded executor, carrying the job's id and queue on every line it
        // logs (JobMdc); only this subscription happens here.
        Uni.createFrom().deferred(() -> body.run(new QueueLogSink(client, ref, finalizeDeadline, executorMetrics), control))
                .onFailure().recoverWithItem(e -> {
                    LOG.errorf(e, "job %d: pipeline failed unexpectedly", ref.id());
                    return new JobOutcome.Errored("unexpected executor error: " + e);
                })
                .subscribe().with(outcome -> {
                    try (JobMdc.Scope ignored = JobMdc.enter(ref.id(), ref.queue())) {
                        finish(ref, outcome, deadline, start, finalizeDeadline.get(), holdsSlot);
                    }
                });
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
        try (JobMdc.Scope ignored = JobMdc.enter(malformed.ref().id(), malformed.ref().queue())) {
            LOG.errorf("job %d: %s", malformed.ref().id(), malformed.error());
            reporter.report(malformed.ref(), new JobOutcome.Errored(malformed.error()),
                    Instant.now().plus(finalizeTimeout));
            executorMetrics.jobFinished(malformed.ref().queue(), "errored");
        }
    }

    private void finish(JobRef ref, JobOutcome outcome, ScheduledFuture<?> deadline, long start,
            Instant finalizeDeadline, boolean holdsSlot) {
        try {
            if (deadline != null) {
                deadline.cancel(false);
            }
            reporter.report(ref, outcome, finalizeDeadline);
            metrics.record("Handle", start, !(outcome instanceof JobOutcome.Completed));
            executorMetrics.jobFinished(ref.queue(), outcome.getClass().getSimpleName());
        } finally {
            journals.finish(ref); // settled (or given up): a restart has nothing left to do for it
            running.remove(ref);
            if (holdsSlot) {
                slots.release();
            }
        }
    }
}
