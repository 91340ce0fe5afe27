package dev.executor.worker;

import dev.executor.runtime.Cancellation;
import dev.executor.queue.FrontendException;
import dev.executor.queue.HeartbeatResponse;
import dev.executor.model.JobRef;
import dev.executor.queue.QueueClient;
import dev.executor.queue.Telemetry;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * One heartbeat per tick (spec §1.5): reports the running set with telemetry and metrics, cancels the
 * jobs the frontend asks to cancel, and aborts the ones it no longer knows. A failed heartbeat never
 * cancels anything (the bug Sourcegraph fixed in PR #44685); it is logged once per failure streak and
 * simply retried at the next tick.
 *
 * <p>Ticks run on a dedicated thread, not on the Quarkus scheduler: its simple scheduler checks
 * triggers only once a second and runs tasks on the shared worker pool, whereas leases depend on this
 * cadence (the frontend resets a job after 25 s without one). Fixed delay on one thread means two
 * heartbeats never overlap, and a slow one (retries against a failing frontend) delays the next
 * instead of queueing a burst.
 */
public final class HeartbeatLoop {

    private static final Logger LOG = Logger.getLogger(HeartbeatLoop.class);

    private final QueueClient client;
    private final RunningJobs running;
    private final Supplier<Telemetry> telemetry;
    private final Supplier<String> metricsText;
    private volatile Instant lastSuccess;
    private boolean failing;
    private ScheduledExecutorService timer;

    public HeartbeatLoop(QueueClient client, RunningJobs running, Supplier<Telemetry> telemetry,
            Supplier<String> metricsText) {
        this.client = client;
        this.running = running;
        this.telemetry = telemetry;
        this.metricsText = metricsText;
    }

    /** When the last heartbeat succeeded, or null before the first. */
    public Instant lastSuccess() {
        return lastSuccess;
    }

    /** Starts beating every {@code interval} on the heartbeat thread; the first beat is one interval away. */
    public synchronized void startBeating(Duration interval) {
        if (timer != null) {
            return;
        }
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "heartbeat");
            t.setDaemon(true);
            t.setPriority(Thread.MAX_PRIORITY);
            return t;
        });
        long millis = Math.max(1, interval.toMillis());
        timer.scheduleWithFixedDelay(this::beat, millis, millis, TimeUnit.MILLISECONDS);
    }

    public synchronized void stopBeating() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    /**
     * One heartbeat. Never throws: an exception escaping a scheduled task would silently end all later
     * heartbeats, and with them every lease.
     */
    public synchronized void beat() {
        List<JobRef> sent = running.refs();
        HeartbeatResponse response;
        try {
            response = client.heartbeat(sent, telemetry.get(), metrics());
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

    /** Pings until the frontend answers 200, so job-token calls are accepted (spec §0.2). */
    public void pingUntilAccepted(java.util.function.BooleanSupplier stopped, long intervalMillis)
            throws InterruptedException {
        boolean warned = false;
        while (!stopped.getAsBoolean()) {
            try {
                client.heartbeat(List.of(), Telemetry.empty(), "");
                lastSuccess = Instant.now();
                LOG.info("Connected to the frontend");
                return;
            } catch (FrontendException e) {
                if (!warned) {
                    LOG.warnf("Waiting for the frontend to accept this executor: %s", e.getMessage());
                    warned = true;
                }
            }
            Thread.sleep(intervalMillis);
        }
    }
}
