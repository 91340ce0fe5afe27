package dev.executor.it;

import static dev.executor.testing.JobLogs.exitCode;
import static dev.executor.testing.JobLogs.keys;
import static dev.executor.testing.JobLogs.out;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.executor.testing.DockerProbe;
import dev.executor.testing.ExecutorEnv;
import dev.executor.testing.ExecutorUnderTest;
import dev.executor.testing.Jobs;
import dev.executor.testing.frontend.FakeFrontend;
import dev.executor.testing.frontend.GeneratedContent;
import dev.executor.testing.frontend.JobRecord;
import dev.executor.testing.frontend.JobRecord.State;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Job files from the frontend's file store (spec §1.9, §4.3), written into real workspaces and read back by real
 * containers. The executor runs with a 64 MiB heap: a file larger than the heap can only arrive if it is streamed.
 */
class FileStoreIT {

    static final String SECRET = "sk-executor-files-secret-7";
    static final Duration JOB_TIMEOUT = Duration.ofSeconds(120);
    static final String HEAP = "-Xmx64m";
    static final long LARGE = 100L * 1024 * 1024;

    static FakeFrontend frontend;
    static ExecutorEnv env;
    static ExecutorUnderTest executor;
    static final List<String> expectedViolations = new ArrayList<>();

    @BeforeAll
    static void start() {
        frontend = FakeFrontend.start(SECRET);
        env = ExecutorEnv.forFrontend(frontend, "batches");
        executor = ExecutorUnderTest.start("filestore", frontend, env, List.of(HEAP), JOB_TIMEOUT);
    }

    @AfterAll
    static void stop() {
        if (executor != null) {
            executor.stop(expectedViolations);
        }
    }

    @AfterEach
    void nothingLeftBehind() {
        executor.assertNothingLeftBehind();
        assertTrue(executor.process().isAlive(), "the executor keeps serving");
        assertFalse(executor.process().output().contains("OutOfMemoryError"), executor.process().output());
    }

    static JobRecord run(String json) {
        return executor.run(json);
    }

    @Test
    void storeFilesAreFetchedWithTheJobTokenAndGetTheirMtimeAndMode() {
        frontend.putFile("batch-changes", "spec1/file1", "#!/bin/sh\necho fixed\n".getBytes(StandardCharsets.UTF_8));
        JobRecord job = run(Jobs.job()
                .storeFile("workspace-files/scripts/fix.sh", "batch-changes", "spec1/file1", "2024-02-01T09:00:00Z")
                .file("input.json", "{\"inline\": true}")
                .step("look", "cat workspace-files/scripts/fix.sh", "stat -c '%Y %A' workspace-files/scripts/fix.sh",
                        "./workspace-files/scripts/fix.sh", "cat input.json; echo")
                .json());
        assertEquals(State.COMPLETED, job.state(), job.toString());
        String look = out(job, "step.docker.look");
        assertTrue(look.contains("stdout: echo fixed"), look);
        assertTrue(look.contains("stdout: 1706778000 -rwxrwxrwx"), "mtime from modifiedAt, mode 0777: " + look);
        assertTrue(look.contains("stdout: fixed"), "executable: " + look);
        assertTrue(look.contains("stdout: {\"inline\": true}"), look);
        var get = frontend.requests("/.executors/files/batch-changes/spec1/file1").stream()
                .filter(r -> r.method().equals("GET")).toList();
        assertEquals(1, get.size());
        assertEquals(200, get.get(0).status());
        assertEquals("Bearer " + job.token(), get.get(0).header("Authorization"));
        assertEquals(Long.toString(job.id()), get.get(0).header("X-Sourcegraph-Job-ID"));
        assertEquals(job.workerHostname(), get.get(0).header("X-Sourcegraph-Executor-Name"));
        String extras = out(job, "setup.fs.extras");
        assertTrue(extras.contains("/workspace-files/scripts/fix.sh in ") && extras.contains("/input.json in "), extras);
    }

    @Test
    void v1PayloadsFetchStoreFilesToo() {
        frontend.putFile("batch-changes", "spec2/file2", "v1 stored\n".getBytes(StandardCharsets.UTF_8));
        long id = frontend.enqueueRaw("batches", """
                {"id": ${id}, "token": "${token}", "repositoryName": "", "commit": "",
                 "files": {"ws/stored.txt": {"bucket": "batch-changes", "key": "spec2/file2", "modifiedAt": "0001-01-01T00:00:00Z"}},
                 "dockerSteps": [{"key": "cat", "image": "%s", "commands": ["cat ws/stored.txt"], "dir": "", "env": null}],
                 "cliSteps": null, "redactedValues": {}}
                """.formatted(DockerProbe.TEST_IMAGE));
        JobRecord job = executor.await(id);
        assertEquals(State.COMPLETED, job.state(), job.toString());
        assertTrue(out(job, "step.docker.cat").contains("stdout: v1 stored"));
    }

