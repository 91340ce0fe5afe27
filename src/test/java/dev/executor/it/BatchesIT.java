package dev.executor.it;

import static dev.executor.testing.JobLogs.entry;
import static dev.executor.testing.JobLogs.exitCode;
import static dev.executor.testing.JobLogs.keys;
import static dev.executor.testing.JobLogs.lines;
import static dev.executor.testing.JobLogs.out;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.executor.testing.DockerProbe;
import dev.executor.testing.ExecutorEnv;
import dev.executor.testing.ExecutorUnderTest;
import dev.executor.testing.Jobs;
import dev.executor.testing.frontend.FakeFrontend;
import dev.executor.testing.frontend.JobRecord;
import dev.executor.testing.frontend.JobRecord.State;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Batch-changes specifics (spec §4.6, §4.8, §9.1): the {@code .pre}/{@code skip.json} protocol with real
 * containers, the exact {@code stdout: } prefixes the server parses, and {@code cliSteps} run on the host with a
 * stand-in {@code src} on the executor's PATH, plus an executor that has no {@code src} at all.
 */
class BatchesIT {

    static final String SECRET = "sk-executor-batches-secret-99";
    static final Duration JOB_TIMEOUT = Duration.ofSeconds(90);

    /** Reports what it was given; exits with the number in ./fail-with when that file exists. */
    static final String STAND_IN_SRC = """
            #!/bin/sh
            echo "args: $*"
            echo "pwd: $(pwd)"
            echo "secret: $MY_SECRET"
            echo "docker-config: ${DOCKER_CONFIG:-none}"
            if [ -n "$DOCKER_CONFIG" ]; then echo "config.json: $(cat "$DOCKER_CONFIG/config.json")"; fi
            env | sed 's/^/env: /'
            ls | sed 's/^/ls: /'
            echo "to stderr" >&2
            if [ -f fail-with ]; then exit "$(cat fail-with)"; fi
            exit 0
            """;

    static FakeFrontend frontend;
    static ExecutorUnderTest executor;
    static Path srcDir;

    @BeforeAll
    static void start() throws IOException {
        srcDir = Files.createTempDirectory(Path.of("target", "it-work").toAbsolutePath(), "src-bin-");
        Path src = srcDir.resolve("src");
        Files.writeString(src, STAND_IN_SRC);
        Files.setPosixFilePermissions(src, PosixFilePermissions.fromString("rwxr-xr-x"));
        frontend = FakeFrontend.start(SECRET);
        ExecutorEnv env = ExecutorEnv.forFrontend(frontend, "batches").with("PATH", srcDir + ":" + System.getenv("PATH"));
        executor = ExecutorUnderTest.start("batches", frontend, env, List.of(), JOB_TIMEOUT);
    }

    @AfterAll
    static void stop() {
        if (executor != null) {
            executor.stop(List.of());
        }
    }

    @AfterEach
    void nothingLeftBehind() {
        executor.assertNothingLeftBehind(); // the docker auth dirs live in the same TMPDIR
    }

    static JobRecord run(String json) {
        return executor.run(json);
    }

    // ---- skip protocol ---------------------------------------------------------------------------------------

    static Jobs batchStep(Jobs job, String key, String... commands) {
        List<String> all = new ArrayList<>(List.of("echo " + key + " >> ran.log"));
        all.addAll(List.of(commands));
        return job.step(key, DockerProbe.TEST_IMAGE, "", List.of(), all.toArray(String[]::new));
    }

    @Test
    void aPreStepsSkipFileSkipsToTheNamedStepWithoutStartingContainers() {
        Jobs job = Jobs.job();
        batchStep(job, "step.0.pre", "echo '{\"nextStep\":\"step.2.pre\"}' > skip.json");
        batchStep(job, "step.0.run");
        batchStep(job, "step.0.post");
        batchStep(job, "step.1.pre");
        batchStep(job, "step.1.run");
        batchStep(job, "step.1.post");
        batchStep(job, "step.2.pre", "test -e skip.json && echo skip-file-still-there || echo skip-file-gone");
        batchStep(job, "step.2.post", "echo '{\"operation\":\"CACHE_AFTER_STEP_RESULT\",\"status\":\"SUCCESS\"}'",
                "echo ' leading space kept' >&2", "cat ran.log");
        Instant since = Instant.now();
        JobRecord record = run(job.json());
        Instant until = Instant.now();

        assertEquals(State.COMPLETED, record.state(), record.toString());
        assertEquals(List.of("setup.fs.extras", "step.docker.step.0.pre", "step.docker.step.2.pre",
                "step.docker.step.2.post", "teardown.fs"), keys(record));
        assertTrue(out(record, "step.docker.step.2.pre").contains("stdout: skip-file-gone\n"),
                "skip.json is deleted once read: " + out(record, "step.docker.step.2.pre"));
        String post = out(record, "step.docker.step.2.post");
        assertEquals(List.of("{\"operation\":\"CACHE_AFTER_STEP_RESULT\",\"status\":\"SUCCESS\"}", "step.0.pre",
                "step.2.pre", "step.2.post"), lines(post, "stdout: "), "stdout lines reach the server verbatim: " + post);
        assertTrue(post.contains("stderr:  leading space kept\n"), post);
        assertEquals(List.of("step.docker.step.0.pre", "step.docker.step.2.pre", "step.docker.step.2.post"),
                DockerProbe.createdStepKeys(record.workerHostname(), record.id(), since, until),
                "skipped steps create no container");
    }

