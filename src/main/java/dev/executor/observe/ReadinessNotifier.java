package dev.executor.observe;

import dev.executor.config.ExecutorConfig;
import io.smallrye.health.SmallRyeHealth;
import io.smallrye.health.SmallRyeHealthReporter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Reports the executor's readiness to systemd: {@code READY=1} the first time {@code /q/health/ready}
 * would answer UP (Docker answers and the frontend accepted a heartbeat), {@code STATUS=} with what it is
 * waiting for until then, and {@code STOPPING=1} when it drains. Without {@code NOTIFY_SOCKET} it does
 * nothing.
 */
@ApplicationScoped
public class ReadinessNotifier {

    static final long POLL_MILLIS = 500;

    private final Supplier<SmallRyeHealth> readiness;
    private final Optional<SystemdNotifier> notifier;
    private volatile boolean stopping;

    @Inject
    public ReadinessNotifier(SmallRyeHealthReporter health, ExecutorConfig config) {
        this(health::getReadiness, SystemdNotifier.forSocket(config.notifySocket()));
    }

    ReadinessNotifier(Supplier<SmallRyeHealth> readiness, Optional<SystemdNotifier> notifier) {
        this.readiness = readiness;
        this.notifier = notifier;
    }

    /** Starts watching readiness on a daemon thread (the checks call Docker, which blocks); returns at once. */
    public void start() {
        notifier.ifPresent(n -> {
            dev.executor.queue.NamedThreads.factory("systemd-notify").newThread(() -> watch(n)).start();
        });
    }

    /** Tells systemd the service is stopping, so `systemctl status` shows it draining rather than hung. */
    public void stopping(String why) {
        stopping = true;
        notifier.ifPresent(n -> n.send("STOPPING=1", "STATUS=Stopping: " + why));
    }

    private void watch(SystemdNotifier n) {
        String lastStatus = null;
        while (!stopping) {
            SmallRyeHealth health = readiness.get();
            if (!health.isDown()) {
                n.send("READY=1", "STATUS=Ready: taking jobs");
                return;
            }
            String status = "Waiting: " + downReasons(health.getPayload());
            if (!status.equals(lastStatus)) {
                n.send("STATUS=" + status);
                lastStatus = status;
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** "docker: connection refused; worker: not started" from the readiness payload. */
    static String downReasons(JsonObject payload) {
        List<String> reasons = new ArrayList<>();
        List<JsonValue> checks = payload.containsKey("checks") ? payload.getJsonArray("checks") : List.of();
        for (JsonValue v : checks) {
            JsonObject check = v.asJsonObject();
            if ("UP".equals(check.getString("status", ""))) {
                continue;
            }
            JsonObject data = check.getJsonObject("data");
            String why = data == null ? "down" : data.getString("reason", data.getString("error", "down"));
            reasons.add(check.getString("name", "?") + ": " + why);
        }
        return reasons.isEmpty() ? "not ready" : String.join("; ", reasons);
    }
}
