package dev.executor.it;

import static dev.executor.testing.JobLogs.command;
import static dev.executor.testing.JobLogs.entry;
import static dev.executor.testing.JobLogs.exitCode;
import static dev.executor.testing.JobLogs.keys;
import static dev.executor.testing.JobLogs.out;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.executor.testing.DockerProbe;
import dev.executor.testing.ExecutorEnv;
import dev.executor.testing.ExecutorUnderTest;
import dev.executor.testing.Jobs;
import dev.executor.testing.frontend.FakeFrontend;
import dev.executor.testing.frontend.JobRecord;
import dev.executor.testing.frontend.JobRecord.State;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The main path against a real Docker engine and the spec-enforcing fake frontend, through the packaged
 * executor running as a child process with {@code EXECUTOR_MAXIMUM_NUM_JOBS=2}.
 */
class SkeletonIT {

    static final String SECRET = "sk-executor-test-secret-0123456789";
    static final Duration JOB_TIMEOUT = Duration.ofSeconds(60);

    static FakeFrontend frontend;
    static ExecutorEnv env;
    static ExecutorUnderTest executor;

    @BeforeAll
    static void startExecutor() {
        frontend = FakeFrontend.start(SECRET);
        env = ExecutorEnv.forFrontend(frontend, "batches").with("EXECUTOR_MAXIMUM_NUM_JOBS", "2");
        executor = ExecutorUnderTest.start("skeleton", frontend, env, List.of(), JOB_TIMEOUT);
    }

    @AfterAll
    static void stop() {
        if (executor != null) {
            executor.stop(List.of()); // drains with exit 0, no violation at the frontend, closes it
        } else if (frontend != null) {
            frontend.close();
        }
    }

    @AfterEach
    void nothingLeftBehind() {
        executor.assertNothingLeftBehind();
    }

    static JobRecord run(String json) {
        return executor.run(json);
    }

    @Test
    void twoStepJobCompletesWithTheRightLogEntries() {
        JobRecord job = run(Jobs.job()
                .step("first", "echo hello from first", "echo to-stderr >&2")
                .step("second", "cat /data/hello.txt", "test \"$(pwd)\" = /data")
                .file("hello.txt", "file content")
                .json());

        assertEquals(State.COMPLETED, job.state(), job.toString());
        assertEquals("markComplete", job.finalCall());
        assertEquals(List.of("setup.fs.extras", "step.docker.first", "step.docker.second", "teardown.fs"), keys(job));

        JsonNode first = entry(job, "step.docker.first");
        assertEquals(0, first.get("exitCode").asInt());
        assertTrue(first.has("durationMs"));
        assertTrue(first.get("startTime").asText().matches("\\d{4}-\\d\\d-\\d\\dT.*Z"), first.toString());
        String out = first.get("out").asText();
        assertTrue(out.contains("stdout: hello from first\n"), out);
        assertTrue(out.contains("stderr: to-stderr\n"), out);
        assertTrue(out.contains("stderr: + echo hello from first\n"), "set -x echoes commands: " + out);

        List<String> command = command(job, "step.docker.first");
        assertEquals(List.of("docker", "run", "--rm", "--cpus", "1", "--memory", "256M"), command.subList(0, 7));
        assertEquals("-v", command.get(7));
        assertTrue(command.get(8).matches(".*/workspace-" + job.id() + "-[^/]+:/data"), command.get(8));
        assertEquals(List.of("-w", "/data", "--entrypoint", "/bin/sh", DockerProbe.TEST_IMAGE,
                "/data/.sourcegraph-executor/" + job.id() + ".0_@.sh"), command.subList(9, 15));

        assertTrue(out(job, "step.docker.second").contains("stdout: file content"));
        JsonNode extras = entry(job, "setup.fs.extras");
        assertTrue(extras.get("command").isNull());
        assertTrue(extras.get("out").asText().contains("hello.txt in "), extras.toString());
        assertTrue(out(job, "teardown.fs").startsWith("Removing "));
    }

    @Test
    void failingStepStopsTheJobAndLaterStepsDoNotRun() {
        JobRecord job = run(Jobs.job()
                .step("ok", "echo fine")
                .step("bad", "echo failing", "exit 3")
                .step("never", "echo should-not-run")
                .json());

        assertEquals(State.FAILED, job.state(), job.toString());
        assertEquals("markErrored", job.finalCall());
        assertEquals("running command \"step.docker.bad\": command failed with exit code 3", job.failureMessage());
        assertEquals(List.of("setup.fs.extras", "step.docker.ok", "step.docker.bad", "teardown.fs"), keys(job));
        assertEquals(3, exitCode(job, "step.docker.bad"));
    }

    @Test
    void stepWithoutKeyIsLoggedByIndex() {
        JobRecord job = run(Jobs.job().step("", "true").json());
        assertEquals(State.COMPLETED, job.state(), job.toString());
        assertEquals(List.of("setup.fs.extras", "step.docker.0", "teardown.fs"), keys(job));
    }

