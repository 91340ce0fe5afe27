package dev.executor.bench;

import static dev.executor.bench.ExecutorBenchmark.fmt;

import dev.executor.bench.DockerEvents.DockerEvent;
import dev.executor.testing.ExecutorEnv;
import dev.executor.testing.ExecutorProcess;
import dev.executor.testing.frontend.FakeFrontend;
import dev.executor.testing.frontend.JobRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Where a job's wall time goes at N slots, seen from outside the executor as far as possible, on a run of its own
 * (the watchers must not weigh on the throughput figures): each job's milestones as offsets from its dequeue, from
 * the fake frontend's request log (log entry calls, markComplete), Docker's event log (network create/destroy,
 * container create/start/die/destroy, matched to the job by the executor's labels), inotify on TMPDIR and the
 * state dir's {@code jobs/} (workspace and journal directories appearing and going), {@code perf trace} (fsync and
 * rename calls of the executor's threads: the journal's writes) and the executor's own histograms on
 * {@code /q/metrics} (the client-side duration of each frontend call, and what else it records).
 */
final class JobBreakdown {

    private static final String JOB_LABEL = "dev.executor.job-id";
    private static final String EXECUTOR_LABEL = "dev.executor.executor-name";

    private final BenchLauncher executors;
    private final FakeFrontend frontend;
    private final Path scratch;

    JobBreakdown(BenchLauncher executors, FakeFrontend frontend, Path scratch) {
        this.executors = executors;
        this.frontend = frontend;
        this.scratch = scratch;
    }

    void measure(int width, boolean network, int jobs, Table table) throws Exception {
        ExecutorEnv env = ExecutorEnv.forFrontend(frontend, "batches");
        Path jobsDir = Path.of(env.map().get("EXECUTOR_STATE_DIR")).resolve("jobs");
        String label = "breakdown " + width + "-wide, " + (network ? "network per job" : "default bridge") + ": ";
        Path socketDir = Files.createTempDirectory("bench-docker");
        try (DockerCallTimer docker = new DockerCallTimer(socketDir.resolve("docker.sock"), engineSocket());
                ExecutorProcess executor = executors.start(frontend, "breakdown-" + width + (network ? "-net" : "-bridge"),
                        with(WidthComparison.settings(width, network), "DOCKER_HOST", docker.dockerHost()), env)) {
            WidthComparison.runJobs(frontend, Math.min(jobs, 2 * width)); // warm-up, not measured
            MetricsScrape before = MetricsScrape.of(executor);
            List<JobRecord> done;
            Instant since;
            Instant until;
            SyscallTrace trace;
            List<FileActivity.Entry> files;
            try (FileActivity activity = new FileActivity(List.of(env.workspaces(), jobsDir))) {
                trace = new SyscallTrace(executor.pid(), scratch.resolve("perf-" + width + "-" + network + ".txt"));
                try (trace) {
                    since = Instant.now();
                    done = WidthComparison.runJobs(frontend, jobs);
                    Thread.sleep(500); // the last workspace and journal removals, the last events
                    until = Instant.now();
                }
                files = activity.entries();
            }
            Map<String, MetricsScrape.Series> metrics = MetricsScrape.of(executor).since(before);
            String executorName = done.get(0).workerHostname();
            Map<Long, List<DockerEvent>> events = DockerEvents.byJob(
                    DockerEvents.between(since, until, Map.of(EXECUTOR_LABEL, executorName)), JOB_LABEL);
            JobTimelines timelines = new JobTimelines();
            for (JobRecord r : done) {
                timelines.add(r, events.getOrDefault(r.id(), List.of()), files, jobsDir);
            }
            timelines.frontendCalls(frontend.requests());
            String how = "median (p90) over " + jobs + " one-step jobs, offset from the job's dequeue";
            timelines.addRows(table, label, how);
            addDockerCalls(table, label, docker.calls(), since, jobs);
            addTrace(table, label, trace, jobs);
            addMetrics(table, label, metrics, jobs);
            BenchLauncher.stop(executor);
        } finally {
            Files.deleteIfExists(socketDir);
        }
    }

