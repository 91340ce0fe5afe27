package dev.executor.worker;

import dev.executor.job.JobOutcome;
import dev.executor.queue.FinalCall;
import dev.executor.queue.FrontendException;
import dev.executor.model.JobRef;
import dev.executor.queue.QueueClient;
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

    /** Returns true when the frontend accepted the outcome (or no report was due). */
    public boolean report(JobRef ref, JobOutcome outcome, Instant deadline) {
        try {
            QueueClient.MarkResult result;
            String what = "reporting job " + ref.id() + " of queue " + ref.queue();
            if (outcome instanceof JobOutcome.Completed) {
                result = FinalCall.untilDeadline(what, deadline, () -> client.markComplete(ref));
            } else if (outcome instanceof JobOutcome.Errored e) {
                result = FinalCall.untilDeadline(what, deadline, () -> client.markErrored(ref, e.message()));
            } else if (outcome instanceof JobOutcome.Failed f) {
                result = FinalCall.untilDeadline(what, deadline, () -> client.markFailed(ref, f.message()));
            } else {
                LOG.infof("Leaving job %d of queue %s unmarked for the frontend to re-queue: %s", ref.id(),
                        ref.queue(), ((JobOutcome.Abandoned) outcome).why());
                return true;
            }
            if (result == QueueClient.MarkResult.NOT_FOUND) {
                LOG.infof("Job %d of queue %s is no longer known to the frontend; outcome %s not recorded",
                        ref.id(), ref.queue(), outcome.getClass().getSimpleName());
            } else {
                LOG.infof("Marked job %d of queue %s as %s", ref.id(), ref.queue(), outcome.getClass().getSimpleName());
            }
            return true;
        } catch (FrontendException e) {
            LOG.errorf("Failed to finalize record: job %d queue %s: %s", ref.id(), ref.queue(), e.getMessage());
            return false;
        }
    }
}
