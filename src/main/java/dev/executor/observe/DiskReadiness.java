package dev.executor.observe;

import dev.executor.config.ExecutorConfig;
import dev.executor.workspace.DiskSpace;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.util.List;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready only while {@code TMPDIR} (workspaces) and {@code EXECUTOR_STATE_DIR} (log spools) each have at least
 * {@code EXECUTOR_MIN_FREE_DISK} free: below that the worker takes no job ({@code recovery.DequeueGate}), so a
 * load balancer or an autoscaler should know.
 */
@Readiness
@ApplicationScoped
public class DiskReadiness implements HealthCheck {

    private final List<DiskSpace> disks;

    public DiskReadiness(ExecutorConfig config) {
        this.disks = DiskSpace.of(config);
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder b = HealthCheckResponse.named("disk")
                .withData("minimum", DiskSpace.human(disks.get(0).minimumBytes()));
        String down = null;
        for (DiskSpace disk : disks) {
            try {
                long free = disk.freeBytes();
                b.withData(disk.root().toString(), DiskSpace.human(free) + " free");
                if (!disk.enough(free) && down == null) {
                    down = disk.shortage(free); // as the dequeue gate logs it
                }
            } catch (IOException e) {
                down = down == null ? "cannot measure free space under " + disk.root() + ": " + e.getMessage() : down;
            }
        }
        return down == null ? b.up().build() : b.down().withData("reason", down).build();
    }
}
