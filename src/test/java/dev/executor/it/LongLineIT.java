package dev.executor.it;

import static dev.executor.testing.JobLogs.out;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.executor.testing.ExecutorEnv;
import dev.executor.testing.ExecutorUnderTest;
import dev.executor.testing.Jobs;
import dev.executor.testing.frontend.FakeFrontend;
import dev.executor.testing.frontend.JobRecord;
import dev.executor.testing.frontend.JobRecord.State;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A step that prints one line longer than the executor's line limit (32 MiB) to an executor with a 96 MiB heap: the
 * line is replaced by a note naming its length, the rest of the output is kept, and the executor keeps serving.
 * Buffered whole, a 48 MiB line does not fit that heap (the job ends with an OutOfMemoryError).
 */
class LongLineIT {

    static final String SECRET = "sk-executor-long-line-secret-3";
    static final long LINE = 48L * 1024 * 1024;

    static FakeFrontend frontend;
    static ExecutorUnderTest executor;

    @BeforeAll
    static void start() {
        frontend = FakeFrontend.start(SECRET);
        executor = ExecutorUnderTest.start("longline", frontend, ExecutorEnv.forFrontend(frontend, "batches"),
                List.of("-Xmx96m"), Duration.ofSeconds(120));
    }

    @AfterAll
    static void stop() {
        if (executor != null) {
            executor.stop(List.of());
        }
    }

    @Test
    void aLineOverTheLimitIsNotedAndTheRestOfTheOutputKept() {
        JobRecord job = executor.run(Jobs.job()
                .step("long", "head -c " + LINE + " /dev/zero | tr '\\0' a; echo; echo after-the-long-line")
                .step("next", "echo the next step runs")
                .json());
        String out = out(job, "step.docker.long");
        assertEquals(State.COMPLETED, job.state(), job + "\n" + executor.process().output());
        assertTrue(out.contains("stdout: [executor: a line of " + LINE + " bytes was dropped: it is longer than the "
                + 32 * 1024 * 1024 + "-byte line limit]\n"), out);
        assertTrue(out.contains("stdout: after-the-long-line\n"), out);
        assertTrue(out(job, "step.docker.next").contains("stdout: the next step runs\n"));
        assertTrue(executor.process().isAlive(), "the executor keeps serving");
        assertFalse(executor.process().output().contains("OutOfMemoryError"), executor.process().output());
        executor.assertNothingLeftBehind();
    }
}
