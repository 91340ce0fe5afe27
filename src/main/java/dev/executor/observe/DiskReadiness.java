package dev.executor.observe;

import dev.executor.config.ExecutorConfig;
import dev.executor.workspace.DiskSpace;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready only while {@code TMPDIR} has at least {@code EXECUTOR_MIN_FREE_DISK} free: below that the worker
 * takes no job (see {@code Worker}), so a load balancer or an autoscaler should know.
 */
@Readiness
@ApplicationScoped
public class DiskReadiness implements HealthCheck {

    private final DiskSpace disk;

    public DiskReadiness(ExecutorConfig config) {
        this.disk = new DiskSpace(config.workspaceRoot(), config.minFreeDisk().bytes());
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder b = HealthCheckResponse.named("disk")
                .withData("path", disk.root().toString())
                .withData("minimum", DiskSpace.human(disk.minimumBytes()));
        try {
            long free = disk.freeBytes();
            b.withData("free", DiskSpace.human(free));
            return disk.minimumBytes() <= 0 || free >= disk.minimumBytes() ? b.up().build()
                    : b.down().withData("reason", "less free space than EXECUTOR_MIN_FREE_DISK").build();
        } catch (IOException e) {
            return b.down().withData("reason", "cannot measure free space: " + e.getMessage()).build();
        }
    }
}