    @Test
    void aFileLargerThanTheHeapIsStreamedToDisk() {
        frontend.putGeneratedFile("batch-changes", "spec3/large", LARGE);
        long before = vmHighWaterMarkKb(executor.process().pid());
        JobRecord job = run(Jobs.job()
                .storeFile("large.bin", "batch-changes", "spec3/large", "")
                .step("check", "wc -c < large.bin", "sha256sum large.bin")
                .json());
        assertEquals(State.COMPLETED, job.state(), job.toString());
        String check = out(job, "step.docker.check");
        assertTrue(check.contains("stdout: " + LARGE + "\n"), check);
        assertTrue(check.contains("stdout: " + GeneratedContent.sha256Hex(LARGE) + "  large.bin"), check);
        // The heap limit already makes buffering the file impossible; the resident set shows no off-heap copy either.
        long after = vmHighWaterMarkKb(executor.process().pid());
        System.out.println("executor VmHWM before " + before + " kB, after " + after + " kB");
        assertTrue(before > 0 && after - before < LARGE / 1024 / 2,
                "peak resident set grew by " + (after - before) + " kB for a " + LARGE / 1024 + " kB file");
    }

    @Test
    void aDownloadTheFrontendRefusesForAMomentIsRetried() {
        frontend.putFile("batch-changes", "spec6/flaky", "arrived after retries\n".getBytes(StandardCharsets.UTF_8));
        frontend.failRoute("/spec6/flaky", 503, 2); // spec §4.11: 5xx is retried
        frontend.failRoute("/spec6/flaky", 429, 1);
        JobRecord job = run(Jobs.job()
                .storeFile("flaky.txt", "batch-changes", "spec6/flaky", "")
                .step("read", "cat flaky.txt")
                .json());
        assertEquals(State.COMPLETED, job.state(), job.toString());
        assertTrue(out(job, "step.docker.read").contains("stdout: arrived after retries\n"), out(job, "step.docker.read"));
        assertEquals(4, frontend.requests("/.executors/files/batch-changes/spec6/flaky").size(),
                "three refused tries and one that succeeded");
    }

    @Test
    void aMissingStoreFileFailsTheJobNamingTheFile() {
        JobRecord job = run(Jobs.job()
                .storeFile("missing.bin", "batch-changes", "spec4/nothing", "")
                .step("never", "true")
                .json());
        expectedViolations.add("GET /.executors/files/batch-changes/spec4/nothing -> 404: GET of unregistered file spec4/nothing");
        assertEquals(State.FAILED, job.state(), job.toString());
        assertTrue(job.failureMessage().startsWith("creating workspace: writing "), job.failureMessage());
        assertTrue(job.failureMessage().contains("/missing.bin") && job.failureMessage().contains("batch-changes/spec4/nothing")
                && job.failureMessage().contains("unexpected status code 404"), job.failureMessage());
        assertFalse(keys(job).contains("step.docker.never"));
        assertEquals(1, exitCode(job, "setup.fs.extras"));
    }

    @Test
    void absoluteAndEscapingPathsAreRefusedAndNothingIsWritten() throws IOException {
        Path parent = env.workspaces().getParent();
        for (String bad : List.of("/tmp/fs-it-absolute.txt", "a/../../fs-it-escaped.txt", "../../fs-it-up.txt")) {
            JobRecord job = run(Jobs.job().file("fine.txt", "ok").file(bad, "nope").step("never", "true").json());
            assertEquals(State.FAILED, job.state(), job.toString());
            assertTrue(job.failureMessage().contains("file path \"" + bad + "\""), job.failureMessage());
            assertFalse(keys(job).contains("step.docker.never"));
        }
        assertFalse(Files.exists(Path.of("/tmp/fs-it-absolute.txt")));
        assertFalse(Files.exists(parent.resolve("fs-it-escaped.txt")));
        assertFalse(Files.exists(parent.getParent().resolve("fs-it-up.txt")));
    }

    @Test
    void aKeyWithDotSegmentsNeverLeavesTheFilesRoute() {
        JobRecord job = run(Jobs.job()
                .storeFile("x.bin", "batch-changes", "../../queue/batches/markComplete", "")
                .step("never", "true")
                .json());
        assertEquals(State.FAILED, job.state(), job.toString());
        assertTrue(job.failureMessage().contains("file store key \"../../queue/batches/markComplete\" has an empty, \".\" or \"..\" segment"),
                job.failureMessage());
        assertTrue(frontend.requests().stream().noneMatch(r -> r.path().endsWith("/markComplete")
                && Long.toString(job.id()).equals(r.header("X-Sourcegraph-Job-ID"))), "the job token reached markComplete");
    }

    static long vmHighWaterMarkKb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException e) {
            return -1;
        }
        return -1;
    }

}
