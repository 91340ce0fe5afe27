package dev.executor.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.executor.testing.frontend.FakeFrontend;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Many small jobs at once (docs/BENCHMARKS.md, "Concurrency"): throughput of one-step jobs at N = 1, 2, 4, 8 slots
 * against docker-java and {@code docker run --rm} loops N-wide, with and without a network per job; where a job's
 * wall time goes at the focus width; memory, threads and descriptors over a long run at the focus width. Prints one
 * table (also {@code target/benchmark-concurrency.md}); asserts nothing about speed. Run with
 * {@code ./mvnw -B verify -Pbench -Dbench.include=ConcurrencyBenchmark}.
 *
 * <p>System properties bound the run (the defaults are the documented run; a smoke run passes small ones):
 * {@code bench.concurrency.widths} (1,2,4,8; empty skips the comparison), {@code .rounds} (3), {@code .jobsPerRound} (24), {@code .warmupJobs}
 * (4), {@code .focusWidth} (4), {@code .breakdownJobs} (40), {@code .memoryJobs} (500; 0 skips) and
 * {@code .memoryFirst} (100).
 */
class ConcurrencyBenchmark {

    static final String SECRET = "bench-secret-0123456789abcdef";

    /** What the run measures and how much; see the class comment for the properties. */
    record Settings(List<Integer> widths, int rounds, int jobsPerRound, int warmupJobs, int focusWidth,
            int breakdownJobs, int memoryJobs, int memoryFirst) {

        static Settings fromSystemProperties() {
            String p = "bench.concurrency.";
            return new Settings(
                    Arrays.stream(System.getProperty(p + "widths", "1,2,4,8").split(",")).map(String::trim)
                            .filter(w -> !w.isEmpty()).map(Integer::parseInt).toList(),
                    Integer.getInteger(p + "rounds", 3), Integer.getInteger(p + "jobsPerRound", 24),
                    Integer.getInteger(p + "warmupJobs", 4), Integer.getInteger(p + "focusWidth", 4),
                    Integer.getInteger(p + "breakdownJobs", 40), Integer.getInteger(p + "memoryJobs", 500),
                    Integer.getInteger(p + "memoryFirst", 100));
        }

        @Override
        public String toString() {
            return "widths " + widths + ", " + rounds + " rounds of " + jobsPerRound + " jobs per side (warm-up "
                    + warmupJobs + "), focus width " + focusWidth + ", breakdown " + breakdownJobs + " jobs, memory "
                    + memoryFirst + " → " + memoryJobs + " jobs";
        }
    }

    @Test
    void run() throws Exception {
        Settings settings = Settings.fromSystemProperties();
        long started = System.nanoTime();
        Path scratch = Files.createTempDirectory(Path.of("target"), "bench-concurrency").toAbsolutePath();
        BenchLauncher executors = BenchLauncher.prepare();
        Table table = new Table();
        try (FakeFrontend frontend = FakeFrontend.start(SECRET)) {
            BareDockerLoops loops = new BareDockerLoops(scratch);
            WidthComparison widths = new WidthComparison(executors, frontend, loops, settings.rounds(),
                    settings.jobsPerRound(), settings.warmupJobs());
            for (int width : settings.widths()) {
                widths.measure(width, false);
                widths.measure(width, true);
            }
            widths.addRows(table, executors.description);
            JobBreakdown breakdown = new JobBreakdown(executors, frontend, scratch);
            for (boolean network : List.of(false, true)) {
                breakdown.measure(settings.focusWidth(), network, settings.breakdownJobs(), table);
            }
            if (settings.memoryJobs() > 0) {
                MemoryUnderLoad.measure(executors, frontend, settings.focusWidth(), settings.memoryFirst(),
                        settings.memoryJobs(), table);
            }
            assertEquals(List.of(), frontend.violations());
        }
        String rendered = executors.header() + "Run: " + settings + "; took "
                + Math.round((System.nanoTime() - started) / 1e9) + " s\n\n" + table.render();
        System.out.println();
        System.out.println(rendered);
        Files.writeString(Path.of("target", "benchmark-concurrency.md"), rendered);
    }
}
