package dev.executor.observe;

import jakarta.enterprise.context.ApplicationScoped;
import java.lang.management.ManagementFactory;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/**
 * {@code /q/health/live}: answering at all proves the process and its HTTP event loop respond, which is
 * all liveness should say. Nothing external is checked here: a Docker or frontend outage must not get
 * the executor restarted, since a restart interrupts running jobs.
 */
@Liveness
@ApplicationScoped
public class ProcessLiveness implements HealthCheck {

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("process")
                .withData("uptimeSeconds", ManagementFactory.getRuntimeMXBean().getUptime() / 1000)
                .up().build();
    }
}
