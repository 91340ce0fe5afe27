package dev.executor.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.executor.testing.AppCdsArchive;
import dev.executor.testing.Command;
import dev.executor.testing.ExecutorEnv;
import dev.executor.testing.ExecutorProcess;
import dev.executor.testing.ReleaseTarball;
import dev.executor.testing.frontend.FakeFrontend;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The benchmark behind the start-up and memory figures of docs/deployment.md and docs/BENCHMARKS.md: an unpacked
 * tarball's {@code bin/executor run} timed from process start until {@code /q/health/live} and then
 * {@code /q/health/ready} answer 200 (Docker answers, the fake frontend accepted a heartbeat), and its resident
 * memory {@value #IDLE_SECONDS} s after ready. Side by side, alternating, {@value #RUNS} starts each:
 * <ul>
 *   <li>the jar on the Java running the tests (Java 17 in CI), without an archive and with an AppCDS archive;</li>
 *   <li>the release tarball (-Drelease): its bundled Java 25 runtime with the AOT cache, and without it;</li>
 * </ul>
 * then one start of the release per memory setting in {@link #SETTINGS}, each on top of the launcher's flags,
 * to show what each costs or saves. Figures go to {@code target/benchmark/startup-footprint.txt}.
 *
 * <p>For a plain build (no bundled runtime) only the Java rows run. The Java rows of a release build run the
 * release's application (the aot-jar layout: every jar on the class path) with its runtime removed.
 */
class StartupFootprintBenchmark {

    static final int RUNS = 3;
    static final int IDLE_SECONDS = 5;
    /** The targets, reported against: the release at most 0.55 x the plain jar's time to ready; 100 MiB. */
    static final double READY_RATIO_TARGET = 0.55;
    static final long RSS_TARGET_KB = 100 * 1024;
    /** What the test enforces: regressions (a heap sized from the machine, a start that hangs), not the targets. */
    static final long RSS_LIMIT_KB = 160 * 1024;
    static final long READY_LIMIT_MILLIS = 15_000;
    /** How long a start may take before the run gives up: a loaded machine must still get its table. */
    static final Duration AWAIT = Duration.ofMinutes(2);

    /** Memory settings measured one at a time on the release: label, EXECUTOR_JAVA_OPTS, extra environment. */
    static final List<List<String>> SETTINGS = List.of(
            List.of("heap capped: -Xmx96m", "-Xmx96m", ""),
            List.of("young generation: -Xmn6m", "-Xms24m -Xmn6m", ""),
            List.of("code cache: -XX:ReservedCodeCacheSize=16m", "-XX:ReservedCodeCacheSize=16m", ""),
            List.of("metaspace: -XX:MaxMetaspaceSize=96m", "-XX:MaxMetaspaceSize=96m", ""),
            List.of("thread stacks: -Xss256k", "-Xss256k", ""),
            List.of("event loops: 1 (default 2 x CPUs)", "-Dquarkus.vertx.event-loops-pool-size=1", ""),
            List.of("worker pool: at most 8 threads", "-Dquarkus.thread-pool.max-threads=8", ""),
            List.of("malloc arenas: MALLOC_ARENA_MAX=2", "", "MALLOC_ARENA_MAX=2"),
            List.of("AOT cache mapped without relocation", "-XX:+UnlockDiagnosticVMOptions -XX:ArchiveRelocationMode=0",
                    ""));

    static FakeFrontend frontend;
    /** The tarball as built; for a release build also a copy without its runtime, for the Java rows. */
    static Path release;
    static Path jvm;
    static AppCdsArchive archive;

    @BeforeAll
    static void install() throws IOException {
        frontend = FakeFrontend.start("sk-benchmark-secret-0123456789");
        Path unpacked = ReleaseTarball.unpack();
        if (Files.isDirectory(unpacked.resolve("lib/runtime"))) {
            release = unpacked;
            jvm = ReleaseTarball.unpack();
            Command.Result rm = Command.run(List.of("rm", "-rf", jvm.resolve("lib/runtime").toString(),
                    jvm.resolve("lib/quarkus-app/app.aot").toString()));
            assertEquals(0, rm.exitCode(), rm.toString());
        } else {
            jvm = unpacked;
        }
        archive = AppCdsArchive.ensure(jvm);
    }

    @AfterAll
    static void stop() {
        if (frontend != null) {
            assertEquals(List.of(), frontend.violations());
            frontend.close();
        }
    }

    /** One start: milliseconds to live and to ready, then RSS and its anonymous (not file-backed) part in kB. */
    record Run(long liveMillis, long readyMillis, long idleRssKb, long idleAnonKb) {
        @Override
        public String toString() {
            return liveMillis + "/" + readyMillis + " ms " + idleRssKb / 1024 + "/" + idleAnonKb / 1024 + " MB";
        }
    }

    /** One start of {@code <prefix>/bin/executor run} with {@code extra} in its environment: ready, idle, RSS, SIGTERM. */
    static Run measure(Path prefix, String name, Map<String, String> extra) throws IOException {
        Map<String, String> env = new HashMap<>(ExecutorEnv.forFrontend(frontend, "batches").with("SRC_LOG_LEVEL", "warn")
                .with("EXECUTOR_QUEUE_POLL_INTERVAL", "1s").map());
        env.putAll(extra);
        long start = System.nanoTime();
        try (ExecutorProcess p = ReleaseTarball.run(prefix, name, env)) {
            p.awaitHttp200("/q/health/live", AWAIT);
            long live = (System.nanoTime() - start) / 1_000_000;
            p.awaitHttp200("/q/health/ready", AWAIT);
            long ready = (System.nanoTime() - start) / 1_000_000;
            sleep(IDLE_SECONDS * 1000L);
            Map<String, Long> memory = memoryKb(p.pid());
            p.sigterm();
            assertEquals(0, p.waitFor(Duration.ofSeconds(30)), p.output());
            return new Run(live, ready, memory.get("VmRSS"), memory.get("RssAnon"));
        }
    }

    /** The kB figures of /proc/PID/status (VmRSS, RssAnon, RssFile, ...). */
    static Map<String, Long> memoryKb(long pid) throws IOException {
        Map<String, Long> kb = new HashMap<>();
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.endsWith(" kB")) {
                kb.put(line.substring(0, line.indexOf(':')), Long.parseLong(line.replaceAll("[^0-9]", "")));
            }
        }
        return kb;
    }

    static long median(List<Run> runs, ToLongFunction<Run> f) {
        return runs.stream().mapToLong(f).sorted().toArray()[runs.size() / 2];
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One start with {@code file} moved aside during it (the archive or cache), when {@code without}. */
    static Run measureWithout(Path prefix, String name, Path file, boolean without) throws IOException {
        if (!without || file == null) {
            return measure(prefix, name, Map.of());
        }
        Path parked = file.resolveSibling(file.getFileName() + ".parked");
        Files.move(file, parked);
        try {
            return measure(prefix, name, Map.of());
        } finally {
            Files.move(parked, file);
        }
    }

    @Test
    void startUpAndIdleMemory() throws IOException {
        String java = "Java " + System.getProperty("java.version");
        String plain = "jar on " + java + ", no archive";
        String cds = "jar on " + java + ", AppCDS (archive " + archive.origin() + ")";
        String aot = "release: bundled Java 25 + AOT cache";
        String noAot = "release: bundled Java 25, cache moved aside";
        Path cache = release == null ? null : release.resolve("lib/quarkus-app/app.aot");
        Map<String, List<Run>> results = new LinkedHashMap<>();
        // page cache and Docker's first answers, not the executor, would dominate the first start of each
        measure(jvm, "footprint-warmup-jvm", Map.of());
        if (release != null) {
            measure(release, "footprint-warmup-release", Map.of());
        }
        for (int i = 0; i < RUNS; i++) {
            results.computeIfAbsent(plain, k -> new ArrayList<>()).add(measureWithout(jvm, "footprint-plain-" + i,
                    archive.path(), true));
            results.computeIfAbsent(cds, k -> new ArrayList<>()).add(measureWithout(jvm, "footprint-appcds-" + i,
                    archive.path(), false));
            if (release != null) {
                results.computeIfAbsent(aot, k -> new ArrayList<>()).add(measure(release, "footprint-aot-" + i, Map.of()));
                results.computeIfAbsent(noAot, k -> new ArrayList<>()).add(measureWithout(release, "footprint-noaot-" + i,
                        cache, true));
            }
        }

        StringBuilder report = new StringBuilder(String.format(
                "bin/executor run, median of %d starts (tests on Java %s, %d CPUs, load average %s), RSS %d s after ready:%n",
                RUNS, System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(), loadAverage(),
                IDLE_SECONDS));
        report.append(String.format("  %-62s %8s %8s %9s %9s%n", "", "live ms", "ready ms", "RSS MB", "anon MB"));
        results.forEach((label, runs) -> report.append(String.format("  %-62s %8d %8d %9d %9d   runs %s%n", label,
                median(runs, Run::liveMillis), median(runs, Run::readyMillis), median(runs, Run::idleRssKb) / 1024,
                median(runs, Run::idleAnonKb) / 1024, runs)));
        if (release != null) {
            double ratio = (double) median(results.get(aot), Run::readyMillis) / median(results.get(plain), Run::readyMillis);
            report.append(String.format("  release / plain jar, time to ready: %.2f (target <= %.2f)%n", ratio,
                    READY_RATIO_TARGET));
            report.append(String.format("  memory settings, one start each on top of the release's launcher flags"
                    + " (target RSS <= %d MB):%n", RSS_TARGET_KB / 1024));
            for (List<String> setting : SETTINGS) {
                Map<String, String> extra = new HashMap<>();
                if (!setting.get(1).isEmpty()) {
                    extra.put("EXECUTOR_JAVA_OPTS", setting.get(1));
                }
                if (!setting.get(2).isEmpty()) {
                    String[] kv = setting.get(2).split("=", 2);
                    extra.put(kv[0], kv[1]);
                }
                Run r = measure(release, "footprint-setting", extra);
                report.append(String.format("  %-62s %8d %8d %9d %9d%n", setting.get(0), r.liveMillis(), r.readyMillis(),
                        r.idleRssKb() / 1024, r.idleAnonKb() / 1024));
            }
            report.append(String.format("  tarball %d MB compressed, %s unpacked%n", Files.size(ReleaseTarball.PATH)
                    / (1000 * 1000), Command.run(List.of("du", "-sh", release.toString())).output().split("\\s")[0]));
        }
        report.append(String.format("  load average at the end: %s%n", loadAverage()));
        System.out.print(report);
        Path out = Files.createDirectories(Path.of("target", "benchmark")).resolve("startup-footprint.txt");
        Files.writeString(out, report);

        results.values().forEach(runs -> {
            assertTrue(median(runs, Run::idleRssKb) <= RSS_LIMIT_KB, report.toString());
            assertTrue(median(runs, Run::readyMillis) < READY_LIMIT_MILLIS, report.toString());
        });
    }

    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "unknown";
        }
    }
}
