package dev.executor.worker;

import dev.executor.observe.metrics.ExecutorMetrics;
import dev.executor.queue.DequeueRequest;
import dev.executor.queue.DequeueResult;
import dev.executor.model.Job;
import dev.executor.model.JobRef;
import dev.executor.queue.QueueClient;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.BackPressureStrategy;
import io.smallrye.mutiny.subscription.MultiEmitter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.jboss.logging.Logger;

/**
 * Leasing as one Mutiny pipeline (spec §4.2): lease triggers → one dequeue at a time → jobs, at most
 * {@code EXECUTOR_MAXIMUM_NUM_JOBS} of them in flight through {@code merge(n)}.
 *
 * <pre>
 * triggers (poll tick | job leased | slot freed; coalesced: BackPressureStrategy.LATEST)
 *   → transformToUniAndConcatenate(dequeue, on the lease thread)   one dequeue at a time, only on demand
 *   → transformToUni(job's life).merge(maxJobs)                    demand = free slots
 * </pre>
 *
 * Demand flows back from {@code merge}: while every slot is busy nothing is requested, so a tick cannot dequeue; it
 * waits (only the latest one) until a job ends. A dequeued job and a freed slot each emit a trigger into the same
 * stream, so a free slot is refilled at once instead of a poll interval later; an empty answer or an error waits for
 * the next {@code EXECUTOR_QUEUE_POLL_INTERVAL} tick. Stopping (drain, retirement after
 * {@code EXECUTOR_NUM_TOTAL_JOBS} dequeues or {@code EXECUTOR_MAX_ACTIVE_TIME}) completes the trigger stream: the
 * dequeue in flight still yields its job, and {@link #run} completes once every job in flight has been reported.
 */
public final class LeasePipeline {

    private static final Logger LOG = Logger.getLogger(LeasePipeline.class);

    /** What the pipeline does with what it leased: a job's whole life (or its rejection) as one {@code Uni}. */
    public interface Jobs {
        Uni<Void> process(Job job, JobRef ref);

        Uni<Void> rejectMalformed(DequeueResult.Malformed malformed);
    }

    private final QueueClient client;
    private final Jobs jobs;
    private final DequeueRequest request;
    private final int maxJobs;
    private final int numTotalJobs;
    private final Instant activeUntil;
    private final BooleanSupplier mayDequeue;
    private final ExecutorMetrics metrics;
    private final Executor leaseThread;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger dequeued = new AtomicInteger();
    /** When the slot being filled became free ({@link System#nanoTime()}), or 0 when none is waiting. */
    private final AtomicLong slotFreeSince = new AtomicLong();
    private volatile MultiEmitter<? super Boolean> triggers;
    private volatile boolean stopped;
    private volatile String retiredBecause;
    private volatile boolean failing;

    public LeasePipeline(QueueClient client, Jobs jobs, DequeueRequest request, int maxJobs, int numTotalJobs,
            Duration maxActiveTime, BooleanSupplier mayDequeue, ExecutorMetrics metrics, Executor leaseThread) {
        this.client = client;
        this.jobs = jobs;
        this.request = request;
        this.maxJobs = Math.max(1, maxJobs);
        this.numTotalJobs = numTotalJobs;
        this.activeUntil = maxActiveTime.isZero() ? null : Instant.now().plus(maxActiveTime);
        this.mayDequeue = mayDequeue;
        this.metrics = metrics;
        this.leaseThread = leaseThread;
    }

    /**
     * The pipeline, subscribed: first the given jobs (recovered ones), then leased ones, each holding a slot. Completes
     * when the pipeline has stopped and every job in it is done, with why it retired by itself, or null.
     */
    public Uni<String> run(List<Uni<Void>> first) {
        Multi<Uni<Void>> leased = Multi.createFrom().<Boolean>emitter(emitter -> {
            triggers = emitter;
            if (stopped) {
                emitter.complete();
            } else {
                emitter.emit(Boolean.TRUE); // the first dequeue at once
            }
        }, BackPressureStrategy.LATEST).onItem().transformToUniAndConcatenate(trigger -> leaseOnce());
        return Multi.createBy().concatenating().streams(Multi.createFrom().iterable(first), leased)
                .onItem().transformToUni(this::holdingASlot).merge(maxJobs)
                .onItem().ignoreAsUni()
                .onItem().transform(ignored -> retiredBecause);
    }

