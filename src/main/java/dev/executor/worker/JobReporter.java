package dev.executor.worker;

import dev.executor.job.JobOutcome;
import dev.executor.observe.logging.JobMdc;
import dev.executor.queue.FinalCall;
import dev.executor.queue.FrontendException;
import dev.executor.model.JobRef;
import dev.executor.queue.QueueClient;
import io.smallrye.mutiny.Uni;
import java.time.Instant;
import org.jboss.logging.Logger;

/**
 * Tells the frontend how a job ended (spec §1.7, §4.8), retrying through outages until it answers 2xx or 404 or
 * the finalize deadline passes ({@link FinalCall}); the job stays in the running set (so in the heartbeat)
 * meanwhile. A 404 means the job is no longer ours (an unknown or reset job): expected, not an error.
 */
public final class JobReporter {

    private static final Logger LOG = Logger.getLogger(JobReporter.class);

    private final QueueClient client;

    public JobReporter(QueueClient client) {
        this.client = client;
    }

    /** Completes with true when the frontend accepted the outcome (or no report was due); never fails. */
    public Uni<Boolean> report(JobRef ref, JobOutcome outcome, Instant deadline) {
        String what = "reporting job " + ref.id() + " of queue " + ref.queue();
        Uni<QueueClient.MarkResult> call;
        if (outcome instanceof JobOutcome.Completed) {
            call = client.markComplete(ref);
        } else if (outcome instanceof JobOutcome.Errored e) {
            call = client.markErrored(ref, e.message());
        } else if (outcome instanceof JobOutcome.Failed f) {
            call = client.markFailed(ref, f.message());
        } else {
            log(ref, () -> LOG.infof("Leaving job %d of queue %s unmarked for the frontend to re-queue: %s", ref.id(),
                    ref.queue(), ((JobOutcome.Abandoned) outcome).why()));
            return Uni.createFrom().item(true);
        }
        return FinalCall.untilDeadline(what, deadline, call)
                .onItem().transform(result -> {
                    if (result == QueueClient.MarkResult.NOT_FOUND) {
                        log(ref, () -> LOG.infof("Job %d of queue %s is no longer known to the frontend; outcome %s "
                                + "not recorded", ref.id(), ref.queue(), outcome.getClass().getSimpleName()));
                    } else {
                        log(ref, () -> LOG.infof("Marked job %d of queue %s as %s", ref.id(), ref.queue(),
                                outcome.getClass().getSimpleName()));
                    }
                    return true;
                })
                .onFailure().recoverWithItem(e -> {
                    log(ref, () -> LOG.errorf("Failed to finalize record: job %d queue %s: %s", ref.id(), ref.queue(),
                            e.getMessage()));
                    return false;
                });
    }

    /** Answers arrive on an event loop thread, which carries no job context: log with the job's. */
    private static void log(JobRef ref, Runnable line) {
        try (JobMdc.Scope ignored = JobMdc.enter(ref.id(), ref.queue())) {
            line.run();
        }
    }
}
