package dev.executor.bench;

import static dev.executor.bench.ExecutorBenchmark.fmt;
import static dev.executor.bench.JobBreakdown.count;

import dev.executor.bench.DockerEvents.DockerEvent;
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

/**
 * Each job's milestones as milliseconds after its dequeue (the fake frontend's moment of handing it out), from what
 * was seen outside the executor: its workspace and journal directories appearing and going, its containers' and
 * network's engine events, its log entry calls and its markComplete; and the gaps between some of them.
 */
final class JobTimelines {

    private final Map<String, List<Double>> offsets = new LinkedHashMap<>();
    private final Map<String, List<Double>> gaps = new LinkedHashMap<>();
    private final Map<Long, Instant> dequeued = new HashMap<>();
    private final Map<String, List<Double>> counts = new LinkedHashMap<>();

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
    void frontendCalls(List<RecordedRequest> requests) {
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