    @Test
    void aSkipFileLeftByAStepThatIsNotPreIsIgnored() {
        Jobs job = Jobs.job();
        batchStep(job, "step.0.run", "echo '{\"nextStep\":\"step.9.pre\"}' > skip.json");
        batchStep(job, "step.0.post", "rm skip.json");
        batchStep(job, "step.1.pre");
        JobRecord record = run(job.json());
        assertEquals(State.COMPLETED, record.state(), record.toString());
        assertEquals(List.of("setup.fs.extras", "step.docker.step.0.run", "step.docker.step.0.post",
                "step.docker.step.1.pre", "teardown.fs"), keys(record));
    }

    @Test
    void aSkipFileThatIsASymlinkFailsTheJobInsteadOfBeingFollowed() {
        Jobs job = Jobs.job();
        batchStep(job, "step.0.pre", "ln -s /etc/shadow skip.json");
        batchStep(job, "step.0.run");
        JobRecord record = run(job.json());
        assertEquals(State.FAILED, record.state(), record.toString());
        assertEquals("reading skip.json after step \"step.docker.step.0.pre\": it is not a regular file",
                record.failureMessage());
        assertFalse(keys(record).contains("step.docker.step.0.run"));
    }

    // ---- CLI steps -------------------------------------------------------------------------------------------

    @Test
    void cliStepsRunSrcOnTheHostAfterTheDockerSteps() {
        String secret = "ghp_clisecret0123456789";
        JobRecord job = run(Jobs.job()
                .step("prep", "echo '{\"steps\":[]}' > input.json")
                .cliStep("batch-exec", ".", List.of("MY_SECRET=" + secret),
                        "batch", "exec", "-f", "input.json", "-repo", "repository", "-token", secret)
                .redact(Map.of(secret, "${{ secrets.MY_SECRET }}"))
                .json());

        assertEquals(State.COMPLETED, job.state(), job.toString());
        assertEquals(List.of("setup.fs.extras", "step.docker.prep", "step.src.batch-exec", "teardown.fs"), keys(job));
        JsonNode cli = entry(job, "step.src.batch-exec");
        List<String> command = new ArrayList<>();
        cli.get("command").forEach(c -> command.add(c.asText()));
        assertEquals(List.of("src", "batch", "exec", "-f", "input.json", "-repo", "repository", "-token",
                "${{ secrets.MY_SECRET }}"), command);
        assertEquals(0, cli.get("exitCode").asInt());
        String out = cli.get("out").asText();
        assertTrue(out.contains("stdout: args: batch exec -f input.json -repo repository -token ${{ secrets.MY_SECRET }}\n"), out);
        assertTrue(out.matches("(?s).*stdout: pwd: \\S*/workspace-" + job.id() + "-[^/\\s]+\n.*"), out);
        assertTrue(out.contains("stdout: secret: ${{ secrets.MY_SECRET }}\n"), out);
        assertTrue(out.contains("stdout: docker-config: none\n"), out);
        assertTrue(out.contains("stdout: ls: input.json\n"), "the docker step ran first: " + out);
        assertTrue(out.contains("stderr: to stderr\n"), out);
        List<String> envNames = lines(out, "stdout: env: ").stream().map(l -> l.substring(0, l.indexOf('='))).toList();
        for (String name : envNames) {
            assertTrue(List.of("MY_SECRET", "HOME", "PATH", "USER", "DOCKER_HOST", "PWD", "SHLVL", "OLDPWD", "_").contains(name),
                    "src sees only the step env and the forwarded host variables, not " + name);
        }
        assertTrue(envNames.contains("PATH") && envNames.contains("MY_SECRET"), envNames.toString());
        assertFalse(job.logEntries().toString().contains(secret));
    }

