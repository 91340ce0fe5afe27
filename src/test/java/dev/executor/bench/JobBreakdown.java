package dev.executor.bench;

import static dev.executor.bench.ExecutorBenchmark.fmt;

import dev.executor.bench.DockerEvents.DockerEvent;
import dev.executor.testing.ExecutorEnv;
import dev.executor.testing.ExecutorProcess;
import dev.executor.testing.frontend.FakeFrontend;
import dev.executor.testing.frontend.JobRecord;
import dev.executor.testing.frontend.RecordedRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
        try (ExecutorProcess executor = executors.start(frontend, "breakdown-" + width + (network ? "-net" : "-bridge"),
                WidthComparison.settings(width, network), env)) {
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
            Timelines timelines = new Timelines();
            for (JobRecord r : done) {
                timelines.add(r, events.getOrDefault(r.id(), List.of()), files, jobsDir);
            }
            timelines.frontendCalls(done, frontend.requests());
            String how = "median (p90) over " + jobs + " one-step jobs, offset from the job's dequeue";
            timelines.addRows(table, label, how);
            addTrace(table, label, trace, jobs);
            addMetrics(table, label, metrics, jobs);
            BenchLauncher.stop(executor);
        }
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

    /** Milestones of each job, as milliseconds after its dequeue. */
    private static final class Timelines {

        private final Map<String, List<Double>> offsets = new LinkedHashMap<>();
        private final Map<String, List<Double>> gaps = new LinkedHashMap<>();
        private final Map<Long, Instant> dequeued = new HashMap<>();

        void add(JobRecord r, List<DockerEvent> events, List<FileActivity.Entry> files, Path jobsDir) {
            dequeued.put(r.id(), r.dequeuedAt());
            Map<String, Instant> at = new LinkedHashMap<>();
            for (FileActivity.Entry e : files) {
                if (namesJob(e.name(), r.id())) {
                    String what = (e.dir().equals(jobsDir) ? "journal directory " : "workspace ")
                            + (e.created() ? "created" : "removed");
                    at.putIfAbsent(what, e.at());
                }
            }
            for (DockerEvent e : events) {
                String what = e.type() + " " + switch (e.action()) {
                    case "create" -> "created";
                    case "start" -> "started";
                    case "die" -> "exited";
                    case "destroy" -> "removed";
                    default -> "";
                };
                if (!what.endsWith(" ")) {
                    Instant t = Instant.ofEpochSecond(0, e.epochNanos());
                    at.merge(what, t, (a, b) -> what.endsWith("removed") || what.endsWith("exited") ? max(a, b) : a);
                }
            }
            at.put("markComplete arrives", r.finishedAt());
            at.forEach((what, t) -> offsets.computeIfAbsent(what, k -> new ArrayList<>()).add(millis(r.dequeuedAt(), t)));
            gap("container created → started (attach, start: the engine sets up the sandbox)", at, "container created",
                    "container started");
            gap("container started → exited (the step's process)", at, "container started", "container exited");
            gap("container exited → removed (wait returns, remove)", at, "container exited", "container removed");
            gap("network created → container created", at, "network created", "container created");
            gap("container removed → network removed", at, "container removed", "network removed");
            Instant lastEngine = events.stream().map(e -> Instant.ofEpochSecond(0, e.epochNanos()))
                    .max(Comparator.naturalOrder()).orElse(null);
            if (lastEngine != null) {
                gaps.computeIfAbsent("last engine event → markComplete", k -> new ArrayList<>())
                        .add(millis(lastEngine, r.finishedAt()));
            }
            gaps.computeIfAbsent("job wall time: dequeue → markComplete", k -> new ArrayList<>())
                    .add(millis(r.dequeuedAt(), r.finishedAt()));
        }

        /** The frontend calls of each job: first and last log entry call, and how many of each kind. */
        void frontendCalls(List<JobRecord> done, List<RecordedRequest> requests) {
            Set<Long> ids = dequeued.keySet();
            Map<Long, List<RecordedRequest>> adds = new HashMap<>();
            Map<Long, List<RecordedRequest>> updates = new HashMap<>();
            for (RecordedRequest q : requests) {
                boolean add = q.path().endsWith("/addExecutionLogEntry");
                if (!add && !q.path().endsWith("/updateExecutionLogEntry")) {
                    continue;
                }
                long id;
                try {
                    id = q.json().path("jobId").asLong(-1);
                } catch (AssertionError e) {
                    continue;
                }
                if (ids.contains(id)) {
                    (add ? adds : updates).computeIfAbsent(id, k -> new ArrayList<>()).add(q);
                }
            }
            for (long id : ids) {
                List<RecordedRequest> a = adds.getOrDefault(id, List.of());
                List<RecordedRequest> u = updates.getOrDefault(id, List.of());
                counts.computeIfAbsent("addExecutionLogEntry calls", k -> new ArrayList<>()).add((double) a.size());
                counts.computeIfAbsent("updateExecutionLogEntry calls", k -> new ArrayList<>()).add((double) u.size());
                if (!a.isEmpty()) {
                    offsets.computeIfAbsent("first addExecutionLogEntry arrives", k -> new ArrayList<>())
                            .add(millis(dequeued.get(id), a.get(0).timestamp()));
                }
                List<RecordedRequest> all = new ArrayList<>(a);
                all.addAll(u);
                all.stream().map(RecordedRequest::timestamp).max(Comparator.naturalOrder()).ifPresent(t ->
                        offsets.computeIfAbsent("last log entry call arrives", k -> new ArrayList<>())
                                .add(millis(dequeued.get(id), t)));
            }
        }

        private final Map<String, List<Double>> counts = new LinkedHashMap<>();

        void addRows(Table table, String label, String how) {
            List<Map.Entry<String, List<Double>>> ordered = new ArrayList<>(offsets.entrySet());
            ordered.sort(Comparator.comparingDouble(e -> Stats.median(e.getValue())));
            boolean first = true;
            for (Map.Entry<String, List<Double>> e : ordered) {
                table.add(label + "dequeue → " + e.getKey(), medianP90(e.getValue()), first ? how + "; "
                        + "sources: frontend request log, Docker /events, inotify on TMPDIR and the state dir's jobs/"
                        : "", "");
                first = false;
            }
            gaps.forEach((what, values) -> table.add(label + what, medianP90(values), "per job, then median (p90)", ""));
            counts.forEach((what, values) -> table.add(label + what + " per job", count(Stats.median(values)),
                    "median; from the frontend's request log", ""));
        }

        private void gap(String name, Map<String, Instant> at, String from, String to) {
            if (at.containsKey(from) && at.containsKey(to)) {
                gaps.computeIfAbsent(name, k -> new ArrayList<>()).add(millis(at.get(from), at.get(to)));
            }
        }

        private static String medianP90(List<Double> values) {
            return fmt(Stats.median(values), "ms") + " (" + fmt(Stats.percentile(values, 90), "ms") + ")";
        }

        private static double millis(Instant from, Instant to) {
            return Duration.between(from, to).toNanos() / 1e6;
        }

        private static Instant max(Instant a, Instant b) {
            return a.isAfter(b) ? a : b;
        }

        /** Whether a directory name's first number is the job id (batches-7, workspace-7-x3f…). */
        private static boolean namesJob(String name, long id) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\d+").matcher(name);
            return m.find() && m.group().equals(Long.toString(id));
        }
    }
}
