package dev.executor.testing;

import dev.executor.testing.frontend.FakeFrontend;
import dev.executor.testing.frontend.JobRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The release build's AOT training run (src/main/dist/release.xml, target "aot"): {@code bin/executor run} of a
 * staging prefix (the launcher, the bundled runtime, the application) with {@code -XX:AOTCacheOutput} in
 * {@code EXECUTOR_JAVA_OPTS}, so the cache is trained with exactly the flags the launcher gives the service.
 * It walks the path a production start takes: start, heartbeat until ready, the health and metrics endpoints,
 * dequeue and run a job whose Docker steps write and read a workspace file, a job that fails, then SIGTERM and
 * drain. The JVM writes the cache (JEP 514) as it exits.
 *
 * <p>Test code because it drives the fake frontend; a {@code main} because the build, not JUnit, runs it.
 * Arguments: the staging prefix, the cache file to write.
 */
public final class AotTraining {

    static final String SECRET = "sk-aot-training-secret-0123456789";
    static final Duration READY = Duration.ofMinutes(3);
    /** Draining is quick; writing the cache afterwards (a second JVM, JEP 514) takes a while on a busy machine. */
    static final Duration EXIT = Duration.ofMinutes(10);

    private AotTraining() {
    }

    public static void main(String... args) {
        if (args.length != 2) {
            throw new IllegalArgumentException("usage: AotTraining STAGING_PREFIX CACHE_FILE");
        }
        Path prefix = Path.of(args[0]).toAbsolutePath();
        Path cache = Path.of(args[1]).toAbsolutePath();
        long started = System.nanoTime();
        try (FakeFrontend frontend = FakeFrontend.start(SECRET)) {
            Map<String, String> env = ExecutorEnv.forFrontend(frontend, "batches").with("SRC_LOG_LEVEL", "info")
                    .with("EXECUTOR_JAVA_OPTS", "-XX:AOTCacheOutput=" + cache).map();
            ExecutorProcess executor = ExecutorProcess.startLauncher("aot-training",
                    List.of(prefix.resolve("bin/executor").toString()), env, "run");
            try {
                train(frontend, executor);
                executor.sigterm();
                int exit = executor.waitFor(EXIT);
                require(exit == 0, "the training run exited " + exit, executor);
            } finally {
                executor.close();
            }
            require(frontend.violations().isEmpty(), "the fake frontend saw violations: " + frontend.violations(), executor);
            require(Files.isRegularFile(cache), "no AOT cache was written to " + cache, executor);
            System.out.printf("AOT training run: %d s, cache %s (%d MB)%n", (System.nanoTime() - started) / 1_000_000_000L,
                    cache, Files.size(cache) / (1024 * 1024));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void train(FakeFrontend frontend, ExecutorProcess executor) {
        executor.awaitHttp200("/q/health/ready", READY);
        for (String path : List.of("/q/health", "/q/health/live", "/q/health/started", "/q/metrics")) {
            executor.get(path);
        }
        long ok = frontend.enqueue("batches", Jobs.job().file("training.txt", "written by the AOT training job")
                .step("write", "cat training.txt > copy.txt", "echo line 2 >> copy.txt")
                .step("read", "cat copy.txt", "echo to stderr >&2").json());
        JobRecord done = frontend.awaitTerminal(ok, READY);
        require(done.state() == JobRecord.State.COMPLETED, "the training job did not complete: " + done, executor);
        long failing = frontend.enqueue("batches", Jobs.job().step("fail", "echo failing on purpose", "exit 3").json());
        JobRecord failed = frontend.awaitTerminal(failing, READY);
        require(failed.state() != JobRecord.State.COMPLETED, "the failing training job completed: " + failed, executor);
        executor.get("/q/metrics");
    }

    private static void require(boolean condition, String problem, ExecutorProcess executor) {
        if (!condition) {
            throw new IllegalStateException("AOT training run failed: " + problem + "\nexecutor output:\n" + executor.output());
        }
    }
}