    @Test
    void registryCredentialsReachSrcAsDockerConfig() {
        JobRecord job = run(Jobs.job()
                .set("dockerAuthConfig", Map.of("auths", Map.of("registry.acme.io", Map.of("auth", "dXNlcjpwYXNz"))))
                .cliStep("batch-exec", "", List.of(), "batch", "exec")
                .json());
        assertEquals(State.COMPLETED, job.state(), job.toString());
        String out = out(job, "step.src.batch-exec");
        String dir = lines(out, "stdout: docker-config: ").get(0);
        assertTrue(dir.contains("/docker_auth"), out);
        assertFalse(dir.contains("/workspace-"), "never inside the workspace that containers mount: " + dir);
        // the credential is redacted from the log exactly where src read it in the file
        assertEquals("{\"auths\":{\"registry.acme.io\":{\"auth\":\"SECRET_REMOVED\"}}}",
                lines(out, "stdout: config.json: ").get(0));
        assertFalse(job.logEntries().toString().contains("dXNlcjpwYXNz"));
        assertFalse(Files.exists(Path.of(dir)), "removed after the job");
    }

    @Test
    void aCliStepWithoutKeyIsLoggedByIndexAndRunsInItsDir() {
        JobRecord job = run(Jobs.job()
                .file("sub/marker.txt", "m")
                .cliStep("", "sub", List.of(), "version")
                .json());
        assertEquals(State.COMPLETED, job.state(), job.toString());
        assertEquals(List.of("setup.fs.extras", "step.src.0", "teardown.fs"), keys(job));
        assertTrue(out(job, "step.src.0").matches("(?s).*stdout: pwd: \\S*/workspace-" + job.id() + "-[^/\\s]+/sub\n.*"),
                out(job, "step.src.0"));
    }

    @Test
    void aFailingCliStepFailsTheJobWithSourcegraphsWording() {
        JobRecord job = run(Jobs.job()
                .file("fail-with", "3")
                .cliStep("batch-exec", "", List.of(), "batch", "exec")
                .cliStep("never", "", List.of(), "never")
                .json());
        assertEquals(State.FAILED, job.state(), job.toString());
        assertEquals("markErrored", job.finalCall());
        assertEquals("failed to perform src-cli step: command failed with exit code 3", job.failureMessage());
        assertEquals(3, exitCode(job, "step.src.batch-exec"));
        assertFalse(keys(job).contains("step.src.never"));
    }

    @Test
    void aFailingDockerStepOfACliJobStopsBeforeTheCliSteps() {
        JobRecord job = run(Jobs.job()
                .step("prep", "exit 2")
                .cliStep("batch-exec", "", List.of(), "batch", "exec")
                .json());
        assertEquals(State.FAILED, job.state(), job.toString());
        assertEquals("failed to perform docker step: command failed with exit code 2", job.failureMessage());
        assertFalse(keys(job).contains("step.src.batch-exec"));
    }

    @Test
    void aCliStepDirOutsideTheWorkspaceIsRefusedBeforeAnythingRuns() {
        JobRecord job = run(Jobs.job()
                .step("prep", "echo should-not-run")
                .cliStep("batch-exec", "../..", List.of(), "batch", "exec")
                .json());
        assertEquals(State.FAILED, job.state(), job.toString());
        assertEquals("step \"step.src.batch-exec\" dir \"../..\" escapes the workspace", job.failureMessage());
        assertEquals(List.of("teardown.fs"), keys(job));
    }

    @Test
    void aCliStepDirThatADockerStepTurnedIntoASymlinkOutIsRefused() {
        JobRecord job = run(Jobs.job()
                .step("plant", "ln -s / sub")
                .cliStep("batch-exec", "sub", List.of(), "batch", "exec")
                .json());
        assertEquals(State.FAILED, job.state(), job.toString());
        assertEquals("step \"step.src.batch-exec\" dir \"sub\" passes through a symlink that leaves the workspace",
                job.failureMessage());
        assertFalse(keys(job).contains("step.src.batch-exec"));
    }

    @Test
    void anExecutorWithoutSrcErrorsCliJobsClearlyAndKeepsServing() throws IOException {
        assertTrue(dev.executor.runtime.host.HostCommand.which("src", System.getenv("PATH")).isEmpty(),
                "this machine must not have src installed for this test");
        FakeFrontend fe = FakeFrontend.start(SECRET);
        ExecutorUnderTest bare = ExecutorUnderTest.start("no-src", fe, ExecutorEnv.forFrontend(fe, "batches"), List.of(),
                JOB_TIMEOUT);
        try {
            JobRecord job = bare.run(Jobs.job()
                    .step("prep", "echo should-not-run")
                    .cliStep("batch-exec", "", List.of(), "batch", "exec")
                    .json());
            assertEquals(State.FAILED, job.state(), job.toString());
            assertTrue(job.failureMessage().startsWith("job " + job.id() + " has cliSteps, but src-cli is not installed on"
                    + " this executor: no executable \"src\" on PATH \""), job.failureMessage());
            assertEquals(List.of("teardown.fs"), keys(job), "nothing ran");

            JobRecord next = bare.run(Jobs.job().step("fine", "echo still serving").json());
            assertEquals(State.COMPLETED, next.state(), next.toString());
            bare.assertNothingLeftBehind();
        } finally {
            bare.stop(List.of());
        }
    }
}
