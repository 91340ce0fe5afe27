package dev.executor.observe.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** Makes the metric recorders injectable, on Quarkus's registry (the one {@code /q/metrics} and heartbeats read). */
@ApplicationScoped
public class MetricsProducer {

    @Produces
    @Singleton
    CommandMetrics commandMetrics(MeterRegistry registry) {
        return new CommandMetrics(registry);
    }

    @Produces
    @Singleton
    ExecutorMetrics executorMetrics(MeterRegistry registry) {
        return new ExecutorMetrics(registry);
    }
}
