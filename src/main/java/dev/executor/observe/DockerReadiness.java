package dev.executor.observe;

import dev.executor.runtime.Runtime;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/** Ready only while the Docker engine answers: without it no step can run. */
@Readiness
@ApplicationScoped
public class DockerReadiness implements HealthCheck {

    private final Runtime runtime;

    public DockerReadiness(Runtime runtime) {
        this.runtime = runtime;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder b = HealthCheckResponse.named("docker");
        try {
            return b.up().withData("version", runtime.serverVersion()).build();
        } catch (RuntimeException e) {
            return b.down().withData("error", String.valueOf(e.getMessage())).build();
        }
    }
}
