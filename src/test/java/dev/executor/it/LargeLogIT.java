package dev.executor.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.executor.testing.ExecutorEnv;
import dev.executor.testing.ExecutorProcess;
import dev.executor.testing.Jobs;
import dev.executor.testing.ProcessMemory;
import dev.executor.testing.frontend.FakeFrontend;
import dev.executor.testing.frontend.JobRecord;
import dev.executor.testing.frontend.JobRecord.State;
import dev.executor.testing.frontend.RecordedRequest;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A step that prints ~200 MB (set {@code -Dlargelog.mb=1000} for the 1 GB benchmark): the job completes, the entry
 * is cut to {@code EXECUTOR_MAX_LOG_ENTRY_BYTES} as head + marker + tail of whole lines, the executor's memory
 * stays flat, and the update bodies sent for the entry total under 4× its final body. Both figures are printed.
 */
class LargeLogIT {

    static final String SECRET = "sk-large-log-secret-0123456789";
    /** 99 characters + newline: the output is a whole number of lines. */
    static final String LINE = "0123456789abcdefghijklmnopqrstuvwxyz".repeat(3).substring(0, 99);
    static final long MIB = 1024 * 1024;

    @Test
    void hugeOutputIsCutSentLinearlyAndMemoryStaysFlat() throws Exception {
        long megabytes = Long.getLong("largelog.mb", 200);
        long bytes = megabytes * 1_000_000L;
        long lines = bytes / 100;
        try (FakeFrontend frontend = FakeFrontend.start(SECRET)) {
            ExecutorEnv env = ExecutorEnv.forFrontend(frontend, "batches").with("SRC_LOG_LEVEL", "info");
            try (ExecutorProcess executor = ExecutorProcess.start("large-log", env.map());
                    ProcessMemory memory = new ProcessMemory(executor.pid(), 100)) {
                executor.awaitHttp200("/q/health/ready", Duration.ofSeconds(60));
                long idleKb = memory.rssKb();
                long id = frontend.enqueue("batches", Jobs.job()
                        .step("print", "yes " + LINE + " | head -c " + bytes, "echo done")
                        .json());
                frontend.awaitState(id, Duration.ofSeconds(30), State.PROCESSING);
                // Measure from when output flows: the first step update (JIT, buffers and the container's first
                // second are start-up costs, not growth with output).
                awaitFirstUpdate(frontend, id);
                long flowing = System.nanoTime();
                JobRecord job = frontend.awaitTerminal(id, Duration.ofMinutes(15));
                long done = System.nanoTime();
                long peakKb = memory.peakKb();

                assertEquals(State.COMPLETED, job.state(), job.toString());
                JsonNode entry = job.logEntries().get(1);
                assertEquals("step.docker.print", entry.get("key").asText());
                String out = entry.get("out").asText();
                long cap = 16 * MIB;
                assertTrue(out.length() <= cap, "cut to the cap: " + out.length());
                Matcher m = Pattern.compile("(?m)^stderr: \\.\\.\\. (\\d+) bytes \\((\\d+) lines\\) omitted by the executor: "
                        + "entry exceeds EXECUTOR_MAX_LOG_ENTRY_BYTES=16M \\.\\.\\.$").matcher(out);
                assertTrue(m.find(), "marker line present");
                long omittedLines = Long.parseLong(m.group(2));
                String head = out.substring(0, m.start());
                String tail = out.substring(m.end() + 1);
                assertTrue(head.endsWith("\n") && tail.endsWith("\n"), "whole lines");
                long kept = count(head, "stdout: " + LINE + "\n") + count(tail, "stdout: " + LINE + "\n");
                assertEquals(lines, kept + omittedLines, "every printed line is kept or counted as omitted");
                // stdout and stderr are separate pipes: "+ echo done" (stderr) may arrive after "done" (stdout).
                String end = tail.substring(Math.max(0, tail.length() - 300));
                assertTrue(end.contains("stdout: done\n"), "the tail is the end of the output: " + end);
                System.out.println("LargeLogIT: stderr lines kept: " + java.util.Arrays.stream((head + tail).split("\n"))
                        .filter(l -> l.startsWith("stderr: ")).map(l -> l.substring(0, Math.min(60, l.length()))).toList());
                // Every stdout line kept is whole. (stderr holds the shell's "+ cmd" traces, whose "+ " the shell
                // writes separately: with two commands of a pipeline traced at once they can interleave.)
                for (String line : (head + tail).split("\n")) {
                    assertTrue(line.equals("stdout: " + LINE) || line.equals("stdout: done") || line.startsWith("stderr: "),
                            "only whole lines: " + line.substring(0, Math.min(120, line.length())));
                }

                List<RecordedRequest> updates = frontend.updates(id, 2);
                long total = frontend.totalUpdateBytes(id, 2);
                long finalBody = updates.get(updates.size() - 1).bodySize();
                System.out.printf("LargeLogIT: printed %d MB in %d lines; entry cut to %d bytes; %d updates sent "
                        + "%d bytes = %.2f x the final body of %d bytes (Sourcegraph's 1 s full re-send would be "
                        + "about %d MB)%n", megabytes, lines + 1, out.length(), updates.size(), total,
                        (double) total / finalBody, finalBody, quadraticEstimateMb(job, bytes));
                // The JVM's young generation fills its (bounded) heap in the first seconds of heavy output: a one-off
                // step, not growth with output. Flat means: printing the second half adds nothing to the first's peak.
                long half = flowing + (done - flowing) / 2;
                long warm = flowing + (done - flowing) / 4;
                List<ProcessMemory.Sample> firstHalf = memory.between(flowing, half);
                List<ProcessMemory.Sample> secondHalf = memory.between(half, done);
                List<ProcessMemory.Sample> afterWarmUp = memory.between(warm, done);
                long firstMax = ProcessMemory.maxKb(firstHalf);
                long secondMax = ProcessMemory.maxKb(secondHalf);
                System.out.printf("LargeLogIT: executor RSS idle %d MiB; from the first update to completion: max %d MiB "
                        + "in the first half, %d MiB in the second half (%+d MiB); after the first quarter between %d and "
                        + "%d MiB (range %d MiB); VmHWM %d MiB%n", idleKb / 1024, firstMax / 1024, secondMax / 1024,
                        (secondMax - firstMax) / 1024, ProcessMemory.minKb(afterWarmUp) / 1024,
                        ProcessMemory.maxKb(afterWarmUp) / 1024,
                        (ProcessMemory.maxKb(afterWarmUp) - ProcessMemory.minKb(afterWarmUp)) / 1024, peakKb / 1024);
                assertTrue(secondMax - firstMax < 20 * 1024, "memory flat while printing: the second half of the output "
                        + "raised the peak by " + (secondMax - firstMax) / 1024 + " MiB");
                assertTrue(total <= 4 * finalBody, "update bytes " + total + " within 4x the final body " + finalBody);
                CrashRecoveryIT.stopCleanly(frontend, executor);
            }
        }
    }

    private static void awaitFirstUpdate(FakeFrontend frontend, long id) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < end && frontend.updates(id, 2).isEmpty()) {
            Thread.sleep(50);
        }
    }

    /** What re-sending the whole output every second would have cost over the job's duration, roughly. */
    private static long quadraticEstimateMb(JobRecord job, long bytes) {
        long seconds = Math.max(1, Duration.between(job.dequeuedAt(), job.finishedAt()).toSeconds());
        return bytes / 2 * seconds / 1_000_000L;
    }

    private static long count(String text, String line) {
        long n = 0;
        for (int i = text.indexOf(line); i >= 0; i = text.indexOf(line, i + line.length())) {
            n++;
        }
        return n;
    }
}
