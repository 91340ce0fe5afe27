package dev.executor.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.executor.config.GoDuration;
import dev.executor.logs.EntrySnapshot;
import dev.executor.logs.LogCap;
import dev.executor.logs.LogEntrySink;
import dev.executor.model.DockerStep;
import dev.executor.model.Job;
import dev.executor.model.JobFile;
import dev.executor.model.JobRef;
import dev.executor.observe.metrics.CommandMetrics;
import dev.executor.observe.metrics.ExecutorMetrics;
import dev.executor.recovery.JobJournals;
import dev.executor.recovery.StateDir;
import dev.executor.runtime.BoundedExecutors;
import dev.executor.runtime.Cancellation;
import dev.executor.runtime.StepResult;
import dev.executor.runtime.StepSpec;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.helpers.test.UniAssertSubscriber;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job pipeline against a {@link FakeRuntime}: step order, the first failure, cancel, deadline and drain in the
 * middle of a step, the skip protocol, the job's environment, and where the pipeline runs. Outcomes and messages are
 * the ones Sourcegraph's executor reports (spec §4.8).
 */
class JobRunnerTest {

    static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    final FakeRuntime runtime = new FakeRuntime();
    final RecordingSink sink = new RecordingSink();
    final ScheduledExecutorService logSync = BoundedExecutors.scheduled("test-log-sync", 1);
    final ExecutorService work = BoundedExecutors.fixed("job-work", 3);

    @AfterEach
    void stop() {
        logSync.shutdownNow();
        work.shutdownNow();
    }

    /** Keeps each entry's last state, by id, in creation order. */
    static final class RecordingSink implements LogEntrySink {
        final Map<Integer, EntrySnapshot> entries = Collections.synchronizedMap(new LinkedHashMap<>());

        @Override
        public synchronized int add(EntrySnapshot entry, Attempt attempt) {
            int id = entries.size() + 1;
            entries.put(id, entry);
            return id;
        }

        @Override
        public void update(int entryId, EntrySnapshot entry, Attempt attempt) {
            entries.put(entryId, entry);
        }

        List<String> keys() {
            synchronized (entries) {
                return entries.values().stream().map(EntrySnapshot::key).toList();
            }
        }

        EntrySnapshot entry(String key) {
            synchronized (entries) {
                return entries.values().stream().filter(e -> e.key().equals(key)).findFirst().orElseThrow();
            }
        }
    }

    JobRunner runner(Duration maximumRuntime) throws IOException {
        Path workspaces = Files.createDirectories(dir.resolve("workspaces"));
        JobSettings settings = new JobSettings("exec-1", "frontend-secret", workspaces, null, false, maximumRuntime,
                new StepSpec.Resources(1, 0, "0"), List.of(), null, new LogCap(1 << 20, "1M"));
        return new JobRunner(settings, runtime, (job, ref, repoDir, log, cancel) -> {
            throw new AssertionError("no repository to clone");
        }, ref -> (bucket, key) -> {
            throw new IOException("no file store");
        }, logSync, 50, new JobJournals(new StateDir(dir.resolve("state")), "exec-1"),
                new CommandMetrics(new SimpleMeterRegistry()), ExecutorMetrics.discarding(),
                dev.executor.config.HostEnvironment.of(Map.of("PATH", "/usr/bin")),
                work);
    }

    static Job job(Map<String, JobFile> files, String... stepKeys) {
        List<DockerStep> steps = new ArrayList<>();
        for (String key : stepKeys) {
            steps.add(new DockerStep(key, "alpine:3", List.of("echo " + key), null, List.of()));
        }
        return new Job(2, 42, "batches", "job-token", null, null, null, false, false, null, files, steps, null,
                Map.of(), null);
    }

    static Job job(String... stepKeys) {
        return job(Map.of(), stepKeys);
    }

    static final JobRef REF = new JobRef(42, "batches", "job-token");

    JobOutcome run(JobRunner runner, Job job, Cancellation cancellation) {
        return runner.run(job, REF, sink, cancellation).subscribe().withSubscriber(UniAssertSubscriber.create())
                .awaitItem(WAIT).getItem();
    }

