package dev.executor.observe.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * The executor's own metrics, beyond Sourcegraph's names: where the time between "a slot is free" and
 * "the step runs" goes, how much log text we upload, how fresh the lease is, and what the janitor
 * cleaned up. Names start with {@code executor_}; each is listed in {@code docs/operations.md}.
 * Histograms and counters without variable labels are registered at construction, so they are
 * scraped (as zero) before the first job and dashboards show a line instead of "no data".
 */
public final class ExecutorMetrics {

    public static final String SLOT_WAIT = "executor_slot_wait";
    public static final String FIRST_CONTAINER = "executor_job_first_container";
    public static final String IMAGE_PULL = "executor_image_pull";
    public static final String LOG_BYTES = "executor_log_sent";
    public static final String HEARTBEAT_AGE = "executor_heartbeat_age";
    public static final String ORPHANS = "executor_orphans_removed";
    public static final String JOBS = "executor_jobs";

    /**
     * What the janitor removes; each kind is a label value of {@value #ORPHANS}: labelled containers and job
     * networks nobody runs, and leftover jobs of an earlier process (journal, workspace and what they hold).
     */
    public enum OrphanKind { CONTAINER, NETWORK, JOB }

    private final MeterRegistry registry;
    private final Timer slotWait;
    private final Timer firstContainer;
    private final Counter logBytes;

    public ExecutorMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.slotWait = histogram(SLOT_WAIT, "Time from a free job slot to a dequeued job.", Tags.empty(),
                0.1, 0.5, 1, 2, 5, 10, 30, 60, 300, 900, 3600);
        this.firstContainer = histogram(FIRST_CONTAINER,
                "Time from dequeue to the first step container starting (clone, files, image pull included).",
                Tags.empty(), 0.5, 1, 2, 5, 10, 30, 60, 120, 300, 600);
        for (String result : new String[] {"success", "error"}) {
            imagePullTimer(result);
        }
        this.logBytes = Counter.builder(LOG_BYTES).baseUnit("bytes")
                .description("Bytes of log output sent to the frontend (each update re-sends the whole entry).")
                .register(registry);
        for (OrphanKind kind : OrphanKind.values()) {
            orphanCounter(kind);
        }
    }

    /** For code run outside the service (tests, tools) that must record somewhere. */
    public static ExecutorMetrics discarding() {
        return new ExecutorMetrics(new SimpleMeterRegistry());
    }

    public void slotWaited(Duration waited) {
        slotWait.record(waited);
    }

    public void firstContainerStarted(Duration sinceDequeue) {
        firstContainer.record(sinceDequeue);
    }

    public void imagePulled(Duration took, boolean failed) {
        imagePullTimer(failed ? "error" : "success").record(took);
    }

    public void logBytesSent(long bytes) {
        logBytes.increment(bytes);
    }

    /** For the janitor and start-up recovery: leftovers of earlier runs that were removed. */
    public void orphansRemoved(OrphanKind kind, int count) {
        orphanCounter(kind).increment(count);
    }

    /**
     * One finished job; {@code outcome} is {@code completed}, {@code errored}, {@code failed} or
     * {@code abandoned}.
     */
    public void jobFinished(String queue, String outcome) {
        Counter.builder(JOBS).description("Jobs finished, by queue and outcome.")
                .tags("queue", queue, "outcome", outcome.toLowerCase(Locale.ROOT)).register(registry).increment();
    }

    /**
     * Seconds since {@code lastSuccess} (NaN before the first heartbeat): the frontend resets a job whose
     * executor has been silent for 25 s, so this should stay near the heartbeat interval.
     */
    public void watchHeartbeat(Supplier<Instant> lastSuccess) {
        Gauge.builder(HEARTBEAT_AGE, lastSuccess, s -> {
            Instant last = s.get();
            return last == null ? Double.NaN : Duration.between(last, Instant.now()).toMillis() / 1000.0;
        }).baseUnit("seconds").description("Seconds since the last heartbeat the frontend accepted.")
                .strongReference(true).register(registry);
    }

    private Timer imagePullTimer(String result) {
        return histogram(IMAGE_PULL, "Time to pull a step image that was not present.", Tags.of("result", result),
                1, 5, 10, 30, 60, 120, 300, 600, 1800);
    }

    private Counter orphanCounter(OrphanKind kind) {
        return Counter.builder(ORPHANS).description("Leftover containers and workspaces of earlier runs removed.")
                .tags("kind", kind.name().toLowerCase(Locale.ROOT)).register(registry);
    }

    private Timer histogram(String name, String description, Tags tags, double... bucketSeconds) {
        return Timer.builder(name).description(description).tags(tags)
                .serviceLevelObjectives(Arrays.stream(bucketSeconds)
                        .mapToObj(s -> Duration.ofMillis((long) (s * 1000))).toArray(Duration[]::new))
                .register(registry);
    }
}
