/**
 * Metric recorders, on Quarkus's Micrometer registry: {@link dev.executor.observe.metrics.OperationMetrics}
 * for Sourcegraph-named operation families ({@code <prefix>_total}, {@code <prefix>_errors_total},
 * {@code <prefix>_duration_seconds} by {@code op}), {@link dev.executor.observe.metrics.CommandMetrics}
 * ({@code src_apiworker_command_*}) and {@link dev.executor.observe.metrics.ExecutorMetrics} (our own
 * {@code executor_*} names). A leaf: every package may use it, it uses none of ours.
 */
package dev.executor.observe.metrics;
