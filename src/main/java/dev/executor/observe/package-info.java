/**
 * What operators watch: {@code /q/health} checks (live, ready, started) and the executor's own gauges.
 * Metrics for Prometheus are served at {@code /q/metrics} and carried by every heartbeat. Under systemd
 * ({@code Type=notify}) readiness is also reported to the service manager.
 */
package dev.executor.observe;