    @Test
    void stepsRunInOrderAndTheJobCompletes() throws Exception {
        JobOutcome outcome = run(runner(Duration.ZERO), job("a", "b", "c"), new Cancellation());
        assertEquals(new JobOutcome.Completed(), outcome);
        assertEquals(List.of("step.docker.a", "step.docker.b", "step.docker.c"), runtime.ran);
        assertEquals(List.of("setup.fs.extras", "step.docker.a", "step.docker.b", "step.docker.c", "teardown.fs"),
                sink.keys());
        for (String key : List.of("step.docker.a", "step.docker.b", "step.docker.c")) {
            assertEquals(0, sink.entry(key).exitCode(), key);
            assertTrue(sink.entry(key).out().text().contains("stdout: ran " + key), sink.entry(key).out().text());
        }
        assertEquals(1, runtime.environmentsMade.get());
        assertEquals(1, runtime.environmentsClosed.get(), "the job's environment is removed before the outcome");
    }

    @Test
    void theFirstFailingStepEndsTheJobAndLaterStepsNeverStart() throws Exception {
        runtime.behaviours.put("step.docker.b", FakeRuntime.exits(3));
        JobOutcome outcome = run(runner(Duration.ZERO), job("a", "b", "c"), new Cancellation());
        assertEquals(new JobOutcome.Errored("running command \"step.docker.b\": command failed with exit code 3"), outcome);
        assertEquals(List.of("step.docker.a", "step.docker.b"), runtime.ran);
        assertEquals(3, sink.entry("step.docker.b").exitCode());
        assertTrue(sink.keys().contains("teardown.fs"), "the workspace is torn down after a failure");
        assertEquals(1, runtime.environmentsClosed.get());
    }

    @Test
    void aStepThatCannotStartIsLoggedWithExitCode125() throws Exception {
        runtime.behaviours.put("step.docker.a", (spec, output, cancel) ->
                Uni.createFrom().failure(FakeRuntime.startFailure("image \"alpine:3\" is not present")));
        JobOutcome outcome = run(runner(Duration.ZERO), job("a", "b"), new Cancellation());
        assertEquals(new JobOutcome.Errored("running command \"step.docker.a\": image \"alpine:3\" is not present"),
                outcome);
        assertEquals(125, sink.entry("step.docker.a").exitCode());
        assertEquals(List.of("step.docker.a"), runtime.ran);
    }

    @Test
    void aCancelMidStepStopsItAndFailsTheJob() throws Exception {
        runtime.behaviours.put("step.docker.b", FakeRuntime.runsUntilCancelled());
        Cancellation cancellation = new Cancellation();
        JobRunner runner = runner(Duration.ZERO);
        UniAssertSubscriber<JobOutcome> job = runner.run(job("a", "b", "c"), REF, sink, cancellation).subscribe()
                .withSubscriber(UniAssertSubscriber.create());
        assertTrue(runtime.startOf("step.docker.b").await(WAIT.toSeconds(), TimeUnit.SECONDS));
        cancellation.cancel(Cancellation.Reason.CANCELED);
        JobOutcome outcome = job.awaitItem(WAIT).getItem();
        assertEquals(new JobOutcome.Failed("running command \"step.docker.b\": job was canceled"), outcome);
        assertEquals(List.of("step.docker.a", "step.docker.b"), runtime.ran);
        assertEquals(-1, sink.entry("step.docker.b").exitCode());
        assertTrue(sink.entry("step.docker.b").out().text()
                .contains("stderr: step stopped: job was canceled; stopped on SIGTERM (exit code 143)"),
                sink.entry("step.docker.b").out().text());
        assertEquals(1, runtime.environmentsClosed.get());
    }

    @Test
    void theDeadlineMidStepErrorsTheJobWithSourcegraphsMessage() throws Exception {
        runtime.behaviours.put("step.docker.a", FakeRuntime.runsUntilCancelled());
        Duration maximum = Duration.ofMillis(300);
        JobOutcome outcome = run(runner(maximum), job("a", "b"), new Cancellation());
        assertEquals(new JobOutcome.Errored("job exceeded maximum execution time of " + GoDuration.format(maximum)
                + ": context deadline exceeded"), outcome);
        assertEquals(List.of("step.docker.a"), runtime.ran);
    }

