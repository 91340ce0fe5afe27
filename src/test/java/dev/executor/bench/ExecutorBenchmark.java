package dev.executor.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.executor.testing.ExecutorEnv;
import dev.executor.testing.ExecutorProcess;
import dev.executor.testing.Jobs;
import dev.executor.testing.frontend.FakeFrontend;
import dev.executor.testing.frontend.JobRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/**
 * The benchmark (docs/BENCHMARKS.md): the packaged executor as a separate process against the test
 * frontend, side by side with bare Docker loops in the same run. Prints one table; asserts nothing about
 * speed. Run with {@code ./mvnw -B verify -Pbench}.
 */
class ExecutorBenchmark {

    static final String SECRET = "bench-secret-0123456789abcdef";
    static final int STEPS_PER_JOB = 10;
    static final int OVERHEAD_JOBS = 5;
    static final int BASELINE_CONTAINERS = 50;
    static final int PICKUP_JOBS = 20;
    static final int THROUGHPUT_JOBS = 20;
    static final long LOG_BYTES = 50L * 1024 * 1024;

    final Table table = new Table();

    @Test
    void run() throws Exception {
        Path scratch = Files.createTempDirectory(Path.of("target"), "bench-ws").toAbsolutePath();
        try (FakeFrontend frontend = FakeFrontend.start(SECRET)) {
            overheadAndStartup(frontend, scratch);
            pickupLatency(frontend);
            throughput(frontend, 1);
            throughput(frontend, 4);
            logCost(frontend);
            JobNetworkCost.measure(frontend, table);
        }
        String rendered = table.render();
        System.out.println();
        System.out.println(rendered);
        Files.writeString(Path.of("target", "benchmark.md"), rendered);
    }

    private ExecutorProcess start(FakeFrontend frontend, String name, Map<String, String> extra) {
        ExecutorEnv env = ExecutorEnv.forFrontend(frontend, "batches").with("SRC_LOG_LEVEL", "warn")
                .with("EXECUTOR_JOB_NUM_CPUS", "0").with("EXECUTOR_JOB_MEMORY", "0");
        extra.forEach(env::with);
        return ExecutorProcess.start("bench-" + name, env.map());
    }

    private void overheadAndStartup(FakeFrontend frontend, Path scratch) throws Exception {
        long t0 = System.nanoTime();
        try (ExecutorProcess executor = start(frontend, "overhead", Map.of("EXECUTOR_QUEUE_POLL_INTERVAL", "100ms"))) {
            executor.awaitHttp200("/q/health/ready", Duration.ofSeconds(60));
            double readyMs = (System.nanoTime() - t0) / 1e6;
            Thread.sleep(5000);
            table.add("start to ready (JVM)", fmt(readyMs, "ms"), "process start → /q/health/ready UP", "≤ 1500 ms (AppCDS)");
            table.add("RSS idle", fmt(ProcStats.rssMiB(executor.pid()), "MiB"), "VmRSS 5 s after ready", "≤ 120 MiB");

            Jobs job = Jobs.job();
            for (int i = 0; i < STEPS_PER_JOB; i++) {
                job.step("s" + i, "true");
            }
            List<Double> perStep = new ArrayList<>();
            List<Double> toFirstContainer = new ArrayList<>();
            for (int i = 0; i < OVERHEAD_JOBS; i++) {
                JobRecord r = frontend.awaitTerminal(frontend.enqueue("batches", job.json()), Duration.ofMinutes(3));
                assertEquals(JobRecord.State.COMPLETED, r.state(), r.toString());
                perStep.add(Duration.between(r.dequeuedAt(), r.finishedAt()).toNanos() / 1e6 / STEPS_PER_JOB);
                toFirstContainer.add(Duration.between(r.dequeuedAt(), firstStepStart(r)).toNanos() / 1e6);
            }
            double executorStep = Stats.median(perStep);
            double javaLoop = Stats.median(BareDockerLoops.dockerJava(BASELINE_CONTAINERS, scratch));
            double cliLoop = Stats.median(BareDockerLoops.cli(BASELINE_CONTAINERS, scratch));
            table.add("per step: executor", fmt(executorStep, "ms"),
                    "median over " + OVERHEAD_JOBS + " jobs of " + STEPS_PER_JOB + " `true` steps (dequeue → completed, incl. setup/teardown/marks)", "");
            table.add("per step: bare docker-java loop", fmt(javaLoop, "ms"), "create/attach/start/wait/remove, median of " + BASELINE_CONTAINERS, "");
            table.add("per step: `docker run --rm` CLI loop", fmt(cliLoop, "ms"), "median of " + BASELINE_CONTAINERS, "");
            table.add("ratio executor / docker-java", fmt(executorStep / javaLoop, "x"), "", "≤ 1.05");
            table.add("ratio executor / CLI", fmt(executorStep / cliLoop, "x"), "", "≤ 1.00");
            table.add("dequeue → first container", fmt(Stats.median(toFirstContainer), "ms"),
                    "median; first step entry's startTime − dequeue", "");
            table.add("RSS peak (overhead run)", fmt(ProcStats.peakRssMiB(executor.pid()), "MiB"), "VmHWM", "");
            stop(executor);
        }
    }

    private static Instant firstStepStart(JobRecord r) {
        for (JsonNode e : r.logEntries()) {
            if (e.get("key").asText().startsWith("step.")) {
                return Instant.parse(e.get("startTime").asText());
            }
        }
        throw new AssertionError("no step entry in " + r);
    }

