package dev.executor.bench;

import static dev.executor.bench.ExecutorBenchmark.fmt;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.executor.testing.ExecutorProcess;
import dev.executor.testing.Jobs;
import dev.executor.testing.frontend.FakeFrontend;
import dev.executor.testing.frontend.JobRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleSupplier;

/**
 * Throughput of one-step jobs N at a time, side by side in one run: the executor with
 * {@code EXECUTOR_MAXIMUM_NUM_JOBS=N}, a docker-java loop and a {@code docker run --rm} CLI loop with N workers, each
 * with a network per job (created before the job's container, removed after it) or on Docker's default bridge. For
 * each width and network setting a fresh executor runs; each round runs one batch of jobs on each of the three
 * sides, starting with a different side each round, so load drift hits all sides alike.
 */
final class WidthComparison {

    /** One width and network setting: jobs/s of the three sides and the executor's CPU per job. */
    record Result(int width, boolean network, double executor, double dockerJava, double cli, double cpuMsPerJob) {
    }

    private final BenchLauncher executors;
    private final FakeFrontend frontend;
    private final BareDockerLoops loops;
    private final int rounds;
    private final int jobsPerRound;
    private final int warmupJobs;
    private final List<Result> results = new ArrayList<>();

    WidthComparison(BenchLauncher executors, FakeFrontend frontend, BareDockerLoops loops, int rounds, int jobsPerRound,
            int warmupJobs) {
        this.executors = executors;
        this.frontend = frontend;
        this.loops = loops;
        this.rounds = rounds;
        this.jobsPerRound = jobsPerRound;
        this.warmupJobs = warmupJobs;
    }

    void measure(int width, boolean network) {
        try (ExecutorProcess executor = executors.start(frontend, "wide-" + width + (network ? "-net" : "-bridge"),
                settings(width, network))) {
            double[] cpu = new double[1];
            double[] cpuJobs = new double[1];
            Map<String, DoubleSupplier> sides = new LinkedHashMap<>();
            sides.put("executor", () -> {
                double before = ProcStats.cpuSeconds(executor.pid());
                double seconds = executorRound(jobsPerRound);
                cpu[0] += ProcStats.cpuSeconds(executor.pid()) - before;
                cpuJobs[0] += jobsPerRound;
                return seconds;
            });
            sides.put("docker-java", () -> WideLoop.seconds(width, jobsPerRound, () -> loops.dockerJavaJob(1, network)));
            sides.put("CLI", () -> WideLoop.seconds(width, jobsPerRound, () -> loops.cliJob(1, network)));
            if (warmupJobs > 0) { // JIT, the engine's caches, the executor's pools: not measured
                executorRound(warmupJobs);
                WideLoop.seconds(width, warmupJobs, () -> loops.dockerJavaJob(1, network));
                WideLoop.seconds(width, warmupJobs, () -> loops.cliJob(1, network));
            }
            List<String> order = new ArrayList<>(sides.keySet());
            Map<String, Double> seconds = new LinkedHashMap<>();
            for (int round = 0; round < rounds; round++) {
                for (int k = 0; k < order.size(); k++) {
                    String side = order.get((k + round) % order.size());
                    seconds.merge(side, sides.get(side).getAsDouble(), Double::sum);
                }
            }
            double jobs = (double) rounds * jobsPerRound;
            results.add(new Result(width, network, jobs / seconds.get("executor"), jobs / seconds.get("docker-java"),
                    jobs / seconds.get("CLI"), cpu[0] / cpuJobs[0] * 1000));
            BenchLauncher.stop(executor);
        }
    }

    /** The executor's environment for {@code width} slots, with or without the per-job network. */
    static Map<String, String> settings(int width, boolean network) {
        return Map.of("EXECUTOR_QUEUE_POLL_INTERVAL", "100ms", "EXECUTOR_MAXIMUM_NUM_JOBS", Integer.toString(width),
                "EXECUTOR_DOCKER_JOB_NETWORK", Boolean.toString(network));
    }

