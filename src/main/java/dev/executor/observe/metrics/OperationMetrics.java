package dev.executor.observe.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Arrays;

/**
 * Records one family of operations the way Sourcegraph's observation package names them, so its
 * Grafana dashboards work against our heartbeat metrics: a counter, an error counter and a duration
 * histogram, all labelled by {@code op} plus fixed extra tags (e.g. {@code queue}).
 */
public final class OperationMetrics {

    /** Prometheus client defaults, as Sourcegraph's client-side operations use. */
    public static final double[] DEFAULT_BUCKETS = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

    private final MeterRegistry registry;
    private final String prefix;
    private final Tags extraTags;
    private final Duration[] buckets;

    public OperationMetrics(MeterRegistry registry, String prefix, Tags extraTags, double... bucketSeconds) {
        this.registry = registry;
        this.prefix = prefix;
        this.extraTags = extraTags;
        this.buckets = Arrays.stream(bucketSeconds.length == 0 ? DEFAULT_BUCKETS : bucketSeconds)
                .mapToObj(s -> Duration.ofNanos((long) (s * 1_000_000_000L)))
                .toArray(Duration[]::new);
    }

    /** Counts one finished operation and its duration; {@code failed} also counts an error. */
    public void record(String op, long startNanos, boolean failed) {
        Tags tags = extraTags.and("op", op);
        Counter.builder(prefix).tags(tags).register(registry).increment();
        if (failed) {
            Counter.builder(prefix + ".errors").tags(tags).register(registry).increment();
        }
        Timer.builder(prefix + ".duration").tags(tags).serviceLevelObjectives(buckets)
                .register(registry).record(Duration.ofNanos(System.nanoTime() - startNanos));
    }
}
