package dev.executor.bench;

import dev.executor.testing.AppCdsArchive;
import dev.executor.testing.ExecutorEnv;
import dev.executor.testing.ExecutorProcess;
import dev.executor.testing.ReleaseTarball;
import dev.executor.testing.frontend.FakeFrontend;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How the benchmarks start executors: the unpacked release tarball's {@code bin/executor run} (its JVM flags and,
 * for the JVM tarball, the AppCDS archive the release build ships or one made the same way), as operators run it,
 * each with its own state dir and TMPDIR, no CPU or memory limit on the steps, and warn-level logs.
 */
final class BenchLauncher {

    final Path prefix;
    final AppCdsArchive archive;
    /** How the executors start, for the tables' "how" column. */
    final String description;
    /** Process start → ready, of every executor started, in order. */
    final List<Double> readyMillis = new ArrayList<>();

    private BenchLauncher(Path prefix, AppCdsArchive archive) {
        this.prefix = prefix;
        this.archive = archive;
        this.description = archive == null ? "native `bin/executor run`" : "`bin/executor run` with AppCDS";
    }

    /** Unpacks the build's release tarball and makes sure it has its AppCDS archive. */
    static BenchLauncher prepare() {
        Path prefix = ReleaseTarball.unpack();
        return new BenchLauncher(prefix, AppCdsArchive.ensure(prefix));
    }

    /** One executor of the given name polling {@code frontend}'s batches queue, started and ready. */
    ExecutorProcess start(FakeFrontend frontend, String name, Map<String, String> extra) {
        return start(frontend, name, extra, ExecutorEnv.forFrontend(frontend, "batches"));
    }

    /** As {@link #start(FakeFrontend, String, Map)} with an environment the caller made (to know its dirs). */
    ExecutorProcess start(FakeFrontend frontend, String name, Map<String, String> extra, ExecutorEnv env) {
        env.with("SRC_LOG_LEVEL", "warn").with("EXECUTOR_JOB_NUM_CPUS", "0").with("EXECUTOR_JOB_MEMORY", "0");
        extra.forEach(env::with);
        long t0 = System.nanoTime();
        ExecutorProcess executor = ReleaseTarball.run(prefix, "bench-" + name, env.map());
        executor.awaitHttp200("/q/health/ready", Duration.ofSeconds(60));
        readyMillis.add((System.nanoTime() - t0) / 1e6);
        return executor;
    }

    /** The line above a table: launcher, archive, Java version, load average at the end. */
    String header() throws java.io.IOException {
        return "Executors: " + description + (archive == null ? "" : " (archive " + archive.origin() + ")")
                + ", Java " + System.getProperty("java.version") + ", load average "
                + Files.readString(Path.of("/proc/loadavg")).split(" ")[0] + " at the end\n\n";
    }

    static void stop(ExecutorProcess executor) {
        executor.sigterm();
        executor.waitFor(Duration.ofSeconds(60));
    }
}
