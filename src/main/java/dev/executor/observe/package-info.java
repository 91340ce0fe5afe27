/**
 * What operators probe: {@code /q/health/live} (the process answers), {@code /q/health/ready} (Docker
 * answers, the last heartbeat is recent, {@code TMPDIR} has room, not draining) and
 * {@code /q/health/started}. Under systemd ({@code Type=notify}) readiness is also reported to the service
 * manager. Metrics for Prometheus are served at {@code /q/metrics} and carried by every heartbeat; the
 * recorders live in {@link dev.executor.observe.metrics}.
 */
package dev.executor.observe;