    @Test
    void neverMoreThanMaximumNumJobsAtOnce() {
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            ids.add(frontend.enqueue("batches", Jobs.job().step("sleep", "sleep 2").json()));
        }
        for (long id : ids) {
            assertEquals(State.COMPLETED, executor.await(id).state());
        }
        String name = frontend.job(ids.get(0)).workerHostname();
        assertEquals(2, frontend.maxConcurrentProcessing(name), "two slots: exactly two jobs at once at the peak");
    }

    @Test
    void secretsAreRedactedFromOutputCommandsAndErrors() {
        String jobSecret = "ghp_jobsecret123456";
        JobRecord job = run(Jobs.job()
                .step("leak", DockerProbe.TEST_IMAGE, "", List.of("TOKEN=" + jobSecret),
                        "echo token is $TOKEN", "echo executor secret " + SECRET, "exit 1")
                .redact(Map.of(jobSecret, "${{ secrets.TOKEN }}"))
                .json());

        String all = job.logEntries().toString() + job.failureMessage();
        assertFalse(all.contains(jobSecret), all);
        assertFalse(all.contains(SECRET), all);
        String out = out(job, "step.docker.leak");
        assertTrue(out.contains("stdout: token is ${{ secrets.TOKEN }}"), out);
        assertTrue(out.contains("stdout: executor secret SECRET_REMOVED"), out);
        assertTrue(entry(job, "step.docker.leak").get("command").toString().contains("TOKEN=${{ secrets.TOKEN }}"));
    }

    @Test
    void v1PayloadWithPlainFileContentWorks() {
        long id = frontend.enqueueRaw("batches", """
                {"id": ${id}, "token": "${token}", "repositoryName": "", "commit": "",
                 "files": {"dir/v1.txt": {"content": "plain v1 text", "modifiedAt": "2024-02-01T09:00:00Z"}},
                 "dockerSteps": [{"key": "cat", "image": "%s", "commands": ["cat dir/v1.txt; echo", "stat -c %%Y dir/v1.txt"], "dir": "", "env": null}],
                 "cliSteps": null, "redactedValues": {}}
                """.formatted(DockerProbe.TEST_IMAGE));
        JobRecord job = executor.await(id);
        assertEquals(State.COMPLETED, job.state(), job.toString());
        String out = out(job, "step.docker.cat");
        assertTrue(out.contains("stdout: plain v1 text"), out);
        assertTrue(out.contains("stdout: 1706778000"), "modifiedAt sets the mtime: " + out);
    }

    @Test
    void v2PayloadFilesAreBase64DecodedWithParentsCreated() {
        JobRecord job = run(Jobs.job()
                .file("a/b/c/v2.bin", "bytes \u00e9\u00e8 ok")
                .step("cat", "cat a/b/c/v2.bin; echo", "ls -l a/b/c/v2.bin")
                .json());
        assertEquals(State.COMPLETED, job.state(), job.toString());
        String out = out(job, "step.docker.cat");
        assertTrue(out.contains("stdout: bytes \u00e9\u00e8 ok"), out);
        assertTrue(out.contains("stdout: -rwxrwxrwx"), out);
    }

    @Test
    void fileEscapingTheWorkspaceIsRefusedAndNothingIsWrittenOutside() {
        Path outside = env.workspaces().getParent().resolve("escaped.txt");
        JobRecord job = run(Jobs.job()
                .file("../escaped.txt", "nope")
                .step("never", "echo should-not-run")
                .json());
        assertEquals(State.FAILED, job.state(), job.toString());
        assertTrue(job.failureMessage().contains("\"../escaped.txt\" escapes the workspace"), job.failureMessage());
        assertFalse(Files.exists(outside));
        assertFalse(keys(job).contains("step.docker.never"));
    }

    @Test
    void stepDirEscapingTheWorkspaceIsRefusedBeforeAnyContainerStarts() {
        JobRecord job = run(Jobs.job()
                .step("fine", "echo first")
                .step("evil", DockerProbe.TEST_IMAGE, "../../etc", List.of(), "cat passwd")
                .json());
        assertEquals(State.FAILED, job.state(), job.toString());
        assertTrue(job.failureMessage().contains("step \"step.docker.evil\" dir \"../../etc\" escapes the workspace"),
                job.failureMessage());
        assertFalse(keys(job).contains("step.docker.fine"), "no step ran: " + keys(job));
    }

    @Test
    void missingImageIsAStepErrorNamingTheImage() {
        JobRecord job = run(Jobs.job()
                .step("pull", "executor-test/does-not-exist:1.0", "", List.of(), "true")
                .json());
        assertEquals(State.FAILED, job.state(), job.toString());
        assertTrue(job.failureMessage().startsWith("running command \"step.docker.pull\": "), job.failureMessage());
        assertTrue(job.failureMessage().contains("executor-test/does-not-exist:1.0"), job.failureMessage());
        JsonNode entry = entry(job, "step.docker.pull");
        assertNotNull(entry.get("exitCode"));
        assertTrue(entry.get("out").asText().contains("executor-test/does-not-exist:1.0"));
    }

    @Test
    void jobLongerThanTheStaleAgeKeepsItsLeaseThroughHeartbeats() {
        JobRecord job = run(Jobs.job().step("long", "sleep 32", "echo done").json());
        assertEquals(State.COMPLETED, job.state(), job.toString());
        assertEquals(0, job.numResets(), "the frontend's resetter must not have re-queued the job");
        assertEquals(1, job.dequeueCount());
        assertNull(job.failureMessage());
    }
}