    /** A poll tick ({@code EXECUTOR_QUEUE_POLL_INTERVAL}): dequeue if a slot is free; retire when the time is up. */
    public void tick() {
        if (!retireIfDue()) {
            trigger();
        }
    }

    private void trigger() {
        MultiEmitter<? super Boolean> emitter = triggers;
        if (emitter != null && !stopped) {
            emitter.emit(Boolean.TRUE);
        }
    }

    /** Stops dequeuing at once; a dequeue already in flight still yields its job. */
    public void stop() {
        if (!stopped) {
            stopped = true;
            LOG.info("Shutting down dequeue loop");
        }
        complete();
    }

    public boolean stopped() {
        return stopped;
    }

    /** Why the pipeline retired by itself (total jobs, active time), or null. */
    public String retiredBecause() {
        return retiredBecause;
    }

    /** Jobs holding a slot now. */
    public int inFlight() {
        return inFlight.get();
    }

    private void complete() {
        MultiEmitter<? super Boolean> emitter = triggers;
        if (emitter != null) {
            emitter.complete();
        }
    }

    private Uni<Void> holdingASlot(Uni<Void> job) {
        return job
                .onSubscription().invoke(inFlight::incrementAndGet)
                .onFailure().recoverWithItem(e -> {
                    LOG.errorf(e, "A job's life ended with an unexpected failure");
                    return null;
                })
                .onTermination().invoke(() -> {
                    inFlight.decrementAndGet();
                    slotFreeSince.compareAndSet(0, System.nanoTime());
                    trigger(); // the freed slot takes the next job at once
                });
    }

    /** One dequeue, called only while a slot is free; the item is the job's life, or null when there is none. */
    private Uni<Uni<Void>> leaseOnce() {
        return Uni.createFrom().deferred(() -> {
            if (stopped || retireIfDue() || !mayDequeue.getAsBoolean()) {
                return Uni.createFrom().<Uni<Void>>nullItem();
            }
            slotFreeSince.compareAndSet(0, System.nanoTime());
            return client.dequeue(request).onItemOrFailure().transform(this::leased);
        }).runSubscriptionOn(leaseThread);
    }

    private Uni<Void> leased(DequeueResult result, Throwable failure) {
        if (failure != null) {
            // Once per failure streak, like heartbeats: an operator needs the reason once, not every poll interval.
            if (failing) {
                LOG.debugf("Dequeue failed: %s", failure.getMessage());
            } else {
                LOG.warnf("Dequeue failed (retrying every poll interval): %s", failure.getMessage());
                failing = true;
            }
            return null;
        }
        if (failing) {
            LOG.info("Dequeue recovered");
            failing = false;
        }
        if (result instanceof DequeueResult.Dequeued d) {
            metrics.slotWaited(Duration.ofNanos(System.nanoTime() - slotFreeSince.getAndSet(0)));
            if (numTotalJobs > 0 && dequeued.incrementAndGet() >= numTotalJobs) {
                retire("NumTotalJobs dequeued");
            } else {
                trigger(); // poll again at once: another slot may be free
            }
            return jobs.process(d.job(), d.ref());
        }
        if (result instanceof DequeueResult.Malformed m) {
            trigger();
            return jobs.rejectMalformed(m);
        }
        return null;
    }

    private boolean retireIfDue() {
        if (stopped) {
            return true;
        }
        if (activeUntil != null && Instant.now().isAfter(activeUntil)) {
            retire("MaxActiveTime elapsed");
            return true;
        }
        return false;
    }

    private synchronized void retire(String why) {
        if (stopped) {
            return;
        }
        retiredBecause = why;
        stopped = true;
        LOG.infof("Shutting down dequeue loop: %s", why);
        complete();
    }
}
