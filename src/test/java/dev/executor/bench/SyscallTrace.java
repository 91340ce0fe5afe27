package dev.executor.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Counts and times a few system calls of one process from outside with {@code perf trace -s} (Linux tracepoints,
 * which cost the traced process next to nothing): {@code fsync}/{@code fdatasync} (the journal's durability) and
 * {@code rename} (each atomic file replacement). perf attached to a pid misses threads started later, so it traces
 * the whole system and the summary is narrowed to the threads that belonged to the process, collected from
 * {@code /proc/<pid>/task} while the trace runs. Unavailable (no perf, no tracepoint access) → {@link #available()}
 * false.
 */
final class SyscallTrace implements AutoCloseable {

    static final List<String> SYSCALLS = List.of("fsync", "fdatasync", "rename", "renameat", "renameat2");
    private static final Pattern THREAD = Pattern.compile("^\\s*(.*) \\((\\d+)\\), \\d+ events");
    private static final Pattern ROW = Pattern.compile("^\\s*(\\w+)\\s+(\\d+)\\s+(\\d+)\\s+([\\d.]+)\\s");

    /** Calls and milliseconds of one syscall, in total and by thread name (digits stripped: a pool's name). */
    record Usage(long calls, double millis, Map<String, Long> callsByThread) {
    }

    private final long pid;
    private final Path output;
    private final Process perf;
    private final Map<Long, String> threads = new ConcurrentHashMap<>();
    private final Thread sampler;
    private volatile boolean running = true;
    private Map<String, Usage> usage = Map.of();

    SyscallTrace(long pid, Path output) {
        this.pid = pid;
        this.output = output;
        Process started;
        try {
            started = new ProcessBuilder("perf", "trace", "-a", "-s", "-e", String.join(",", SYSCALLS), "-o",
                    output.toString()).redirectErrorStream(true).redirectOutput(output.resolveSibling(
                    output.getFileName() + ".stderr").toFile()).start();
        } catch (IOException e) {
            started = null;
        }
        perf = started;
        sampler = new Thread(this::sample, "bench-task-sampler");
        sampler.setDaemon(true);
        sampler.start();
        sleep(1000); // perf needs a moment to attach its tracepoints
    }

    boolean available() {
        return perf != null && Files.exists(output);
    }

    private void sample() {
        Path tasks = Path.of("/proc", Long.toString(pid), "task");
        while (running) {
            try (var list = Files.list(tasks)) {
                list.forEach(t -> threads.computeIfAbsent(Long.parseLong(t.getFileName().toString()), tid -> comm(t)));
            } catch (IOException | RuntimeException e) {
                // the process or a thread ended between listing and reading
            }
            sleep(20);
        }
    }

    private static String comm(Path task) {
        try {
            return Files.readString(task.resolve("comm")).trim();
        } catch (IOException e) {
            return "?";
        }
    }

    /** Stops perf (SIGINT makes it write the summary) and reads the process's share of it. */
    @Override
    public void close() throws IOException {
        running = false;
        if (perf == null) {
            return;
        }
        try {
            new ProcessBuilder("kill", "-INT", Long.toString(perf.pid())).start().waitFor();
            if (!perf.waitFor(30, TimeUnit.SECONDS)) {
                perf.destroyForcibly();
            }
            sampler.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (Files.exists(output)) {
            usage = parse(Files.readAllLines(output));
        }
    }

    /** Per syscall name, what the process's threads did (after {@link #close()}). */
    Map<String, Usage> usage() {
        return usage;
    }

    private Map<String, Usage> parse(List<String> lines) {
        Map<String, long[]> calls = new TreeMap<>();
        Map<String, double[]> millis = new TreeMap<>();
        Map<String, Map<String, Long>> byThread = new TreeMap<>();
        String thread = null;
        for (String line : lines) {
            Matcher t = THREAD.matcher(line);
            if (t.find()) {
                long tid = Long.parseLong(t.group(2));
                thread = threads.containsKey(tid) ? threads.get(tid).replaceAll("[-_#]?\\d+$", "") : null;
                continue;
            }
            Matcher r = ROW.matcher(line);
            if (thread != null && r.find() && SYSCALLS.contains(r.group(1))) {
                String name = r.group(1).startsWith("rename") ? "rename" : r.group(1);
                long n = Long.parseLong(r.group(2));
                calls.computeIfAbsent(name, k -> new long[1])[0] += n;
                millis.computeIfAbsent(name, k -> new double[1])[0] += Double.parseDouble(r.group(4));
                byThread.computeIfAbsent(name, k -> new TreeMap<>()).merge(thread, n, Long::sum);
            }
        }
        Map<String, Usage> out = new TreeMap<>();
        calls.forEach((name, n) -> out.put(name, new Usage(n[0], millis.get(name)[0], byThread.get(name))));
        return out;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
