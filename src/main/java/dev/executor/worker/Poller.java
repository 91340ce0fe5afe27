package dev.executor.worker;

import dev.executor.observe.metrics.ExecutorMetrics;
import dev.executor.queue.DequeueRequest;
import dev.executor.queue.DequeueResult;
import dev.executor.queue.FrontendException;
import dev.executor.queue.QueueClient;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.jboss.logging.Logger;

/**
 * The dequeue loop (spec §4.2) on its own thread: wait for a free slot, dequeue, start the job and try
 * again at once; after an empty answer or an error, wait {@code EXECUTOR_QUEUE_POLL_INTERVAL}. A
 * dedicated loop rather than a scheduler tick, because a slot freed by a finished job must be refilled
 * at once and sub-second intervals must hold. Stops for good after {@code EXECUTOR_NUM_TOTAL_JOBS}
 * dequeues or {@code EXECUTOR_MAX_ACTIVE_TIME}.
 */
public final class Poller implements Runnable {

    private static final Logger LOG = Logger.getLogger(Poller.class);

    private final QueueClient client;
    private final SlotSupplier slots;
    private final JobProcessor processor;
    private final DequeueRequest request;
    private final Duration pollInterval;
    private final int numTotalJobs;
    private final Instant activeUntil;
    private final BooleanSupplier mayDequeue;
    private final ExecutorMetrics metrics;
    private final Object wakeup = new Object();
    /** When the slot being filled became free ({@link System#nanoTime()}), or 0 when none is waiting. */
    private long slotFreeSince;
    private volatile boolean stopped;
    private volatile String retiredBecause;
    private int dequeued;
    private boolean failing;

    public Poller(QueueClient client, SlotSupplier slots, JobProcessor processor, DequeueRequest request,
            Duration pollInterval, int numTotalJobs, Duration maxActiveTime, BooleanSupplier mayDequeue,
            ExecutorMetrics metrics) {
        this.client = client;
        this.slots = slots;
        this.processor = processor;
        this.request = request;
        this.pollInterval = pollInterval;
        this.numTotalJobs = numTotalJobs;
        this.activeUntil = maxActiveTime.isZero() ? null : Instant.now().plus(maxActiveTime);
        this.mayDequeue = mayDequeue;
        this.metrics = metrics;
    }

    /** Stops dequeuing at once; a job already being dequeued still starts. */
    public void stop() {
        stopped = true;
        synchronized (wakeup) {
            wakeup.notifyAll();
        }
    }

    public boolean stopped() {
        return stopped;
    }

    /** Why the poller retired by itself (total jobs, active time), or null. */
    public String retiredBecause() {
        return retiredBecause;
    }

    @Override
    public void run() {
        try {
            while (!stopped) {
                if (retireIfDue()) {
                    return;
                }
                if (!slots.acquire(200, TimeUnit.MILLISECONDS)) {
                    continue;
                }
                if (slotFreeSince == 0) {
                    slotFreeSince = System.nanoTime();
                }
                if (stopped || !mayDequeue.getAsBoolean()) {
                    slots.release();
                    pause();
                    continue;
                }
                if (!pollOnce()) {
                    pause();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.info("Shutting down dequeue loop");
    }

    /** One dequeue with a slot held; returns true when a job was started (so poll again at once). */
    private boolean pollOnce() {
        DequeueResult result;
        try {
            result = client.dequeue(request);
        } catch (FrontendException e) {
            slots.release();
            // Once per failure streak, like heartbeats: an operator needs the reason once, not every poll interval.
            if (failing) {
                LOG.debugf("Dequeue failed: %s", e.getMessage());
            } else {
                LOG.warnf("Dequeue failed (retrying every poll interval): %s", e.getMessage());
                failing = true;
            }
            return false;
        }
        if (failing) {
            LOG.info("Dequeue recovered");
            failing = false;
        }
        if (result instanceof DequeueResult.Dequeued d) {
            dequeued++;
            metrics.slotWaited(Duration.ofNanos(System.nanoTime() - slotFreeSince));
            slotFreeSince = 0;
            processor.start(d.job(), d.ref());
            return true;
        }
        slots.release();
        if (result instanceof DequeueResult.Malformed m) {
            processor.rejectMalformed(m);
            return true;
        }
        return false;
    }

    private boolean retireIfDue() {
        String why = null;
        if (numTotalJobs > 0 && dequeued >= numTotalJobs) {
            why = "NumTotalJobs dequeued";
        } else if (activeUntil != null && Instant.now().isAfter(activeUntil)) {
            why = "MaxActiveTime elapsed";
        }
        if (why != null) {
            retiredBecause = why;
            stopped = true;
            LOG.infof("Shutting down dequeue loop: %s", why);
        }
        return why != null;
    }

    private void pause() throws InterruptedException {
        long millis = pollInterval.toMillis();
        if (millis <= 0 || stopped) {
            return;
        }
        synchronized (wakeup) {
            wakeup.wait(millis);
        }
    }
}
