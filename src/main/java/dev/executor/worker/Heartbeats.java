package dev.executor.worker;

import dev.executor.runtime.Cancellation;
import dev.executor.queue.FrontendException;
import dev.executor.queue.HeartbeatResponse;
import dev.executor.model.JobRef;
import dev.executor.queue.QueueClient;
import dev.executor.queue.Telemetry;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * One heartbeat per tick of the {@code heartbeat} schedule ({@link Worker#heartbeatTick()}, spec §1.5): reports the
 * running set with telemetry and metrics, cancels the jobs the frontend asks to cancel, and aborts the ones it no
 * longer knows. A failed heartbeat never cancels anything (the bug Sourcegraph fixed in PR #44685); it is logged once
 * per failure streak and simply retried at the next tick.
 *
 * <p>Beats run on the scheduler's own thread (Quartz, {@code run-blocking-scheduled-method-on-quartz-thread}), never
 * on the job pool or Quarkus's worker pool, so however busy jobs keep those, a heartbeat starts on time; with
 * {@code SKIP}, a slow beat (retries against a failing frontend) makes the next tick pass instead of queueing a burst.
 */
public final class Heartbeats {

    private static final Logger LOG = Logger.getLogger(Heartbeats.class);

    private final QueueClient client;
    private final RunningJobs running;
    private final Supplier<String> metricsText;
    private volatile Telemetry telemetry = Telemetry.empty();
    private volatile Instant lastSuccess;
    private boolean failing;

    public Heartbeats(QueueClient client, RunningJobs running, Supplier<String> metricsText) {
        this.client = client;
        this.running = running;
        this.metricsText = metricsText;
    }

    /** What the following heartbeats report about this host (gathered once, after start). */
    public void telemetry(Telemetry gathered) {
        telemetry = gathered;
    }

    /** When the last heartbeat succeeded, or null before the first. */
    public Instant lastSuccess() {
        return lastSuccess;
    }

    /**
     * One heartbeat, on the calling (scheduler) thread. Never throws: a tick that fails is reported and the next one
     * tries again.
     */
    public synchronized void beat() {
        List<JobRef> sent = running.refs();
        HeartbeatResponse response;
        try {
            response = client.heartbeat(sent, telemetry, metrics()).await().indefinitely();
        } catch (RuntimeException e) {
            if (!failing) {
                LOG.warnf("Failed to refresh heartbeats (jobs keep running; retrying every tick): %s",
                        e instanceof FrontendException ? e.getMessage() : e.toString());
                failing = true;
            }
            return;
        }
        lastSuccess = Instant.now();
        if (failing) {
            LOG.info("Heartbeats recovered");
            failing = false;
        }
        try {
            apply(sent, response);
        } catch (RuntimeException e) {
            LOG.errorf(e, "Applying the heartbeat response failed");
        }
    }

    /** The Prometheus text; a failure still sends the heartbeat, with no metrics (spec §1.5). */
    private String metrics() {
        try {
            return metricsText.get();
        } catch (RuntimeException e) {
            LOG.debugf("gathering metrics for the heartbeat failed: %s", e);
            return "";
        }
    }

    private void apply(List<JobRef> sent, HeartbeatResponse response) {
        Set<String> known = new HashSet<>(response.knownIdsOrEmpty());
        for (JobRef ref : sent) {
            String uid = ref.uid(client.multiQueue());
            RunningJobs.Running job = running.get(uid);
            if (job != null && !known.contains(uid)) {
                LOG.warnf("Removed unknown job from running set: job %d queue %s", ref.id(), ref.queue());
                job.control().cancel(Cancellation.Reason.UNKNOWN_TO_FRONTEND);
            }
        }
        for (String uid : response.cancelIdsOrEmpty()) {
            RunningJobs.Running job = running.get(uid);
            if (job != null) {
                LOG.infof("Found job to cancel: job %d queue %s", job.ref().id(), job.ref().queue());
                job.control().cancel(Cancellation.Reason.CANCELED);
            }
        }
    }

    /**
     * The startup ping (spec §0.2), repeated every {@code retryEvery} until the frontend answers 200, so job-token
     * calls are accepted. The reason it is refused is logged once. Cancel the subscription to give up.
     */
    public Uni<Void> pingUntilAccepted(Duration retryEvery) {
        AtomicBoolean warned = new AtomicBoolean();
        return Uni.createFrom().deferred(() -> client.heartbeat(List.of(), Telemetry.empty(), ""))
                .onFailure().invoke(e -> {
                    if (warned.compareAndSet(false, true)) {
                        LOG.warnf("Waiting for the frontend to accept this executor: %s", e.getMessage());
                    }
                })
                .onFailure().retry().withBackOff(retryEvery, retryEvery).withJitter(0).indefinitely()
                .onItem().invoke(() -> {
                    lastSuccess = Instant.now();
                    LOG.info("Connected to the frontend");
                })
                .replaceWithVoid();
    }
}
