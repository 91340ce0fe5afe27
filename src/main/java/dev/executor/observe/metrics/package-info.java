/**
 * Leaf helpers for recording Sourcegraph-named operation metrics ({@code <prefix>_total},
 * {@code <prefix>_errors_total}, {@code <prefix>_duration_seconds} by {@code op}); every package may
 * use it, it uses none of ours.
 */
package dev.executor.observe.metrics;
