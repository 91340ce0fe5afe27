package dev.executor.testing;

import dev.executor.testing.frontend.FakeFrontend;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A test executor's environment: pointed at a fake frontend (or at none, for {@code run-job}), fast polling,
 * its own TMPDIR and state dir.
 */
public final class ExecutorEnv {

    private final Map<String, String> env = new LinkedHashMap<>();
    private final Path tmpDir;

    private ExecutorEnv(FakeFrontend frontend, String queue) {
        try {
            Path base = Path.of("target", "it-work").toAbsolutePath();
            Files.createDirectories(base);
            tmpDir = Files.createTempDirectory(base, "exec-");
            Files.createDirectories(tmpDir.resolve("state"));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        if (frontend != null) {
            env.put("EXECUTOR_FRONTEND_URL", frontend.url().toString());
            env.put("EXECUTOR_FRONTEND_PASSWORD", frontend.secret());
            env.put("EXECUTOR_QUEUE_NAME", queue);
        }
        env.put("EXECUTOR_QUEUE_POLL_INTERVAL", "100ms");
        env.put("EXECUTOR_JOB_NUM_CPUS", "1");
        env.put("EXECUTOR_JOB_MEMORY", "256M");
        env.put("EXECUTOR_STATE_DIR", tmpDir.resolve("state").toString());
        env.put("TMPDIR", tmpDir.resolve("workspaces").toString());
        env.put("SRC_LOG_LEVEL", "dbug");
    }

    public static ExecutorEnv forFrontend(FakeFrontend frontend, String queue) {
        return new ExecutorEnv(frontend, queue);
    }

    /** For {@code run-job}: everything but the frontend URL, password and queue. */
    public static ExecutorEnv withoutFrontend() {
        return new ExecutorEnv(null, null);
    }

    public ExecutorEnv with(String name, String value) {
        if (value == null) {
            env.remove(name);
        } else {
            env.put(name, value);
        }
        return this;
    }

    /** Where this executor's workspaces go. */
    public Path workspaces() {
        return tmpDir.resolve("workspaces");
    }

    public Map<String, String> map() {
        return Map.copyOf(env);
    }
}
