package dev.executor.observe;

import dev.executor.worker.Worker;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Startup;

/**
 * {@code /q/health/started}: up once the configuration was accepted and the worker was started (it then
 * connects to the frontend on its own). A frontend outage therefore never makes a startup probe restart
 * the executor: restarting would not help, readiness reports it instead.
 */
@Startup
@ApplicationScoped
public class WorkerStarted implements HealthCheck {

    private final Worker worker;

    public WorkerStarted(Worker worker) {
        this.worker = worker;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("worker-started").status(worker.started()).build();
    }
}