    @Test
    void drainMidStepAbandonsTheJobForTheFrontendToRequeue() throws Exception {
        runtime.behaviours.put("step.docker.a", FakeRuntime.runsUntilCancelled());
        Cancellation cancellation = new Cancellation();
        UniAssertSubscriber<JobOutcome> job = runner(Duration.ZERO).run(job("a", "b"), REF, sink, cancellation)
                .subscribe().withSubscriber(UniAssertSubscriber.create());
        assertTrue(runtime.startOf("step.docker.a").await(WAIT.toSeconds(), TimeUnit.SECONDS));
        cancellation.cancel(Cancellation.Reason.SHUTDOWN);
        assertEquals(new JobOutcome.Abandoned("executor is shutting down"), job.awaitItem(WAIT).getItem());
        assertEquals(List.of("step.docker.a"), runtime.ran);
        assertTrue(sink.keys().contains("teardown.fs"));
    }

    @Test
    void aCancelBetweenStepsStartsNoFurtherStep() throws Exception {
        Cancellation cancellation = new Cancellation();
        runtime.behaviours.put("step.docker.a", (spec, output, cancel) -> Uni.createFrom().item(() -> {
            cancellation.cancel(Cancellation.Reason.UNKNOWN_TO_FRONTEND); // as the heartbeat would, just as it ends
            return new StepResult(0, false);
        }));
        JobOutcome outcome = run(runner(Duration.ZERO), job("a", "b"), cancellation);
        assertEquals(new JobOutcome.Errored("job is no longer known to the frontend"), outcome);
        assertEquals(List.of("step.docker.a"), runtime.ran);
    }

    @Test
    void theSkipProtocolSkipsToTheStepTheFileNames() throws Exception {
        runtime.behaviours.put("step.docker.x.pre", (spec, output, cancel) -> Uni.createFrom().item(() -> {
            try {
                Files.writeString(spec.hostWorkspace().resolve(SkipProtocol.FILE), "{\"nextStep\":\"z\"}");
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            return new StepResult(0, false);
        }));
        JobOutcome outcome = run(runner(Duration.ZERO), job("x.pre", "y", "z"), new Cancellation());
        assertEquals(new JobOutcome.Completed(), outcome);
        assertEquals(List.of("step.docker.x.pre", "step.docker.z"), runtime.ran);
        assertFalse(sink.keys().contains("step.docker.y"), sink.keys().toString());
    }

    @Test
    void anEnvironmentThatCannotBeMadeFailsTheJobBeforeAnyStep() throws Exception {
        runtime.environmentFailure = FakeRuntime.startFailure("creating the job's network batches-42: no address pools");
        JobOutcome outcome = run(runner(Duration.ZERO), job("a"), new Cancellation());
        assertEquals(new JobOutcome.Errored("creating the job's network batches-42: no address pools"), outcome);
        assertEquals(List.of(), runtime.ran);
        assertTrue(sink.keys().contains("teardown.fs"));
    }

    @Test
    void aFailedPreparationStillRemovesTheEnvironmentMadeMeanwhile() throws Exception {
        JobOutcome outcome = run(runner(Duration.ZERO),
                job(Map.of("../outside.txt", new JobFile("aGk=", null, null, null)), "a"), new Cancellation());
        assertTrue(outcome instanceof JobOutcome.Errored e && e.message().startsWith("creating workspace: "),
                outcome.toString());
        assertEquals(List.of(), runtime.ran);
        assertEquals(1, sink.entry("setup.fs.extras").exitCode());
        assertEquals(runtime.environmentsMade.get(), runtime.environmentsClosed.get(), "environment left behind");
    }

    @Test
    void thePipelineRunsOnTheJobWorkExecutorNotTheSubscribersThread() throws Exception {
        run(runner(Duration.ZERO), job("a", "b"), new Cancellation());
        String test = Thread.currentThread().getName();
        assertFalse(runtime.threads.isEmpty());
        for (String thread : runtime.threads) {
            assertTrue(thread.startsWith("job-work-"), runtime.threads + " (test thread " + test + ")");
        }
    }
}
