package dev.executor.observe;

import dev.executor.config.ExecutorConfig;
import dev.executor.worker.Worker;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready while the worker takes jobs: it has started, it is not draining, and the frontend accepted a
 * heartbeat within the last three intervals.
 */
@Readiness
@ApplicationScoped
public class WorkerReadiness implements HealthCheck {

    private final Worker worker;
    private final Duration staleAfter;

    public WorkerReadiness(Worker worker, ExecutorConfig config) {
        this.worker = worker;
        this.staleAfter = config.heartbeatInterval().multipliedBy(3);
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder b = HealthCheckResponse.named("worker").withData("runningJobs", worker.runningJobs());
        Instant last = worker.heartbeat().lastSuccess();
        if (last != null) {
            b.withData("lastHeartbeat", last.toString());
        }
        if (!worker.started()) {
            return b.down().withData("reason", "not started").build();
        }
        if (worker.draining()) {
            return b.down().withData("reason", "draining").build();
        }
        if (last == null || Duration.between(last, Instant.now()).compareTo(staleAfter) > 0) {
            return b.down().withData("reason", "no successful heartbeat in the last " + staleAfter.toSeconds() + "s").build();
        }
        return b.up().build();
    }
}