    private void pickupLatency(FakeFrontend frontend) throws Exception {
        try (ExecutorProcess executor = start(frontend, "pickup", Map.of("EXECUTOR_QUEUE_POLL_INTERVAL", "1s"))) {
            executor.awaitHttp200("/q/health/ready", Duration.ofSeconds(60));
            List<Double> pickup = new ArrayList<>();
            String json = Jobs.job().step("noop", "true").json();
            for (int i = 0; i < PICKUP_JOBS; i++) {
                Thread.sleep(ThreadLocalRandom.current().nextLong(0, 1000));
                JobRecord r = frontend.awaitTerminal(frontend.enqueue("batches", json), Duration.ofMinutes(1));
                pickup.add(Duration.between(r.queuedAt(), r.dequeuedAt()).toNanos() / 1e6);
            }
            table.add("pickup latency median", fmt(Stats.median(pickup), "ms"), "enqueue → dequeue, poll interval 1s, " + PICKUP_JOBS + " jobs", "≤ 520 ms");
            table.add("pickup latency p95", fmt(Stats.percentile(pickup, 95), "ms"), "", "");
            stop(executor);
        }
    }

    private void throughput(FakeFrontend frontend, int slots) throws Exception {
        try (ExecutorProcess executor = start(frontend, "throughput-" + slots, Map.of(
                "EXECUTOR_QUEUE_POLL_INTERVAL", "100ms", "EXECUTOR_MAXIMUM_NUM_JOBS", Integer.toString(slots)))) {
            executor.awaitHttp200("/q/health/ready", Duration.ofSeconds(60));
            String json = Jobs.job().step("noop", "true").json();
            double cpuBefore = ProcStats.cpuSeconds(executor.pid());
            long start = System.nanoTime();
            List<Long> ids = new ArrayList<>();
            for (int i = 0; i < THROUGHPUT_JOBS; i++) {
                ids.add(frontend.enqueue("batches", json));
            }
            for (long id : ids) {
                assertEquals(JobRecord.State.COMPLETED, frontend.awaitTerminal(id, Duration.ofMinutes(5)).state());
            }
            double minutes = (System.nanoTime() - start) / 6e10;
            double cpu = ProcStats.cpuSeconds(executor.pid()) - cpuBefore;
            table.add("throughput, " + slots + " slot(s)", fmt(THROUGHPUT_JOBS / minutes, "jobs/min"),
                    THROUGHPUT_JOBS + " one-step jobs enqueued at once", "");
            table.add("executor CPU per job, " + slots + " slot(s)", fmt(cpu / THROUGHPUT_JOBS * 1000, "ms"),
                    "utime+stime of the executor process / jobs", "");
            table.add("RSS peak, " + slots + " slot(s)", fmt(ProcStats.peakRssMiB(executor.pid()), "MiB"), "VmHWM", "");
            stop(executor);
        }
    }

    private void logCost(FakeFrontend frontend) throws Exception {
        try (ExecutorProcess executor = start(frontend, "logs", Map.of("EXECUTOR_QUEUE_POLL_INTERVAL", "100ms",
                "EXECUTOR_MAX_LOG_ENTRY_BYTES", Long.toString(LOG_BYTES * 4)))) {
            executor.awaitHttp200("/q/health/ready", Duration.ofSeconds(60));
            Thread.sleep(2000);
            double rssBefore = ProcStats.rssMiB(executor.pid());
            long id = frontend.enqueue("batches", Jobs.job()
                    .step("print", "yes 'a line of step output for the log cost benchmark 0123456789' | head -c " + LOG_BYTES)
                    .json());
            double rssMax = rssBefore;
            JobRecord r;
            while (!(r = frontend.job(id)).state().terminal()) {
                rssMax = Math.max(rssMax, ProcStats.rssMiB(executor.pid()));
                Thread.sleep(200);
            }
            int entryId = 0;
            long finalSize = 0;
            for (int i = 0; i < r.logEntries().size(); i++) {
                if (r.logEntries().get(i).get("key").asText().equals("step.docker.print")) {
                    entryId = i + 1;
                    finalSize = r.logEntries().get(i).path("out").asText().length();
                }
            }
            long sent = frontend.totalUpdateBytes(id, entryId);
            table.add("log: final entry size", fmt(finalSize / 1048576.0, "MiB"), "step printing " + LOG_BYTES / 1048576 + " MiB (" + r.state() + ")", "");
            table.add("log: update bytes sent", fmt(sent / 1048576.0, "MiB"), "sum of updateExecutionLogEntry bodies", "");
            table.add("log: sent / final", fmt(sent / (double) Math.max(1, finalSize), "x"), "", "≤ 4");
            table.add("log: RSS before → max during", fmt(rssBefore, "MiB") + " → " + fmt(rssMax, "MiB"), "VmRSS sampled every 200 ms", "flat (±20 MiB)");
            stop(executor);
        }
    }

    static void stop(ExecutorProcess executor) {
        executor.sigterm();
        executor.waitFor(Duration.ofSeconds(60));
    }

    static String fmt(double value, String unit) {
        if (Double.isNaN(value)) {
            return "n/a";
        }
        return (value >= 100 ? String.format("%.0f", value) : String.format("%.2f", value)) + " " + unit;
    }
}
