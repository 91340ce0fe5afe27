package dev.executor.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.executor.testing.ExecutorProcess;
import dev.executor.testing.Jobs;
import dev.executor.testing.ProcessMemory;
import dev.executor.testing.frontend.FakeFrontend;
import dev.executor.testing.frontend.JobRecord;
import dev.executor.testing.frontend.RecordedRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The benchmark (docs/BENCHMARKS.md): the executor as operators run it (the unpacked release tarball's
 * {@code bin/executor run}, with its JVM flags and the AppCDS archive) as a separate process against the test
 * frontend, side by side with bare Docker loops in the same run. Prints one table; asserts nothing about speed.
 * Run with {@code ./mvnw -B verify -Pbench}.
 */
class ExecutorBenchmark {

    static final String SECRET = "bench-secret-0123456789abcdef";
    static final int STEPS_PER_JOB = 10;
    static final int PICKUP_JOBS = 60; // the median of a uniform wait needs many samples to settle
    static final int THROUGHPUT_JOBS = 20;
    static final long LOG_BYTES = 50L * 1024 * 1024;
    static final int RSS_SAMPLE_MILLIS = 200;
    static final int SETTLE_SECONDS = 5;

    final Table table = new Table();
    BenchLauncher executors;
    /** How the executors start, for the table's "how" column. */
    String launcher;

    @Test
    void run() throws Exception {
        Path scratch = Files.createTempDirectory(Path.of("target"), "bench-ws").toAbsolutePath();
        executors = BenchLauncher.prepare();
        launcher = executors.description;
        List<Double> readyMillis = executors.readyMillis;
        try (FakeFrontend frontend = FakeFrontend.start(SECRET); FakeFrontend second = FakeFrontend.start(SECRET)) {
            overheadAndStartup(frontend, second, scratch);
            pickupLatency(frontend);
            throughput(frontend, 1);
            throughput(frontend, 4);
            logCost(frontend);
            table.addFirst("start to ready", fmt(Stats.median(readyMillis), "ms"), launcher + ": process start → "
                    + "/q/health/ready UP (Docker answers, the frontend took a heartbeat); median of the "
                    + readyMillis.size() + " starts of this run (the first, with a cold page cache: "
                    + fmt(readyMillis.get(0), "ms") + ")", "≤ 1500 ms");
            assertEquals(List.of(), frontend.violations());
            assertEquals(List.of(), second.violations());
        }
        String rendered = executors.header() + table.render();
        System.out.println();
        System.out.println(rendered);
        Files.writeString(Path.of("target", "benchmark.md"), rendered);
    }

    /** Starts an executor and waits until it is ready, recording how long that took. */
    private ExecutorProcess start(FakeFrontend frontend, String name, Map<String, String> extra) {
        return executors.start(frontend, name, extra);
    }

    /**
     * Start-up and idle memory of the default-config executor, then per-step overhead and the per-job network's
     * cost with it and a second executor without the per-job network, both running throughout.
     */
    private void overheadAndStartup(FakeFrontend frontend, FakeFrontend second, Path scratch) throws Exception {
        try (ExecutorProcess on = start(frontend, "overhead-network-on", Map.of("EXECUTOR_QUEUE_POLL_INTERVAL", "100ms"))) {
            Thread.sleep(SETTLE_SECONDS * 1000L);
            table.add("RSS idle", fmt(ProcStats.rssMiB(on.pid()), "MiB"), launcher + ": VmRSS " + SETTLE_SECONDS
                    + " s after ready", "≤ 120 MiB");
            try (ExecutorProcess off = start(second, "overhead-network-off", Map.of("EXECUTOR_QUEUE_POLL_INTERVAL", "100ms",
                    "EXECUTOR_DOCKER_JOB_NETWORK", "false"))) {
                new OverheadComparison(frontend, second, scratch, launcher).measure(table);
                JobNetworkCost.measure(frontend, second, table);
                table.add("RSS peak (overhead runs)", fmt(ProcStats.peakRssMiB(on.pid()), "MiB") + ", "
                        + fmt(ProcStats.peakRssMiB(off.pid()), "MiB"), "VmHWM of the executors with network on, off", "");
                stop(off);
            }
            stop(on);
        }
    }

