package dev.executor.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.executor.testing.frontend.FakeFrontend;
import dev.executor.testing.frontend.JobRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.stream.Stream;

/**
 * One packaged executor against one fake frontend, as an integration-test class uses it: started and ready, checked
 * after each test for what a job must not leave behind, and stopped with SIGTERM at the end, when the frontend must
 * have seen no protocol violation. It owns both: {@link #stop} closes the frontend too.
 */
public final class ExecutorUnderTest {

    private final FakeFrontend frontend;
    private final ExecutorEnv env;
    private final ExecutorProcess process;
    private final Duration jobTimeout;

    private ExecutorUnderTest(FakeFrontend frontend, ExecutorEnv env, ExecutorProcess process, Duration jobTimeout) {
        this.frontend = frontend;
        this.env = env;
        this.process = process;
        this.jobTimeout = jobTimeout;
    }

    /** Starts {@code executor run} with {@code env} (and extra VM options) and waits until it is ready. */
    public static ExecutorUnderTest start(String name, FakeFrontend frontend, ExecutorEnv env, List<String> vmOptions,
            Duration jobTimeout) {
        ExecutorProcess process = ExecutorProcess.start(name, env.map(), vmOptions);
        try {
            process.awaitHttp200("/q/health/ready", Duration.ofSeconds(60));
        } catch (RuntimeException | Error e) {
            process.close(); // never ready: the caller gets no handle to stop it with
            throw e;
        }
        return new ExecutorUnderTest(frontend, env, process, jobTimeout);
    }

    public FakeFrontend frontend() {
        return frontend;
    }

    public ExecutorEnv env() {
        return env;
    }

    public ExecutorProcess process() {
        return process;
    }

    /** Enqueues a job on {@code batches} and waits until the frontend has it in a terminal state. */
    public JobRecord run(String jobJson) {
        return frontend.awaitTerminal(frontend.enqueue("batches", jobJson), jobTimeout);
    }

    public JobRecord await(long jobId) {
        return frontend.awaitTerminal(jobId, jobTimeout);
    }

    /** No container of this executor, no workspace (or anything else under its TMPDIR), no secret in its output. */
    public void assertNothingLeftBehind() {
        for (String name : frontend.executorNamesSeen()) {
            assertEquals(List.of(), DockerProbe.containersOfExecutorName(name), "containers left behind");
        }
        if (Files.isDirectory(env.workspaces())) {
            try (Stream<Path> left = Files.list(env.workspaces())) {
                assertEquals(List.of(), left.toList(), "workspaces left behind");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        assertFalse(process.output().contains(frontend.secret()), "the executor's own log contains the secret");
    }

    /**
     * SIGTERM, exit 0, and no violation at the frontend other than {@code expectedViolations}; the process and the
     * frontend are closed whatever the checks find.
     */
    public void stop(Collection<String> expectedViolations) {
        boolean stopped = false;
        try {
            Teardown.stop(process, frontend, expectedViolations);
            stopped = true;
        } finally {
            process.close(); // kills it if it did not exit
            if (!stopped) {
                frontend.close();
            }
        }
    }
}
