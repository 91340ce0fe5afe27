package dev.executor.bench;

import static dev.executor.bench.ExecutorBenchmark.fmt;

import dev.executor.testing.ExecutorProcess;
import dev.executor.testing.frontend.FakeFrontend;

/**
 * Whether the executor's memory, threads and descriptors stay bounded under load: one executor of the default
 * configuration (per-job network on) at N slots runs {@code first} one-step jobs, then the rest up to {@code total}.
 * Both readings are taken when the executor is idle again after its batch (all jobs completed, then a short settle),
 * so they compare like with like: what the first batch left behind against what the whole run did.
 */
final class MemoryUnderLoad {

    static final int SETTLE_MILLIS = 3000;

    private record Reading(double rssMiB, long threads, long fds) {
        static Reading of(long pid) {
            return new Reading(ProcStats.rssMiB(pid), ProcStats.threads(pid), ProcStats.openFds(pid));
        }
    }

    private MemoryUnderLoad() {
    }

    static void measure(BenchLauncher executors, FakeFrontend frontend, int width, int first, int total, Table table)
            throws InterruptedException {
        try (ExecutorProcess executor = executors.start(frontend, "memory-" + width,
                WidthComparison.settings(width, true))) {
            WidthComparison.runJobs(frontend, first);
            Thread.sleep(SETTLE_MILLIS);
            Reading early = Reading.of(executor.pid());
            WidthComparison.runJobs(frontend, total - first);
            Thread.sleep(SETTLE_MILLIS);
            Reading late = Reading.of(executor.pid());
            String at = "after job " + first + " → after job " + total;
            String how = width + " slots, per-job network on, one-step `true` jobs enqueued in two batches (" + first
                    + ", then " + (total - first) + "); read " + SETTLE_MILLIS / 1000 + " s after each batch completed";
            table.add("memory under load: RSS " + at, fmt(early.rssMiB(), "MiB") + " → " + fmt(late.rssMiB(), "MiB")
                    + " (" + signed(late.rssMiB() - early.rssMiB(), "MiB") + ")", how + "; VmRSS", "growth ≤ 20 MiB");
            table.add("memory under load: threads " + at, early.threads() + " → " + late.threads() + " ("
                    + signed(late.threads() - early.threads(), "") + ")", "`Threads:` of /proc/<pid>/status",
                    "growth ≤ 5");
            table.add("memory under load: open descriptors " + at, early.fds() + " → " + late.fds() + " ("
                    + signed(late.fds() - early.fds(), "") + ")", "entries of /proc/<pid>/fd", "growth ≤ 5");
            table.add("memory under load: RSS peak", fmt(ProcStats.peakRssMiB(executor.pid()), "MiB"),
                    "VmHWM at the end of the " + total + " jobs", "");
            BenchLauncher.stop(executor);
        }
    }

    private static String signed(double value, String unit) {
        String number = value == Math.rint(value) && Math.abs(value) < 1e9 ? String.format("%+d", (long) value)
                : String.format("%+.1f", value);
        return unit.isEmpty() ? number : number + " " + unit;
    }
}