    /** The engine's socket, from this JVM's DOCKER_HOST when it names one, else Docker's default. */
    private static Path engineSocket() {
        String host = System.getenv("DOCKER_HOST");
        return host != null && host.startsWith("unix://") ? Path.of(host.substring("unix://".length()))
                : Path.of("/var/run/docker.sock");
    }

    private static Map<String, String> with(Map<String, String> env, String name, String value) {
        Map<String, String> out = new HashMap<>(env);
        out.put(name, value);
        return out;
    }

    /** Per Docker API operation: how many per job, how long (median, p90) and how many ran at once at most. */
    private static void addDockerCalls(Table table, String label, List<DockerCallTimer.Call> all, Instant since,
            int jobs) {
        long from = since.getEpochSecond() * 1_000_000_000L + since.getNano();
        Map<String, List<DockerCallTimer.Call>> byOp = all.stream().filter(c -> c.sentNanos() >= from)
                .collect(Collectors.groupingBy(DockerCallTimer.Call::op, LinkedHashMap::new, Collectors.toList()));
        List<Map.Entry<String, List<DockerCallTimer.Call>>> ops = new ArrayList<>(byOp.entrySet());
        ops.sort(Comparator.comparingDouble(e -> -e.getValue().stream()
                .mapToDouble(c -> (c.endNanos() - c.sentNanos()) / 1e6).sum()));
        boolean first = true;
        for (Map.Entry<String, List<DockerCallTimer.Call>> e : ops) {
            List<Double> ms = e.getValue().stream().map(c -> (c.endNanos() - c.sentNanos()) / 1e6).toList();
            table.add(label + "Docker `" + e.getKey() + "`", fmt(Stats.median(ms), "ms") + " ("
                    + fmt(Stats.percentile(ms, 90), "ms") + ")", count(ms.size() / (double) jobs) + " per job, at most "
                    + maxInFlight(e.getValue()) + " at once" + (first ? "; median (p90) from the request line going "
                    + "up to the answer's last byte, through a timing proxy on the Docker socket (the executor's "
                    + "DOCKER_HOST); by total time, largest first" : ""), "");
            first = false;
        }
    }

    private static int maxInFlight(List<DockerCallTimer.Call> calls) {
        List<long[]> edges = new ArrayList<>();
        for (DockerCallTimer.Call c : calls) {
            edges.add(new long[] {c.sentNanos(), 1});
            edges.add(new long[] {c.endNanos(), -1});
        }
        edges.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
        int now = 0;
        int max = 0;
        for (long[] edge : edges) {
            now += (int) edge[1];
            max = Math.max(max, now);
        }
        return max;
    }

    private static void addTrace(Table table, String label, SyscallTrace trace, int jobs) {
        if (!trace.available()) {
            table.add(label + "fsync / rename calls", "n/a", "`perf trace` not available here", "");
            return;
        }
        for (String call : List.of("fsync", "fdatasync", "rename")) {
            SyscallTrace.Usage u = trace.usage().get(call);
            if (u == null) {
                table.add(label + call + " calls per job", "0", "`perf trace -a -s`, the executor's threads", "");
                continue;
            }
            String threads = u.callsByThread().entrySet().stream()
                    .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                    .map(e -> "`" + e.getKey() + "` " + e.getValue()).collect(Collectors.joining(", "));
            table.add(label + call + " calls per job", count(u.calls() / (double) jobs) + " (" + fmt(u.millis() / jobs,
                    "ms") + " in them per job)", "`perf trace -a -s` narrowed to the executor's threads; by thread: "
                    + threads, "");
        }
    }

    /** A count or a mean count: whole numbers without decimals. */
    static String count(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : String.format("%.2f", value);
    }

    private static void addMetrics(Table table, String label, Map<String, MetricsScrape.Series> metrics, int jobs) {
        metrics.forEach((series, s) -> table.add(label + "metric `" + series.replace("|", "\\|") + "`",
                fmt(s.sum() / s.count() * 1000, "ms") + " mean", count(s.count() / jobs) + " per job; "
                + "/q/metrics `_seconds_sum` ÷ `_seconds_count`, recorded during the run", ""));
    }
}
