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
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Takes a dequeued (or recovered) job through its life: join the running set, arm the deadline, run the pipeline
 * (on a job thread), report the outcome, drop its journal, leave the running set, in that order, so the heartbeat
 * covers the job until the frontend has its outcome. Each life is a {@link Uni} that completes when the job has
 * been dealt with; it never fails. The slot the job holds is the lease pipeline's ({@link LeasePipeline}), not
 * this class's: the job holds it for exactly as long as the {@code Uni} runs.
 */
public final class JobProcessor implements LeasePipeline.Jobs {

    private static final Logger LOG = Logger.getLogger(JobProcessor.class);

    private final JobRunner runner;
    private final QueueClient client;
    private final JobReporter reporter;
    private final RunningJobs running;
    private final Executor jobThreads;
    private final ScheduledExecutorService timers;
    private final Duration maximumRuntime;
    private final OperationMetrics metrics;
    private final JobJournals journals;
    private final Duration finalizeTimeout;
    private final ExecutorMetrics executorMetrics;

    public JobProcessor(JobRunner runner, QueueClient client, JobReporter reporter, RunningJobs running,
            Executor jobThreads, ScheduledExecutorService timers, Duration maximumRuntime, OperationMetrics metrics,
            JobJournals journals, Duration finalizeTimeout, ExecutorMetrics executorMetrics) {
        this.runner = runner;
        this.client = client;
        this.reporter = reporter;
        this.running = running;
        this.jobThreads = jobThreads;
        this.timers = timers;
        this.maximumRuntime = maximumRuntime;
        this.metrics = metrics;
        this.journals = journals;
        this.finalizeTimeout = finalizeTimeout;
        this.executorMetrics = executorMetrics;
    }

    /** The job's life; completes once it is reported (or found to be a duplicate). */
    @Override
    public Uni<Void> process(Job job, JobRef ref) {
        return Uni.createFrom().deferred(() -> {
            try (JobMdc.Scope ignored = JobMdc.enter(ref.id(), ref.queue())) {
                LOG.infof("Running job %d of queue %s", ref.id(), ref.queue());
                return launch(ref, maximumRuntime.isZero() ? null : Instant.now().plus(maximumRuntime),
                        (sink, control) -> runner.run(job, ref, sink, control));
            }
        });
    }

    /**
     * Finishes a job an earlier process of this executor was running (its journal says how far it got). The journal's
     * expiry keeps the job's original deadline.
     */
    public Uni<Void> resume(JobJournal journal) {
        return Uni.createFrom().deferred(() -> {
            JobRef ref = journal.ref();
            String expires = journal.state().expiresAt;
            try (JobMdc.Scope ignored = JobMdc.enter(ref.id(), ref.queue())) {
                return launch(ref, expires == null ? null : Instant.parse(expires),
                        (sink, control) -> runner.resume(journal, sink, control));
            }
        });
    }

    private interface Body {
        Uni<JobOutcome> run(QueueLogSink sink, Cancellation control);
    }

    private Uni<Void> launch(JobRef ref, Instant expires, Body body) {
        Cancellation control = new Cancellation();
        if (!running.add(ref, control)) {
            LOG.errorf("job already exists: job %d queue %s is already running; ignoring the duplicate", ref.id(),
                    ref.queue());
            return Uni.createFrom().voidItem();
        }
        // The runner arms the job's deadline on its cancellation ({@code expires}: the journal keeps it for a resume).
        ScheduledFuture<?> deadline = null;
        long start = System.nanoTime();
        Supplier<Instant> finalizeDeadline = () -> control.finalizeDeadline(finalizeTimeout);
        // The job's pipeline runs on the runner's bounded executor, carrying the job's id and queue on every line it
        // logs (JobMdc); only this subscription happens here.
        return Uni.createFrom().deferred(() -> body.run(new QueueLogSink(client, ref, finalizeDeadline, executorMetrics), control))
                .onFailure().recoverWithItem(e -> {
                    LOG.errorf(e, "job %d: pipeline failed unexpectedly", ref.id());
                    return new JobOutcome.Errored("unexpected executor error: " + e);
                })
                .onItem().transformToUni(outcome -> finish(ref, outcome, deadline, start, finalizeDeadline.get()));
    }

    /**
     * A payload we could not decode still leased a job: report it errored (naming the problem) so it does
     * not sit in processing until the resetter notices.
     */
    @Override
    public Uni<Void> rejectMalformed(dev.executor.queue.DequeueResult.Malformed malformed) {
        if (malformed.ref() == null) {
            LOG.errorf("Dequeued an unreadable job payload with no usable id: %s", malformed.error());
            return Uni.createFrom().voidItem();
        }
        JobRef ref = malformed.ref();
        return Uni.createFrom().deferred(() -> {
            try (JobMdc.Scope ignored = JobMdc.enter(ref.id(), ref.queue())) {
                LOG.errorf("job %d: %s", ref.id(), malformed.error());
            }
            return reporter.report(ref, new JobOutcome.Errored(malformed.error()), Instant.now().plus(finalizeTimeout));
        }).onItem().invoke(() -> executorMetrics.jobFinished(ref.queue(), "errored")).replaceWithVoid();
    }

    /** Reports, then (back on a job thread: file removal blocks) drops the journal and leaves the running set. */
    private Uni<Void> finish(JobRef ref, JobOutcome outcome, ScheduledFuture<?> deadline, long start,
            Instant finalizeDeadline) {
        if (deadline != null) {
            deadline.cancel(false);
        }
        return reporter.report(ref, outcome, finalizeDeadline)
                .onItem().invoke(() -> {
                    metrics.record("Handle", start, !(outcome instanceof JobOutcome.Completed));
                    executorMetrics.jobFinished(ref.queue(), outcome.getClass().getSimpleName());
                })
                .emitOn(jobThreads)
                .eventually(() -> {
                    try (JobMdc.Scope ignored = JobMdc.enter(ref.id(), ref.queue())) {
                        journals.finish(ref); // settled (or given up): a restart has nothing left to do for it
                    } finally {
                        running.remove(ref);
                    }
                })
                .replaceWithVoid();
    }
}