    /**
     * Enqueue → dequeue at a 1 s poll interval. A job arriving at a random moment waits half an interval on average
     * whatever the executor does, and the median of a few dozen random waits scatters by ±70 ms. So the jobs are
     * enqueued at evenly spread moments of the poll cycle instead (the i-th of N at (i + ½)/N of the interval after
     * an empty poll the frontend saw): the median is then half the cycle plus what the executor adds.
     */
    private void pickupLatency(FakeFrontend frontend) throws Exception {
        long intervalMillis = 1000;
        try (ExecutorProcess executor = start(frontend, "pickup", Map.of("EXECUTOR_QUEUE_POLL_INTERVAL",
                intervalMillis + "ms"))) {
            List<Double> pickup = new ArrayList<>();
            List<Double> cycles = new ArrayList<>();
            String json = Jobs.job().step("noop", "true").json();
            for (int i = 0; i < PICKUP_JOBS; i++) {
                Instant poll = nextPoll(frontend, Instant.now());
                Instant following = nextPoll(frontend, poll); // an idle cycle: the executor's own period
                cycles.add(Duration.between(poll, following).toNanos() / 1e6);
                long phase = (long) ((i + 0.5) / PICKUP_JOBS * intervalMillis);
                Thread.sleep(Math.max(0, Duration.between(Instant.now(), following.plusMillis(phase)).toMillis()));
                JobRecord r = frontend.awaitTerminal(frontend.enqueue("batches", json), Duration.ofMinutes(1));
                pickup.add(Duration.between(r.queuedAt(), r.dequeuedAt()).toNanos() / 1e6);
            }
            String how = "enqueue → dequeue, poll interval 1s, " + PICKUP_JOBS
                    + " jobs enqueued at evenly spread moments of the poll cycle";
            table.add("pickup latency median", fmt(Stats.median(pickup), "ms"), how, "≤ 520 ms");
            table.add("pickup latency p95", fmt(Stats.percentile(pickup, 95), "ms"), "", "");
            table.add("poll cycle when idle", fmt(Stats.median(cycles), "ms"),
                    "median time between two empty dequeues the frontend saw (the interval plus one dequeue call)", "");
            stop(executor);
        }
    }

    /** When the first dequeue request after {@code after} reached the frontend. */
    private static Instant nextPoll(FakeFrontend frontend, Instant after) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            List<RecordedRequest> polls = frontend.requests("/dequeue");
            for (int i = polls.size() - 1; i >= 0 && polls.get(i).timestamp().isAfter(after); i--) {
                if (i == 0 || !polls.get(i - 1).timestamp().isAfter(after)) {
                    return polls.get(i).timestamp();
                }
            }
            Thread.sleep(2);
        }
        throw new AssertionError("no dequeue request within 30 s after " + after);
    }

    private void throughput(FakeFrontend frontend, int slots) throws Exception {
        try (ExecutorProcess executor = start(frontend, "throughput-" + slots, Map.of(
                "EXECUTOR_QUEUE_POLL_INTERVAL", "100ms", "EXECUTOR_MAXIMUM_NUM_JOBS", Integer.toString(slots)))) {
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
            Thread.sleep(2000);
            String line = "yes 'a line of step output for the log cost benchmark 0123456789'";
            logJob(frontend, executor, "at once", line + " | head -c " + LOG_BYTES);
            // The same amount over about 10 s: the entry is re-sent while it grows, as with a real build's output.
            long chunk = LOG_BYTES / 50;
            logJob(frontend, executor, "over ~10 s", "for i in $(seq 50); do " + line + " | head -c " + chunk
                    + "; sleep 0.2; done");
            stop(executor);
        }
    }

    /** One job whose single step prints {@link #LOG_BYTES} with {@code script}: bytes sent and RSS around it. */
    private void logJob(FakeFrontend frontend, ExecutorProcess executor, String label, String script) throws Exception {
        double rssBefore = ProcStats.rssMiB(executor.pid());
        long id = frontend.enqueue("batches", Jobs.job().step("print", script).json());
        JobRecord r;
        double rssMax;
        double rssAfter;
        try (ProcessMemory memory = new ProcessMemory(executor.pid(), RSS_SAMPLE_MILLIS)) {
            long jobStart = System.nanoTime();
            r = frontend.awaitTerminal(id, Duration.ofMinutes(10));
            long jobEnd = System.nanoTime();
            Thread.sleep(SETTLE_SECONDS * 1000L);
            rssAfter = memory.rssKb() / 1024.0;
            rssMax = ProcessMemory.maxKb(memory.between(jobStart, jobEnd)) / 1024.0;
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
        String printed = "step printing " + LOG_BYTES / 1048576 + " MiB " + label;
        table.add("log " + label + ": final entry size", fmt(finalSize / 1048576.0, "MiB"), printed + " (" + r.state()
                + "; each line gets its `stdout: ` prefix)", "");
        table.add("log " + label + ": update bytes sent", fmt(sent / 1048576.0, "MiB"),
                "sum of updateExecutionLogEntry bodies (" + frontend.updates(id, entryId).size() + " updates)", "");
        table.add("log " + label + ": sent / final", fmt(sent / (double) Math.max(1, finalSize), "x"), "", "≤ 4");
        table.add("log " + label + ": RSS before → max during → after", fmt(rssBefore, "MiB") + " → " + fmt(rssMax, "MiB")
                + " → " + fmt(rssAfter, "MiB"), launcher + ": VmRSS every " + RSS_SAMPLE_MILLIS
                + " ms during the job; after: " + SETTLE_SECONDS + " s after it ended", "flat (±20 MiB)");
    }

    static void stop(ExecutorProcess executor) {
        BenchLauncher.stop(executor);
    }

    static String fmt(double value, String unit) {
        if (Double.isNaN(value)) {
            return "n/a";
        }
        return (value >= 100 ? String.format("%.0f", value) : String.format("%.2f", value)) + " " + unit;
    }
}
