package dev.executor.observe.metrics;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.Tags;
import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The names as Prometheus scrapes them (and heartbeats carry them): Sourcegraph's dashboards query these
 * exact strings, so they are asserted on the rendered text, not on Micrometer's internal names.
 */
class MetricNamesTest {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    private void assertHas(String text, String line) {
        assertTrue(text.contains(line), "missing " + line + " in:\n" + text);
    }

    @Test
    void operationFamiliesRenderWithSourcegraphNamesAndBuckets() {
        new OperationMetrics(registry, "src_executor_processor", Tags.of("queue", "batches"),
                30, 60, 150, 300, 450, 600, 900, 1200, 1800, 2700, 3600)
                .record("Handle", System.nanoTime() - 2_000_000_000L, true);
        String text = registry.scrape();
        assertHas(text, "src_executor_processor_total{op=\"Handle\",queue=\"batches\",} 1.0");
        assertHas(text, "src_executor_processor_errors_total{op=\"Handle\",queue=\"batches\",} 1.0");
        for (String le : new String[] {"30.0", "60.0", "150.0", "300.0", "450.0", "600.0", "900.0", "1200.0",
                "1800.0", "2700.0", "3600.0", "+Inf"}) {
            assertHas(text, "src_executor_processor_duration_seconds_bucket{op=\"Handle\",queue=\"batches\",le=\"" + le
                    + "\",} 1.0");
        }
    }

    @Test
    void aSuccessCountsNoError() {
        new OperationMetrics(registry, "src_apiworker_apiclient_queue", Tags.empty())
                .record("Dequeue", System.nanoTime(), false);
        String text = registry.scrape();
        assertHas(text, "src_apiworker_apiclient_queue_total{op=\"Dequeue\",} 1.0");
        assertFalse(text.contains("src_apiworker_apiclient_queue_errors_total{op=\"Dequeue\""), text);
        assertHas(text, "src_apiworker_apiclient_queue_duration_seconds_bucket{op=\"Dequeue\",le=\"10.0\",} 1.0");
    }

    @Test
    void commandMetricsUseTheStepAndGitKeysAsOp() {
        CommandMetrics commands = new CommandMetrics(registry);
        commands.record(CommandMetrics.EXEC, System.nanoTime(), true);
        commands.record("setup.git.fetch", System.nanoTime(), false);
        String text = registry.scrape();
        assertHas(text, "src_apiworker_command_total{op=\"exec\",} 1.0");
        assertHas(text, "src_apiworker_command_errors_total{op=\"exec\",} 1.0");
        assertHas(text, "src_apiworker_command_total{op=\"setup.git.fetch\",} 1.0");
        assertHas(text, "src_apiworker_command_duration_seconds_count{op=\"setup.git.fetch\",} 1.0");
    }

    @Test
    void executorMetricsExistBeforeTheFirstJob() {
        new ExecutorMetrics(registry);
        String text = registry.scrape();
        assertHas(text, "executor_slot_wait_seconds_bucket{le=\"0.1\",} 0.0");
        assertHas(text, "executor_job_first_container_seconds_count 0.0");
        assertHas(text, "executor_image_pull_seconds_count{result=\"success\",} 0.0");
        assertHas(text, "executor_image_pull_seconds_count{result=\"error\",} 0.0");
        assertHas(text, "executor_log_sent_bytes_total 0.0");
        assertHas(text, "executor_orphans_removed_total{kind=\"container\",} 0.0");
        assertHas(text, "executor_orphans_removed_total{kind=\"network\",} 0.0");
        assertHas(text, "executor_orphans_removed_total{kind=\"job\",} 0.0");
    }

    @Test
    void executorMetricsRecord() {
        ExecutorMetrics metrics = new ExecutorMetrics(registry);
        metrics.slotWaited(Duration.ofMillis(300));
        metrics.firstContainerStarted(Duration.ofSeconds(3));
        metrics.imagePulled(Duration.ofSeconds(7), false);
        metrics.logBytesSent(42);
        metrics.orphansRemoved(ExecutorMetrics.OrphanKind.JOB, 2);
        metrics.jobFinished("codeintel", "Completed");
        metrics.watchHeartbeat(() -> Instant.now().minusSeconds(4));
        String text = registry.scrape();
        assertHas(text, "executor_slot_wait_seconds_bucket{le=\"0.5\",} 1.0");
        assertHas(text, "executor_job_first_container_seconds_bucket{le=\"5.0\",} 1.0");
        assertHas(text, "executor_image_pull_seconds_bucket{result=\"success\",le=\"10.0\",} 1.0");
        assertHas(text, "executor_log_sent_bytes_total 42.0");
        assertHas(text, "executor_orphans_removed_total{kind=\"job\",} 2.0");
        assertHas(text, "executor_jobs_total{outcome=\"completed\",queue=\"codeintel\",} 1.0");
        assertTrue(text.matches("(?s).*\\nexecutor_heartbeat_age_seconds 4\\.\\d+\\n.*"), text);
    }
}