    /**
     * Enqueues {@code jobs} one-step jobs at once and waits for all; returns the seconds from the first dequeue to the
     * last completion as the frontend saw them (the wait for the first poll is pickup latency, measured elsewhere).
     */
    private double executorRound(int jobs) {
        List<JobRecord> done = runJobs(frontend, jobs);
        Instant first = done.stream().map(JobRecord::dequeuedAt).min(Instant::compareTo).orElseThrow();
        Instant last = done.stream().map(JobRecord::finishedAt).max(Instant::compareTo).orElseThrow();
        return Duration.between(first, last).toNanos() / 1e9;
    }

    /** Enqueues {@code jobs} one-step {@code true} jobs at once; returns their records once all completed. */
    static List<JobRecord> runJobs(FakeFrontend frontend, int jobs) {
        String json = Jobs.job().step("noop", "true").json();
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < jobs; i++) {
            ids.add(frontend.enqueue("batches", json));
        }
        List<JobRecord> done = new ArrayList<>();
        for (long id : ids) {
            JobRecord r = frontend.awaitTerminal(id, Duration.ofMinutes(5));
            assertEquals(JobRecord.State.COMPLETED, r.state(), r.toString());
            done.add(r);
        }
        return done;
    }

    /** The rows: per width and network setting jobs/s of each side, the ratios and CPU per job; targets at N = 4. */
    void addRows(Table table, String launcher) {
        String per = rounds + " rounds of " + jobsPerRound + " one-step `true` jobs per side, interleaved; total jobs ÷ "
                + "total time";
        for (Result r : results) {
            boolean targeted = r.width() == 4;
            String at = r.width() + "-wide, " + (r.network() ? "network per job" : "default bridge");
            table.add(at + ": executor", fmt(r.executor(), "jobs/s"), launcher + ", EXECUTOR_MAXIMUM_NUM_JOBS="
                    + r.width() + ", EXECUTOR_DOCKER_JOB_NETWORK=" + r.network() + "; first dequeue → last "
                    + "markComplete per round; " + per, "");
            table.add(at + ": docker-java loop", fmt(r.dockerJava(), "jobs/s"), r.width() + " workers, each job "
                    + (r.network() ? "network create, create/attach/start/wait/remove on it, network remove"
                    : "create/attach/start/wait/remove") + "; " + per, "");
            table.add(at + ": `docker run --rm` CLI loop", fmt(r.cli(), "jobs/s"), r.width() + " workers, each job "
                    + (r.network() ? "`docker network create`, `docker run --rm --network`, `docker network rm`"
                    : "`docker run --rm`") + "; " + per, "");
            table.add(at + ": ratio executor / docker-java", fmt(r.executor() / r.dockerJava(), "x"), "jobs/s ÷ jobs/s",
                    targeted && !r.network() ? "≥ 0.9" : "");
            if (r.network()) {
                Result bridge = find(r.width(), false);
                if (bridge != null) {
                    table.add(at + ": ratio executor / docker-java on the default bridge",
                            fmt(r.executor() / bridge.dockerJava(), "x"),
                            "the executor with per-job networks against the loop without them", targeted ? "≥ 0.8" : "");
                }
            }
            table.add(at + ": ratio executor / CLI", fmt(r.executor() / r.cli(), "x"), "jobs/s ÷ jobs/s, same network "
                    + "setting", targeted ? "≥ 1.1" : "");
            table.add(at + ": executor CPU per job", fmt(r.cpuMsPerJob(), "ms"), "utime+stime of the executor process "
                    + "(/proc/<pid>/stat) over its measured rounds ÷ their jobs", "≤ 80 ms");
        }
    }

    private Result find(int width, boolean network) {
        return results.stream().filter(r -> r.width() == width && r.network() == network).findFirst().orElse(null);
    }
}
